/**
 * The steps every export shares, before its writer: check the request (profile, permission,
 * period, file names), take the database's export lock, finish what an earlier crash left in
 * the folder, open one snapshot, and hand the writer each subject de-identified under the
 * profile. The workbook and the ODM writer differ only in what they write; the disclosure is
 * recorded and the files published by publish.ts. See docs/architecture.md, "Export".
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CrfError } from '../../../shared/errors';
import { isPeriod } from '../../../shared/period';
import type { Study } from '../../../shared/protocol/load';
import type { SiteSession } from '../../services/session';
import { deidentifySubject, type ExportRows } from '../deidentify';
import { exportLayout, type ExportLayout } from '../layout';
import { DEFAULT_PROFILE, isProfileId, PROFILES, type Profile, type ProfileId } from '../profiles';
import type { FreeTextReview } from '../review';
import { iterateSubjects, openSnapshot, type Snapshot } from '../source';
import type { SummarySubject } from '../summary';
import { takeExportLock } from './lock';
import { reconcileExports, type Reconciled } from './publish';

export interface ExportRequest {
  period: string;
  profile?: ProfileId;
  outDir: string;
  cutoff?: Date;
  review?: FreeTextReview;
  /** the files this export publishes, from the study, site, period and profile */
  fileNames: (base: string) => string[];
  /** a writer's own rule on the request, checked after the profile and the permission */
  refine?: (profile: Profile) => void;
}

export interface ExportRun {
  session: SiteSession;
  study: Study;
  profile: Profile;
  layout: ExportLayout;
  period: string;
  outDir: string;
  snap: Snapshot;
  /** one random tag for this run's temporary files */
  tag: string;
  /** final paths, in the order of `fileNames` */
  files: string[];
  /** what reconciling the folder did before this run */
  reconciled: Reconciled;
  review?: FreeTextReview;
  /** a temporary file's path for one of `files` (removed at the end unless published) */
  partialOf(file: string): string;
  subjects(): Generator<SummarySubject>;
  deidentify(s: SummarySubject, only?: string): ExportRows;
}

/** `SACRO_MMC_2026-09_safe-harbor` (+ `_PHI` when the profile's file holds PHI). */
export function exportBaseName(study: Study, site: string, period: string, profile: Profile): string {
  // PHI in the name, so nobody attaches a limited or identified file to a sponsor e-mail by mistake.
  return `${study.def.id}_${site}_${period}_${profile.id}${profile.phiBanner !== null ? '_PHI' : ''}`;
}

function checkRequest(session: SiteSession, req: ExportRequest): Profile {
  const profileId = req.profile ?? DEFAULT_PROFILE;
  if (!isProfileId(profileId))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'profile',
      rule: 'code',
      message: `Unknown export profile ${String(profileId)}: one of ${Object.keys(PROFILES).join(', ')}`,
    });
  const profile = PROFILES[profileId];
  if (req.review && profileId !== 'safe-harbor-text')
    throw new CrfError({
      code: 'VALIDATION',
      field: 'review',
      rule: 'profile',
      message: 'a review applies to the safe-harbor-text profile only',
    });
  // identified needs export.identified (never a monitor); the de-identified profiles export.deidentified.
  session.require(profile.permission);
  if (!isPeriod(req.period))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'period',
      rule: 'pattern',
      message: 'The period is a month, YYYY-MM',
    });
  req.refine?.(profile);
  return profile;
}

/**
 * Runs `write` with everything an export shares, and always releases the lock, closes the
 * snapshot and removes the run's temporary files, whatever happens.
 */
export async function runExport<T>(
  session: SiteSession,
  req: ExportRequest,
  write: (run: ExportRun) => Promise<T>,
): Promise<T> {
  const profile = checkRequest(session, req);
  const study = session.study;
  const base = exportBaseName(study, session.site.code, req.period, profile);
  mkdirSync(req.outDir, { recursive: true });
  const files = req.fileNames(base).map((n) => join(req.outDir, n));
  const lock = takeExportLock(session.dbPath, req.period, session.now());
  const tag = randomBytes(4).toString('hex');
  const partials: string[] = [];
  let snap: Snapshot | undefined;
  try {
    const reconciled = await reconcileExports(session.db, req.outDir, `${study.def.id}_${session.site.code}_`);
    for (const f of files)
      if (existsSync(f))
        throw new CrfError({
          code: 'CONFLICT',
          message: `${f} already exists: move it away first (an export never overwrites a file that may have been sent)`,
        });
    snap = openSnapshot(session, req.cutoff ?? session.now());
    const opened = snap;
    // A screen review is checked against this snapshot, so what is written is what was reviewed.
    req.review?.verify(opened);
    const layout = exportLayout(study, profile);
    return await write({
      session,
      study,
      profile,
      layout,
      period: req.period,
      outDir: req.outDir,
      snap: opened,
      tag,
      files,
      reconciled,
      review: req.review,
      partialOf(file) {
        const p = join(req.outDir, `.${basename(file)}.${tag}.partial`);
        partials.push(p);
        return p;
      },
      subjects: () => iterateSubjects(opened),
      // The review collects or applies decisions once per subject: in the full pass, not in a per-sheet one.
      deidentify: (s, only) =>
        deidentifySubject(study, profile, s.casebook, { layout, only, review: only ? undefined : req.review }),
    });
  } finally {
    for (const p of partials) rmSync(p, { force: true });
    snap?.close();
    lock.release();
  }
}
