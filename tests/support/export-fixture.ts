/**
 * The deidentification.md test fixture: subjects whose every identifying field holds a distinct,
 * searchable value (names, MRNs, phones, birth dates, ZIP5s with restricted prefixes, ages 89,
 * 90 and 104 at the procedure) and free text that embeds them in sentences. Entered through the
 * real services, so the export reads exactly what the application stores.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, formatUsDate } from '../../shared/dates';
import type { Role } from '../../shared/roles';
import { createSiteDatabase, unlockSiteDatabase } from '../../main/services/site-db';
import { saveForm } from '../../main/services/save-form';
import { openQuery } from '../../main/services/queries';
import { SiteSession } from '../../main/services/session';
import { registerSubject } from '../../main/services/subjects';

export interface FixturePerson {
  first: string;
  last: string;
  mrn: string;
  phone: string;
  birth: string;
  zip: string;
  proc: string;
  /** Age at the procedure, for the assertions. */
  age: number;
  indication: 'SIF' | 'LESION';
}

export const PEOPLE: FixturePerson[] = [
  {
    first: 'Zebulon',
    last: 'Quackenbush',
    mrn: 'QX-778812',
    phone: '203-555-0199',
    birth: '1936-03-14',
    zip: '03601',
    proc: '2025-04-10',
    age: 89,
    indication: 'SIF',
  },
  {
    first: 'Philippa',
    last: 'Thistlewaite',
    mrn: 'ZR-440291',
    phone: '(718) 555-0142',
    birth: '1934-11-02',
    zip: '05901',
    proc: '2025-05-20',
    age: 90,
    indication: 'SIF',
  },
  {
    first: 'Bartholomew',
    last: 'Vanderquist',
    mrn: 'KT-902215',
    phone: '914.555.0173',
    birth: '1920-07-30',
    zip: '10212',
    proc: '2025-06-02',
    age: 104,
    indication: 'LESION',
  },
  {
    first: 'Ophelia',
    last: 'Marchbanks',
    mrn: 'WB-310577',
    phone: '631-555-0128',
    birth: '1950-01-25',
    zip: '10467',
    proc: '2025-03-03',
    age: 75,
    indication: 'LESION',
  },
  {
    first: 'Thaddeus',
    last: 'Pennywhistle',
    mrn: 'JM-665103',
    phone: '414-555-0163',
    birth: '1948-09-09',
    zip: '53226',
    proc: '2025-02-11',
    age: 76,
    indication: 'SIF',
  },
];

export const FIXTURE_KDF = { name: 'scrypt', N: 1024, r: 8, p: 1 } as const;

export interface Fixture {
  dir: string;
  dbPath: string;
  admin: SiteSession;
  coordinator: SiteSession;
  monitor: SiteSession;
  clock: { now: Date };
  /** Every date entered for each subject (ISO), for the "no date leaves" assertions. */
  dates: string[][];
}

/** Another role on the same open database (no second key slot: keeps the tests fast). */
export function asRole(admin: SiteSession, role: Role, username: string, clock: () => Date): SiteSession {
  admin.db
    .prepare('INSERT OR IGNORE INTO users (username, full_name, role, created_at) VALUES (?, ?, ?, ?)')
    .run(username, `Test ${role}`, role, clock().toISOString());
  const id = (admin.db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number }).id;
  void clock;
  return admin.actingAs({ id, username, fullName: `Test ${role}`, role });
}

export function notesFor(p: FixturePerson): string {
  return `${p.first} ${p.last} (MRN ${p.mrn}) called from ${p.phone} on ${formatUsDate(addDays(p.proc, 2))}; born ${formatUsDate(p.birth)}, lives in ${p.zip}.`;
}

