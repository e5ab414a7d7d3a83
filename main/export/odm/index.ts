/**
 * `sitecrf export --format odm`: the study and its data as one CDISC ODM 1.3.2 file, through the
 * same de-identification profile as the workbook, recorded in the accounting of disclosures.
 * With `audit`, a second, Transactional file carries the audit trail's AuditRecords.
 */
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrfError } from '../../../shared/errors';
import type { SiteSession } from '../../services/session';
import { deidentifySubject } from '../deidentify';
import { exportLayout } from '../layout';
import { DEFAULT_PROFILE, isProfileId, PROFILES, type ProfileId } from '../profiles';
import { recordExport, sha256File } from '../record';
import { iterateSubjects, openSnapshot } from '../source';
import { APP_VERSION } from '../../version';
import { auditSubjectData } from './audit';
import { subjectData } from './clinical';
import { metaDataVersion } from './metadata';
import { el, esc, oid } from './xml';

export interface OdmOptions {
  period: string;
  profile?: ProfileId;
  outDir: string;
  /** Also write the Transactional file of the audit trail. */
  audit?: boolean;
  cutoff?: Date;
}
export interface OdmResult {
  file: string;
  sha256: string;
  subjects: number;
  forms: number;
  auditFile?: string;
  auditRecords?: number;
  /** Audit rows of fields the profile drops: not in the file. */
  auditSkipped?: number;
}

function writeAtomically(file: string, parts: string[]): void {
  if (existsSync(file))
    throw new CrfError({
      code: 'CONFLICT',
      message: `${file} already exists: move it away first (an export never overwrites a file)`,
    });
  const tmp = `${file}.partial`;
  try {
    writeFileSync(tmp, parts.join('\n'), { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export async function exportOdm(session: SiteSession, o: OdmOptions): Promise<OdmResult> {
  const profileId = o.profile ?? DEFAULT_PROFILE;
  if (!isProfileId(profileId))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'profile',
      rule: 'code',
      message: `Unknown export profile ${String(profileId)}`,
    });
  const profile = PROFILES[profileId];
  session.require(profile.permission);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(o.period))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'period',
      rule: 'pattern',
      message: 'The period is a month, YYYY-MM',
    });
  // Audit timestamps are calendar dates and times: only a profile that keeps dates may carry them.
  if (o.audit && profile.rules.date === 'dayOffset')
    throw new CrfError({
      code: 'VALIDATION',
      field: 'audit',
      rule: 'profile',
      message: `--audit writes the audit trail's dates and times, which the ${profile.id} profile does not let leave the site: use the limited or identified profile`,
    });
  const study = session.study;
  const def = study.def;
  const site = session.site.code;
  const base = `${def.id}_${site}_${o.period}_${profile.id}${profile.phiBanner ? '_PHI' : ''}`;
  mkdirSync(o.outDir, { recursive: true });
  const file = join(o.outDir, `${base}.odm.xml`);
  const auditFile = o.audit ? join(o.outDir, `${base}_audit.odm.xml`) : undefined;
  for (const f of [file, auditFile])
    if (f && existsSync(f))
      throw new CrfError({ code: 'CONFLICT', message: `${f} already exists: move it away first` });

  const cutoff = o.cutoff ?? session.now();
  const snap = openSnapshot(session, cutoff);
  try {
    const layout = exportLayout(study, profile);
    const created = session.now().toISOString();
    const header = (fileType: 'Snapshot' | 'Transactional', fileOid: string, what: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.2" FileType="${fileType}"` +
      ` FileOID="${esc(fileOid)}" CreationDateTime="${created}" AsOfDateTime="${esc(snap.cutoff)}"` +
      ` Granularity="${fileType === 'Snapshot' ? 'All' : 'AllClinicalData'}" SourceSystem="SiteCRF" SourceSystemVersion="${esc(APP_VERSION)}"` +
      ` Originator="${esc(site)}" Description="${esc(`${def.title}: ${what}, site ${site}, period ${o.period}, profile ${profile.id}`)}">`;
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
      metaDataVersion(study, layout),
    );
    const clinicalOpen = `<ClinicalData StudyOID="${esc(oid.study(def.id))}" MetaDataVersionOID="${esc(oid.mdv(def.id, def.version))}">`;
    const parts = [header('Snapshot', `${base}.${created}`, 'study and data'), studyXml, clinicalOpen];
    let subjects = 0;
    let forms = 0;
    for (const s of iterateSubjects(snap)) {
      const rows = deidentifySubject(study, profile, s.casebook, { layout });
      const xml = subjectData(study, layout, s.casebook, rows.sheets);
      forms += (xml.match(/<FormData /g) ?? []).length;
      parts.push(xml);
      subjects++;
    }
    parts.push('</ClinicalData>', '</ODM>\n');
    writeAtomically(file, parts);

    let audit: { records: number; skipped: number } | undefined;
    if (auditFile) {
      const a = auditSubjectData(study, layout, snap, site);
      writeAtomically(auditFile, [
        header('Transactional', `${base}.audit.${created}`, 'audit trail'),
        clinicalOpen,
        ...a.xml,
        '</ClinicalData>',
        '</ODM>\n',
      ]);
      audit = a;
    }
    const sha256 = await sha256File(file);
    // The ODM file is a disclosure like the workbook, but never the "previous submission".
    recordExport(session, {
      profile: { ...profile, submission: false },
      period: o.period,
      cutoff: snap.cutoff,
      subjects,
      rows: forms,
      fileName: auditFile ? `${base}.odm.xml + ${base}_audit.odm.xml` : `${base}.odm.xml`,
      sha256,
      sheetHashes: {},
      lastAuditId: snap.lastAuditId,
    });
    return { file, sha256, subjects, forms, auditFile, auditRecords: audit?.records, auditSkipped: audit?.skipped };
  } finally {
    snap.close();
  }
}
