/**
 * The monthly submission workbook (submission-workbook.md), from one database snapshot in two
 * passes. Pass 1 reads and de-identifies every subject once: it computes the Summary, and each
 * data sheet's canonical hash, row count and column widths (the Cover comes first and states
 * them) while writing the sheet's de-identified rows to a temporary spool file (spool.ts). Pass
 * 2 streams the sheets in order, the data sheets from their spools, and checks that what it
 * wrote hashes as the Cover says. The profiles that keep identifiers (limited, identified) never
 * put rows on disk: their pass 2 reads the snapshot again, once per data sheet. Written to a
 * temp file, renamed when complete; the spools are removed whatever happens.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { CrfError } from '../../shared/errors';
import { todayIso } from '../../shared/dates';
import type { Study } from '../../shared/protocol/load';
import { schemaVersion } from '../db/migrate';
import type { SiteSession } from '../services/session';
import { APP_LABEL } from './app-version';
import type { SheetDigest } from './canonical';
import { coverRows } from './cover';
import { deidentifySubject, type PhiCounts } from './deidentify';
import { exportLayout, type DataSheetSpec, type ExportLayout } from './layout';
import { DEFAULT_PROFILE, isDeidentifiedProfile, isProfileId, PROFILES, type ProfileId, ruleTexts } from './profiles';
import { privateWriteStream } from './private-file';
import { recordExport, sha256File } from './record';
import type { FreeTextReview } from './review';
import { changesSheet } from './sheet-changes';
import { dictionarySheet } from './sheet-dictionary';
import { queriesSheet } from './sheet-queries';
import type { SheetSource } from './sheet-source';
import { summarySheet } from './sheet-summary';
import { SheetSpool, spoolPath } from './spool';
import { digestOf, startDigest, writeSheet } from './sheet-writer';
import { iterateSubjects, openSnapshot, previousSubmission, queryCounts, type Snapshot } from './source';
import { summaryAccumulator, type Summary } from './summary';
import { yieldToEventLoop, YIELD_EVERY } from './yield';
import { isPeriod } from '../../shared/period';

export interface ExportOptions {
  period: string;
  profile?: ProfileId;
  outDir: string;
  cutoff?: Date;
  onProgress?: (done: number, total: number) => void;
  /** a reviewed decision file's decisions, applied to the free text (review.ts; safe-harbor-text only) */
  review?: FreeTextReview;
}

export interface ExportResult {
  file: string;
  sha256: string;
  /** Data rows of the subject sheets (form sheets and Derived), header rows not counted. */
  rows: number;
  subjects: number;
  sheetHashes: Record<string, string>;
  profile: ProfileId;
  period: string;
  cutoff: string;
  exportId: number;
}

export function submissionFileName(study: Study, site: string, period: string, profile: ProfileId): string {
  // identified: the file name says PHI, so nobody attaches it to a sponsor e-mail by mistake.
  return `${study.def.id}_${site}_${period}_${profile}${PROFILES[profile].phiBanner !== null ? '_PHI' : ''}.xlsx`;
}

/** A data sheet's rows: each subject of the snapshot through deidentifySubject, this sheet only. */
function dataSheetSource(study: Study, layout: ExportLayout, spec: DataSheetSpec, snap: Snapshot): SheetSource {
  return {
    name: spec.name,
    columns: spec.columns,
    *rows() {
      for (const s of iterateSubjects(snap))
        yield* (
          deidentifySubject(study, layout.profile, s.casebook, { layout, only: spec.name }).sheets.get(spec.name) ?? []
        );
    },
  };
}

function addCounts(into: PhiCounts, from: PhiCounts): void {
  for (const [k, n] of Object.entries(from)) into[k as keyof PhiCounts] = (into[k as keyof PhiCounts] ?? 0) + (n ?? 0);
}