export function enterPerson(s: SiteSession, p: FixturePerson, i: number): string[] {
  const { subjectId } = registerSubject(s);
  const save = (event: string, form: string, values: Record<string, unknown>): void =>
    void saveForm(s, { subjectId, event, form, values, status: 'complete' });
  const referral = addDays(p.proc, -20);
  const baseline = addDays(p.proc, -3);
  const fu1m = addDays(p.proc, 30);
  const fu1y = addDays(p.proc, 370);
  save('screening', 'REG', {
    mrn: p.mrn,
    last_name: p.last,
    first_name: p.first,
    birth_date: p.birth,
    sex: i % 2 ? 'M' : 'F',
    zip: p.zip,
    phone: p.phone,
    referral_date: referral,
    consent: 'WAIVER',
  });
  save('screening', 'ELIG', {
    severe_pain: 'Y',
    failed_conservative: 'Y',
    conservative_weeks: 6 + i,
    imaging_evidence: 'Y',
    imaging_modality: ['MRI', 'CT'],
    indication: p.indication,
    ...(p.indication === 'SIF'
      ? { fracture_side: 'BILAT' }
      : { lesion_type: 'MET', primary_tumor: `Breast; ${p.first} ${p.last} seen at ${p.phone}` }),
  });
  save('procedure', 'PROC', {
    proc_date: p.proc,
    hospitalization: i % 2 ? 'INPATIENT' : 'OUTPATIENT',
    anesthesia: 'MODERATE',
    guidance: 'CT',
    approach: 'SHORT_AXIS',
    side_treated: 'BILAT',
    needles: 2,
    cement_ml: 7.5 + i / 10,
    extravasation: i === 0 ? 'Y' : 'N',
    ...(i === 0 ? { extravasation_site: ['FORAMINAL', 'VENOUS'], extravasation_symptomatic: 'Y' } : {}),
    proc_notes: notesFor(p),
  });
  save('screening', 'BASE', {
    baseline_date: baseline,
    vas_pre: 8 + (i % 3),
    analgesic: ['APAP', 'WEAK_OPIOID'],
    ambulation: 'AID',
    symptom_weeks: { missing: 'UNK' },
    osteoporosis: 'Y',
    prior_augmentation: 'N',
  });
  save('fu_1m', 'FU', {
    fu_date: fu1m,
    contact: 'PHONE',
    vital_status: 'ALIVE',
    vas_post: 2 + (i % 4),
    analgesic_change: 'DECREASED',
    analgesic: ['NONE'],
    ambulation: 'INDEP',
    new_fracture: 'N',
    repeat_procedure: 'N',
    fu_notes: `Spoke with ${p.first} ${p.last} at ${p.phone}; DOB ${formatUsDate(p.birth)}. MRN ${p.mrn}.`,
  });
  save('fu_1y', 'FU', {
    fu_date: fu1y,
    contact: 'CLINIC',
    vital_status: 'ALIVE',
    vas_post: 1 + (i % 3),
    analgesic: ['NONE'],
    ambulation: 'INDEP',
    new_fracture: 'N',
    repeat_procedure: 'N',
  });
  const dates = [p.birth, referral, baseline, p.proc, fu1m, fu1y];
  if (i === 0 || i === 2) {
    const onset = addDays(p.proc, 1);
    const resolved = addDays(p.proc, 9);
    saveForm(s, {
      subjectId,
      event: 'ae',
      form: 'AE',
      status: 'complete',
      values: {
        ae_onset: onset,
        ae_term: i === 0 ? 'RADICULAR_PAIN' : 'OTHER',
        ...(i === 2 ? { ae_other: `Fall at home of ${p.last}` } : {}),
        ae_grade: i === 0 ? 'C' : 'B',
        ae_related: 'RELATED',
        ae_treatment: i === 0 ? 'SURGICAL_DECOMPRESSION' : 'NONE',
        ae_outcome: 'RESOLVED',
        ae_resolved_date: resolved,
        ae_narrative: `${p.first} ${p.last} (${p.mrn}) reported leg pain; call back ${p.phone}.`,
      },
    });
    dates.push(onset, resolved);
  }
  return dates;
}

export function createFixture(opts: { people?: FixturePerson[]; now?: Date } = {}): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-export-'));
  const dbPath = join(dir, 'site.db');
  const clock = { now: opts.now ?? new Date('2026-10-20T12:00:00.000Z') };
  const tick = (): Date => clock.now;
  createSiteDatabase({
    path: dbPath,
    siteCode: 'MMC',
    admin: { username: 'admin', fullName: 'Site Administrator', password: 'correct horse battery' },
    kdf: FIXTURE_KDF,
    now: clock.now,
  });
  const admin = unlockSiteDatabase(dbPath, { username: 'admin', password: 'correct horse battery' }, { clock: tick });
  const coordinator = asRole(admin, 'coordinator', 'coord', tick);
  const monitor = asRole(admin, 'monitor', 'monitor', tick);
  const dates = (opts.people ?? PEOPLE).map((p, i) => enterPerson(coordinator, p, i));
  const first = PEOPLE[0]!;
  openQuery(monitor, {
    subjectId: 'MMC-0001',
    event: 'procedure',
    form: 'PROC',
    field: 'cement_ml',
    text: `Please confirm the volume for ${first.first} ${first.last}, MRN ${first.mrn}, seen ${formatUsDate(first.proc)}.`,
  });
  return { dir, dbPath, admin, coordinator, monitor, clock, dates };
}
