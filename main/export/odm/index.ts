/**
 * `sitecrf export --format odm`: the study and its data as one CDISC ODM 1.3.2 file, through the
 * same de-identification profile as the workbook, recorded in the accounting of disclosures.
 * With `audit`, a second, Transactional file carries the audit trail's AuditRecords.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CrfError } from '../../../shared/errors';
import type { SiteSession } from '../../services/session';
import { recordThenPublish } from '../pipeline/publish';
import { runExport, type ExportRun } from '../pipeline/run';
import type { ProfileId } from '../profiles';
import type { FreeTextReview } from '../review';
import { YIELD_EVERY, yieldToEventLoop } from '../yield';
import { APP_VERSION } from '../../version';
import { auditSubjectData } from './audit';
import { subjectData } from './clinical';
import { metaDataVersions, odmVersions } from './versions';
import { el, esc, oid } from './xml';

export interface OdmOptions {
  period: string;
  profile?: ProfileId;
  outDir: string;
  /** Also write the Transactional file of the audit trail. */
  audit?: boolean;
  cutoff?: Date;
  /** safe-harbor-text: the reviewed decisions on the free text, as for the workbook (review.ts) */
  review?: FreeTextReview;
  /** subjects written of the total, now and then (the export screen's progress bar) */
  onProgress?: (done: number, total: number) => void;
}
export interface OdmResult {
  file: string;
  sha256: string;
  subjects: number;
  forms: number;
  auditFile?: string;
  auditSha256?: string;
  auditRecords?: number;
  /** Audit rows of fields the profile drops: not in the file. */
  auditSkipped?: number;
}

/** The file complete under its temporary name, 0600 from its first byte (publish.ts renames it). */
function writeComplete(path: string, parts: string[]): void {
  writeFileSync(path, parts.join('\n'), { mode: 0o600, flag: 'wx' });
}

export async function exportOdm(session: SiteSession, o: OdmOptions): Promise<OdmResult> {
  return runExport(
    session,
    {
      ...o,
      fileNames: (base) => [`${base}.odm.xml`, ...(o.audit ? [`${base}_audit.odm.xml`] : [])],
      refine: (profile) => {
        // Audit timestamps are calendar dates and times: only a profile that keeps dates may carry them.
        if (o.audit && profile.rules.date === 'dayOffset')
          throw new CrfError({
            code: 'VALIDATION',
            field: 'audit',
            rule: 'profile',
            message: `--audit writes the audit trail's dates and times, which the ${profile.id} profile does not let leave the site: use the limited or identified profile`,
          });
      },
    },
    (run) => writeOdm(session, run, o.onProgress),
  );
}

async function writeOdm(
  session: SiteSession,
  run: ExportRun,
  onProgress?: (done: number, total: number) => void,
): Promise<OdmResult> {
  const { study, profile, layout, snap } = run;
  const def = study.def;
  const site = session.site.code;
  const [file, auditFile] = run.files as [string, string | undefined];
  const base = basename(file).replace(/\.odm\.xml$/, '');
  const created = session.now().toISOString();
  const versions = odmVersions(snap.db, study, layout, profile);
  const header = (fileType: 'Snapshot' | 'Transactional', fileOid: string, what: string): string =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="${fileType}"` +
    ` FileOID="${esc(fileOid)}" CreationDateTime="${created}" AsOfDateTime="${esc(snap.cutoff)}"` +
    ` Granularity="${fileType === 'Snapshot' ? 'All' : 'AllClinicalData'}" SourceSystem="SiteCRF" SourceSystemVersion="${esc(APP_VERSION)}"` +
    ` Originator="${esc(site)}" Description="${esc(`${def.title}: ${what}, site ${site}, period ${run.period}, profile ${profile.id}`)}">`;
  const studyXml = el(
    'Study',
    { OID: oid.study(def.id) },
    el(
      'GlobalVariables',
      {},
      `<StudyName>${esc(def.title)}</StudyName>`,
      `<StudyDescription>${esc(`${def.title}, protocol version ${def.version}`)}</StudyDescription>`,
      `<ProtocolName>${esc(def.id)}</ProtocolName>`,
    ),
    ...metaDataVersions(versions),
  );
  const clinicalOpen = (mdv: string) =>
    `<ClinicalData StudyOID="${esc(oid.study(def.id))}" MetaDataVersionOID="${esc(mdv)}">`;
  // ODM: one ClinicalData per MetaDataVersion, each holding the forms last saved under it.
  const clinical = new Map(versions.map((v) => [v.oid, [] as string[]]));
  const total = (
    snap.db.prepare('SELECT count(*) AS n FROM subjects WHERE created_at <= ?').get(snap.cutoff) as { n: number }
  ).n;
  let subjects = 0;
  let forms = 0;
  for (const s of run.subjects()) {
    const rows = run.deidentify(s);
    for (const [mdv, xml] of subjectData(study, layout, s, rows.sheets, versions)) {
      forms += (xml.match(/<FormData /g) ?? []).length;
      clinical.get(mdv)!.push(xml);
    }
    subjects++;
    // The screen's host answers other calls (and the progress bar) while a large file is written.
    if (subjects % YIELD_EVERY === 0) {
      onProgress?.(Math.min(subjects, total), total);
      await yieldToEventLoop();
    }
  }
  onProgress?.(subjects, Math.max(subjects, total));
  const parts = [header('Snapshot', `${base}.${created}`, 'study and data'), studyXml];
  for (const v of versions) {
    const data = clinical.get(v.oid)!;
    // The running version's ClinicalData is written even when empty; an older one only with data.
    if (data.length === 0 && v !== versions[versions.length - 1]) continue;
    parts.push(clinicalOpen(v.oid), ...data, '</ClinicalData>');
  }
  parts.push('</ODM>\n');
  const pending = [{ partial: run.partialOf(file), final: file }];
  writeComplete(pending[0]!.partial, parts);

  let audit: { records: number; skipped: number } | undefined;
  if (auditFile) {
    const a = auditSubjectData(study, layout, snap, site);
    const partial = run.partialOf(auditFile);
    writeComplete(partial, [
      header('Transactional', `${base}.audit.${created}`, 'audit trail'),
      clinicalOpen(oid.mdv(def.id, def.version)),
      ...a.xml,
      '</ClinicalData>',
      '</ODM>\n',
    ]);
    pending.push({ partial, final: auditFile });
    audit = a;
  }
  const names = run.files.map((f) => basename(f));
  const published = await recordThenPublish(session, run.tag, pending, ([sha256, auditSha]) => ({
    // The ODM file is a disclosure like the workbook, but never the "previous submission".
    profile: { ...profile, submission: false },
    period: run.period,
    cutoff: snap.cutoff,
    subjects,
    rows: forms,
    fileName: names.join(' + '),
    sha256: sha256!,
    // The audit file's hash goes with the record, so a crash before its publication is reconciled too.
    sheetHashes: auditSha ? { [names[1]!]: auditSha } : {},
    lastAuditId: snap.lastAuditId,
    review: run.review?.record(),
  }));
  return {
    file,
    sha256: published.sha256[0]!,
    subjects,
    forms,
    auditFile,
    auditSha256: published.sha256[1],
    auditRecords: audit?.records,
    auditSkipped: audit?.skipped,
  };
}