export async function exportSubmission(session: SiteSession, opts: ExportOptions): Promise<ExportResult> {
  const profileId = opts.profile ?? DEFAULT_PROFILE;
  if (!isProfileId(profileId))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'profile',
      rule: 'code',
      message: `Unknown export profile ${String(profileId)}: one of ${Object.keys(PROFILES).join(', ')}`,
    });
  const profile = PROFILES[profileId];
  if (opts.review && profileId !== 'safe-harbor-text')
    throw new CrfError({
      code: 'VALIDATION',
      field: 'review',
      rule: 'profile',
      message: 'a review applies to the safe-harbor-text profile only',
    });
  // identified needs export.identified (never a monitor); the de-identified profiles export.deidentified.
  session.require(profile.permission);
  if (!isPeriod(opts.period))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'period',
      rule: 'pattern',
      message: 'The period is a month, YYYY-MM',
    });
  const study = session.study;
  const fileName = submissionFileName(study, session.site.code, opts.period, profileId);
  mkdirSync(opts.outDir, { recursive: true });
  const file = join(opts.outDir, fileName);
  if (existsSync(file))
    throw new CrfError({
      code: 'CONFLICT',
      message: `${file} already exists: move it away first (an export never overwrites a file that may have been sent)`,
    });

  const cutoff = opts.cutoff ?? session.now();
  const snap = openSnapshot(session, cutoff);
  const tag = randomBytes(4).toString('hex');
  const tmp = join(opts.outDir, `.${fileName}.${tag}.partial`);
  const spools: SheetSpool[] = [];
  try {
    const layout = exportLayout(study, profile);
    const prev = previousSubmission(snap.db);
    const banner = profile.phiBanner;
    const subjectsTotal = (
      snap.db.prepare('SELECT count(*) AS n FROM subjects WHERE created_at <= ?').get(snap.cutoff) as { n: number }
    ).n;
    // Progress in subject-sheets: pass 1 reads each subject once; pass 2 writes each data sheet.
    const totalWork = subjectsTotal * (1 + layout.sheets.length);
    let done = 0;
    const advanceTo = (n: number): void => {
      if (n <= done) return;
      done = Math.min(n, totalWork);
      opts.onProgress?.(done, totalWork);
    };
    const progress = (): void => advanceTo(done + 1);

    // A de-identified profile keeps pass 1's rows on disk (spool.ts), so every subject is read and
    // de-identified once; the others (limited, identified) never put their rows on disk and read
    // the snapshot again for each data sheet in pass 2.
    const spooled = isDeidentifiedProfile(profile);
    const spoolOf = new Map<string, SheetSpool>();
    if (spooled) {
      for (const sh of layout.sheets) {
        const sp = new SheetSpool(spoolPath(opts.outDir, fileName, tag, sh.name), sh.name, sh.columns, profile, banner);
        spools.push(sp);
        spoolOf.set(sh.name, sp);
      }
    }

    // Pass 1: every subject read and de-identified once; the Summary, hashes, counts and widths.
    const dataDigests = new Map(
      layout.sheets.map((sh) => [sh.name, spoolOf.get(sh.name)?.digest ?? startDigest(sh.columns, banner)]),
    );
    const redactedText: PhiCounts = {};
    let subjects = 0;
    const acc = summaryAccumulator(study, { period: opts.period, today: todayIso(cutoff), queries: queryCounts(snap) });
    for (const s of iterateSubjects(snap)) {
      const out = deidentifySubject(study, profile, s.casebook, { layout, review: opts.review });
      for (const [name, rows] of out.sheets) {
        const sp = spoolOf.get(name);
        if (sp) for (const r of rows) sp.add(r);
        else {
          const d = dataDigests.get(name)!;
          for (const r of rows) d.add(r);
        }
      }
      addCounts(redactedText, out.phiCounts);
      acc.add(s);
      subjects++;
      progress();
      // Let the app answer (progress polls, other screens) while a large site is read.
      if (subjects % YIELD_EVERY === 0) await yieldToEventLoop();
    }
    for (const sp of spools) sp.finish();
    const summary: Summary = acc.finish();
    const redactedQueries: PhiCounts = {};
    // Pass 2 reports each data sheet as `subjects` steps, spread over its rows.
    const sheetProgress = (name: string): (() => void) | undefined => {
      const d = dataDigests.get(name);
      if (!d || !opts.onProgress) return undefined;
      const rowsOfSheet = Math.max(1, d.rows - (banner ? 3 : 2));
      const start = done;
      let written = 0;
      return () => advanceTo(start + Math.floor((++written * subjectsTotal) / rowsOfSheet));
    };
    const sources: SheetSource[] = [
      summarySheet(() => summary),
      ...layout.sheets.map((sh) => spoolOf.get(sh.name) ?? dataSheetSource(study, layout, sh, snap)),
      changesSheet(study, snap, prev ? prev.lastAuditId : null),
      queriesSheet(study, profile, snap, redactedQueries, opts.review),
      dictionarySheet(study, layout),
    ];
    const digests = new Map<string, SheetDigest>();
    for (const src of sources) digests.set(src.name, dataDigests.get(src.name) ?? digestOf(src, banner));
    const sheetHashes = Object.fromEntries([...digests].map(([k, d]) => [k, d.hex()]));
    const rowCounts = Object.fromEntries([...digests].map(([k, d]) => [k, d.rows - (banner ? 3 : 2)]));
    const rows = layout.sheets.reduce((a, sh) => a + (rowCounts[sh.name] ?? 0), 0);

    // Pass 2: write, sheet by sheet, in the order of submission-workbook.md.
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: privateWriteStream(tmp),
      useStyles: true,
      useSharedStrings: false,
    });
    // Document properties carry the application, never a person's name.
    wb.creator = APP_LABEL;
    wb.lastModifiedBy = APP_LABEL;
    wb.created = cutoff;
    wb.modified = cutoff;
    const cover: SheetSource = {
      name: 'Cover',
      columns: [
        { code: 'item', label: 'Item' },
        { code: 'value', label: 'Value' },
      ],
      rows: () =>
        coverRows({
          study: { id: study.def.id, title: study.def.title, version: study.def.version },
          site: session.site,
          period: opts.period,
          cutoff: snap.cutoff,
          exportedAt: session.now().toISOString(),
          profile,
          ruleText: ruleTexts(study),
          appVersion: APP_LABEL,
          schemaVersion: schemaVersion(snap.db),
          subjects,
          rows: rowCounts,
          sha256: sheetHashes,
          previous: prev,
          redactedText,
          redactedQueries,
        }),
    };
    const coverDigest = digestOf(cover, banner);
    await writeSheet(wb, cover, {
      banner,
      dataRows: coverDigest.rows - (banner ? 3 : 2),
      widths: [16, 70],
      freezeFirstColumn: false,
    });
    for (const src of sources) {
      const planned = digests.get(src.name)!;
      const isData = dataDigests.has(src.name);
      const sheetStart = done;
      const written = await writeSheet(
        wb,
        src,
        { banner, dataRows: planned.rows - (banner ? 3 : 2), widths: planned.widths, freezeFirstColumn: isData },
        sheetProgress(src.name),
      );
      // The Cover already states this hash: a sheet that came out differently must not be sent.
      if (written.hex() !== planned.hex() || written.rows !== planned.rows)
        throw new Error(`export: sheet ${src.name} changed between the hash pass and the write pass`);
      spoolOf.get(src.name)?.remove();
      // A data sheet with no rows (no adverse events yet) still counts as done.
      if (isData) advanceTo(sheetStart + subjectsTotal);
    }
    await wb.commit();
    const sha256 = await sha256File(tmp);
    renameSync(tmp, file);
    let exportId: number;
    try {
      exportId = recordExport(session, {
        profile,
        period: opts.period,
        cutoff: snap.cutoff,
        subjects,
        rows,
        fileName,
        sha256,
        sheetHashes,
        lastAuditId: snap.lastAuditId,
        review: opts.review?.record(),
      });
    } catch (e) {
      // A file whose disclosure is not accounted for must not stay behind.
      unlinkSync(file);
      throw e;
    }
    return {
      file,
      sha256,
      rows,
      subjects,
      sheetHashes,
      profile: profileId,
      period: opts.period,
      cutoff: snap.cutoff,
      exportId,
    };
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  } finally {
    // The spools go whatever happened: nothing of pass 1 stays in the output folder.
    for (const sp of spools) sp.remove();
    snap.close();
  }
}
