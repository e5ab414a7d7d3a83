/**
 * `sitecrf export --format odm`: the study and its data as one CDISC ODM 1.3.2 file, through the
 * same de-identification profile as the workbook, recorded in the accounting of disclosures.
 * With `audit`, a second, Transactional file carries the audit trail's AuditRecords.
 */
import { basename } from 'node:path';
import { CrfError } from '../../../shared/errors';
import type { SiteSession } from '../../services/session';
import { recordThenPublish, type PendingFile } from '../pipeline/publish';
import { runExport, type ExportRun } from '../pipeline/run';
import type { ProfileId } from '../profiles';
import type { FreeTextReview } from '../review';
import { APP_VERSION } from '../../version';
import { writeAuditRecords } from './audit';
import { writeClinicalData, type ClinicalCounts } from './clinical-stream';
import { OdmSink } from './sink';
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
  // Each file is written as it is made and hashed as it is written (sink.ts); publish.ts renames it.
  const pending: PendingFile[] = [];
  const sinks: OdmSink[] = [];
  let counts: ClinicalCounts;
  let audit: { records: number; skipped: number } | undefined;
  try {
    const main = new OdmSink(run.partialOf(file));
    sinks.push(main);
    main.part(header('Snapshot', `${base}.${created}`, 'study and data'));
    main.part(studyXml);
    counts = await writeClinicalData(main, run, versions, clinicalOpen, onProgress);
    main.part('</ODM>\n');
    pending.push({ partial: main.path, final: file, sha256: main.finish().sha256 });

    if (auditFile) {
      const sink = new OdmSink(run.partialOf(auditFile));
      sinks.push(sink);
      sink.part(header('Transactional', `${base}.audit.${created}`, 'audit trail'));
      sink.part(clinicalOpen(oid.mdv(def.id, def.version)));
      audit = await writeAuditRecords(study, layout, snap, site, (xml) => sink.part(xml));
      sink.part('</ClinicalData>');
      sink.part('</ODM>\n');
      pending.push({ partial: sink.path, final: auditFile, sha256: sink.finish().sha256 });
    }
  } finally {
    // A failed write leaves its fd open: close it, so runExport can remove the partial file.
    for (const k of sinks) k.close();
  }
  const { subjects, forms } = counts;
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
