/**
 * Every rule of protocol.md (SACRO), as tables: the definition itself, field rules, branching,
 * date checks, windows, missing-data codes, save/complete, cross-form rules, derived values.
 * One valid casebook is broken one thing at a time.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates';
import { SACRO } from '../studies/sacro';
import {
  SACRO_SUBJECT,
  SACRO_TODAY,
  SACRO_VALID,
  sacroCasebook,
  type SacroPart,
} from '../../tests/fixtures/protocols/sacro-casebook';
import type { Casebook, FormValues } from './casebook';
import { evaluateForm, type FormEvaluation, type Issue } from './engine';
import { loadProtocol } from './load';
import { evaluateSubject } from './subject';

const study = loadProtocol(SACRO);
const TODAY = SACRO_TODAY;
const PROC_DATE = SACRO_VALID.PROC.values.proc_date as string;

/** The part's valid values with `patch` laid over; an `undefined` in the patch removes the field. */
function run(part: SacroPart, patch: Record<string, unknown> = {}, cb: Casebook = sacroCasebook()): FormEvaluation {
  const { key, values } = SACRO_VALID[part];
  const raw: Record<string, unknown> = { ...values, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete raw[k];
  return evaluateForm(study, key, raw, cb, TODAY);
}

const PART_OF_FORM: Record<string, SacroPart> = {
  REG: 'REG',
  ELIG: 'ELIG',
  BASE: 'BASE',
  PROC: 'PROC',
  FU: 'FU_1M',
  AE: 'AE',
};

/** A message a coordinator can read on its own: a capitalised sentence with a full stop. */
function expectSentence(message: string, label?: string): void {
  expect(message).toMatch(/^[A-Z][^\n]{10,}\.$/);
  expect(message).not.toMatch(/undefined|\[object|NaN/);
  if (label) expect(message.startsWith(label)).toBe(true);
}

function fieldIssues(ev: FormEvaluation, field: string): Issue[] {
  return ev.issues.filter((i) => i.field === field);
}

/** Exactly one issue on the field, with this rule and severity and a readable message. */
function expectOnly(
  ev: FormEvaluation,
  field: string,
  rule: string,
  severity: 'error' | 'warning' = 'error',
  label?: string,
): Issue {
  const found = fieldIssues(ev, field);
  expect(found.map((i) => `${i.rule}/${i.severity}`)).toEqual([`${rule}/${severity}`]);
  const i = found[0]!;
  expectSentence(i.message, label ?? study.field(ev === undefined ? '' : formOfField(field), field).label);
  return i;
}

function formOfField(field: string): string {
  return study.def.forms.find((f) => f.fields.some((x) => x.id === field))!.id;
}

function expectRule(ev: FormEvaluation, field: string, rule: string, severity: 'error' | 'warning' = 'error'): Issue {
  const i = fieldIssues(ev, field).find((x) => x.rule === rule);
  expect(i, `${field} should have a ${rule} issue; has ${JSON.stringify(fieldIssues(ev, field))}`).toBeDefined();
  expect(i!.severity).toBe(severity);
  expectSentence(i!.message);
  return i!;
}

function expectNoRule(ev: FormEvaluation, field: string, rule: string): void {
  expect(fieldIssues(ev, field).filter((x) => x.rule === rule)).toEqual([]);
}

function expectClean(ev: FormEvaluation, field: string): void {
  expect(fieldIssues(ev, field)).toEqual([]);
}

describe('the valid casebook', () => {
  it.each(Object.keys(SACRO_VALID) as SacroPart[])('%s has no issue and can be completed', (part) => {
    const ev = run(part);
    expect(ev.issues).toEqual([]);
    expect(ev.canSave).toBe(true);
    expect(ev.canComplete).toBe(true);
  });

  it('passes every cross-form rule', () => {
    const s = evaluateSubject(study, sacroCasebook(), TODAY);
    expect(s.formIssues).toEqual([]);
    expect(s.rules.filter((r) => !r.ok)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The definition, field by field, as protocol.md writes it. req: r = required, i = required if.
// ---------------------------------------------------------------------------------------------
const PROTOCOL_TABLE = `
REG  | subject_id                | Subject ID                                              | computed | none      |   |      |
REG  | mrn                       | Medical record number                                   | text     | direct    | r |      |
REG  | last_name                 | Last name                                               | text     | direct    | r |      |
REG  | first_name                | First name                                              | text     | direct    | r |      |
REG  | birth_date                | Date of birth                                           | date     | birthdate | r |      |
REG  | sex                       | Sex                                                     | choice   | none      | r |      | F M U
REG  | zip                       | ZIP code                                                | text     | geo       |   |      |
REG  | phone                     | Phone                                                   | text     | direct    |   |      |
REG  | referral_date             | Date referred                                           | date     | date      |   |      |
REG  | consent                   | Consent status                                          | choice   | none      | r |      | WAIVER SIGNED
ELIG | severe_pain               | Severe sacral pain                                      | yesno    | none      | r |      |
ELIG | failed_conservative       | Pain not responding to conservative medical management  | yesno    | none      | r |      |
ELIG | conservative_weeks        | Weeks of conservative management                        | int      | none      |   | show |
ELIG | imaging_evidence          | Imaging evidence of fracture or lesion                  | yesno    | none      | r |      |
ELIG | imaging_modality          | Imaging                                                 | multi    | none      | r |      | MRI CT BONESCAN XR
ELIG | indication                | Indication                                              | choice   | none      | r |      | SIF LESION
ELIG | fracture_side             | Fracture                                                | choice   | none      | i | show | UNI_L UNI_R BILAT
ELIG | lesion_type               | Lesion type                                             | choice   | none      | i | show | MET MM LYMPH OTHER
ELIG | primary_tumor             | Primary tumour                                          | text     | freetext  |   | show |
ELIG | eligible                  | Eligible                                                | computed | none      |   |      |
BASE | baseline_date             | Assessment date                                         | date     | date      | r |      |
BASE | vas_pre                   | Pain, visual analogue scale (0 none – 10 worst)         | int      | none      | r |      |
BASE | analgesic                 | Analgesics in use                                       | multi    | none      | r |      | NONE APAP NSAID WEAK_OPIOID STRONG_OPIOID OTHER
BASE | ambulation                | Ambulation                                              | choice   | none      | r |      | INDEP AID WHEELCHAIR BEDBOUND
BASE | symptom_weeks             | Weeks since pain onset                                  | int      | none      |   |      |
BASE | osteoporosis              | Known osteoporosis                                      | yesno    | none      |   |      |
BASE | prior_augmentation        | Prior vertebral augmentation                            | yesno    | none      |   |      |
PROC | proc_date                 | Procedure date                                          | date     | date      | r |      |
PROC | hospitalization           | Hospitalization status                                  | choice   | none      | r |      | OUTPATIENT INPATIENT
PROC | anesthesia                | Anesthesia                                              | choice   | none      | r |      | LOCAL MODERATE GENERAL
PROC | guidance                  | Guidance                                                | choice   | none      | r |      | CT CT_FLUORO CT_PLUS_FLUORO
PROC | approach                  | Needle approach                                         | choice   | none      | r |      | SHORT_AXIS LONG_AXIS TRANSILIAC COMBINED
PROC | side_treated              | Side treated                                            | choice   | none      | r |      | LEFT RIGHT BILAT
PROC | needles                   | Number of needles                                       | int      | none      |   |      |
PROC | cement_ml                 | Total cement volume (mL)                                | decimal  | none      | r |      |
PROC | extravasation             | Cement extravasation                                    | yesno    | none      | r |      |
PROC | extravasation_site        | Extravasation site                                      | multi    | none      |   | show | FORAMINAL PRESACRAL VENOUS SI_JOINT CANAL DISC OTHER
PROC | extravasation_symptomatic | Extravasation symptomatic                               | yesno    | none      | i | show |
PROC | proc_notes                | Notes                                                   | text     | freetext  |   |      |
FU   | fu_date                   | Follow-up date                                          | date     | date      | r |      |
FU   | contact                   | Contact                                                 | choice   | none      | r |      | CLINIC PHONE CHART
FU   | vital_status              | Vital status                                            | choice   | none      | r |      | ALIVE DEAD LOST
FU   | vas_post                  | Pain, visual analogue scale (0–10)                      | int      | none      | i | show |
FU   | analgesic_change          | Analgesic use since procedure                           | choice   | none      |   | show | STOPPED DECREASED UNCHANGED INCREASED
FU   | analgesic                 | Analgesics in use                                       | multi    | none      |   | show | NONE APAP NSAID WEAK_OPIOID STRONG_OPIOID OTHER
FU   | ambulation                | Ambulation                                              | choice   | none      |   | show | INDEP AID WHEELCHAIR BEDBOUND
FU   | new_fracture              | New sacral or pelvic fracture                           | yesno    | none      |   | show |
FU   | repeat_procedure          | Repeat sacroplasty                                      | yesno    | none      |   | show |
FU   | death_date                | Date of death                                           | date     | date      | i | show |
FU   | death_related             | Death related to the procedure                          | yesno    | none      | i | show |
FU   | fu_notes                  | Notes                                                   | text     | freetext  |   |      |
AE   | ae_onset                  | Onset date                                              | date     | date      | r |      |
AE   | ae_term                   | Event                                                   | choice   | none      | r |      | RADICULAR_PAIN EXTRAVASATION_SYMPTOMATIC CEMENT_EMBOLISM INFECTION BLEEDING NEW_FRACTURE ALLERGIC INCREASED_PAIN OTHER
AE   | ae_other                  | Other event, specify                                    | text     | freetext  | i | show |
AE   | ae_grade                  | Severity (SIR classification)                           | choice   | none      | r |      | A B C D E F
AE   | ae_related                | Relation to procedure                                   | choice   | none      | r |      | RELATED POSSIBLE UNRELATED
AE   | ae_treatment              | Treatment                                               | choice   | none      | r |      | NONE MEDICAL SURGICAL_DECOMPRESSION OTHER_PROCEDURE
AE   | ae_outcome                | Outcome                                                 | choice   | none      | r |      | RESOLVED SEQUELAE ONGOING FATAL
AE   | ae_resolved_date          | Resolution date                                         | date     | date      |   | show |
AE   | ae_narrative              | Narrative                                               | text     | freetext  |   |      |
`;

interface Row {
  form: string;
  field: string;
  label: string;
  type: string;
  phi: string;
  req: string;
  show: boolean;
  codes: string[];
}
const ROWS: Row[] = PROTOCOL_TABLE.trim()
  .split('\n')
  .map((line) => {
    const [form, field, label, type, phi, req, show, codes] = line.split('|').map((c) => c.trim()) as string[];
    return {
      form: form!,
      field: field!,
      label: label!,
      type: type!,
      phi: phi!,
      req: req!,
      show: show === 'show',
      codes: codes ? codes.split(/\s+/) : [],
    };
  });

describe('the SACRO definition matches protocol.md', () => {
  it('has the forms and fields in protocol order', () => {
    expect(study.def.forms.map((f) => f.id)).toEqual(['REG', 'ELIG', 'BASE', 'PROC', 'FU', 'AE']);
    for (const f of study.def.forms)
      expect(
        f.fields.map((x) => x.id),
        f.id,
      ).toEqual(ROWS.filter((r) => r.form === f.id).map((r) => r.field));
    expect(study.form('AE').repeating).toBe(true);
  });

  it.each(ROWS)('$form $field: label, type, PHI class, required, branching, codes', (r) => {
    const f = study.field(r.form, r.field);
    expect(f.label).toBe(r.label);
    expect(f.type).toBe(r.type);
    expect(f.phi).toBe(r.phi);
    expect(f.required).toBe(r.req === 'r');
    expect(f.requiredIf !== undefined).toBe(r.req === 'i');
    expect(f.showIf !== undefined).toBe(r.show);
    expect((f.codes ?? []).map((c) => c.code)).toEqual(r.codes);
    for (const c of f.codes ?? []) expect(c.label.length).toBeGreaterThan(0);
  });

  it('has the events, forms per event and windows of protocol.md', () => {
    const ev = Object.fromEntries(study.def.events.map((e) => [e.id, e]));
    expect(Object.keys(ev)).toEqual(['screening', 'procedure', 'fu_1m', 'fu_1y', 'ae']);
    expect(ev.screening!.forms).toEqual(['REG', 'ELIG', 'BASE']);
    expect(ev.screening!.window).toMatchObject({ maxDays: 0 });
    expect(ev.procedure!.forms).toEqual(['PROC']);
    expect(ev.procedure!.window).toMatchObject({ minDays: 0, maxDays: 0 });
    expect(ev.fu_1m!.forms).toEqual(['FU']);
    expect(ev.fu_1m!.window).toMatchObject({ minDays: 14, maxDays: 60, severity: 'warning' });
    expect(ev.fu_1y!.forms).toEqual(['FU']);
    expect(ev.fu_1y!.window).toMatchObject({ minDays: 330, severity: 'warning' });
    expect(ev.fu_1y!.window!.maxDays).toBeUndefined();
    expect(ev.ae!.forms).toEqual(['AE']);
    expect(ev.ae!.repeating).toBe(true);
    expect(ev.ae!.window).toMatchObject({ minDays: 0 });
    expect(study.def.indexDate).toEqual({ form: 'PROC', event: 'procedure', field: 'proc_date' });
  });

  it('has the ranges, lengths, decimals and patterns of protocol.md', () => {
    const pick = (form: string, field: string) => {
      const f = study.field(form, field);
      return {
        min: f.min,
        max: f.max,
        decimals: f.decimals,
        minLength: f.minLength,
        maxLength: f.maxLength,
        pattern: f.pattern?.regex,
      };
    };
    const none = {
      min: undefined,
      max: undefined,
      decimals: undefined,
      minLength: undefined,
      maxLength: undefined,
      pattern: undefined,
    };
    expect(pick('REG', 'mrn')).toEqual({ ...none, minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9-]+$' });
    expect(pick('REG', 'last_name')).toEqual({ ...none, maxLength: 60 });
    expect(pick('REG', 'first_name')).toEqual({ ...none, maxLength: 60 });
    expect(pick('REG', 'zip')).toEqual({ ...none, pattern: '^[0-9]{5}$' });
    expect(pick('REG', 'phone')).toEqual(none);
    expect(pick('ELIG', 'conservative_weeks')).toEqual({ ...none, min: 0, max: 520 });
    expect(pick('ELIG', 'primary_tumor')).toEqual({ ...none, maxLength: 80 });
    expect(pick('BASE', 'vas_pre')).toEqual({ ...none, min: 0, max: 10 });
    expect(pick('BASE', 'symptom_weeks')).toEqual({ ...none, min: 0, max: 520 });
    expect(pick('PROC', 'needles')).toEqual({ ...none, min: 1, max: 8 });
    expect(pick('PROC', 'cement_ml')).toEqual({ ...none, min: 0.5, max: 30, decimals: 1 });
    expect(pick('PROC', 'proc_notes')).toEqual({ ...none, maxLength: 2000 });
    expect(pick('FU', 'vas_post')).toEqual({ ...none, min: 0, max: 10 });
    expect(pick('FU', 'fu_notes')).toEqual({ ...none, maxLength: 2000 });
    expect(pick('AE', 'ae_other')).toEqual(none);
    expect(pick('AE', 'ae_narrative')).toEqual({ ...none, maxLength: 4000 });
  });

  it('has the cross-form rules and derived values of protocol.md (plus responder_1y)', () => {
    expect(study.def.crossRules.map((r) => [r.id, r.severity])).toEqual([
      ['dates_after_birth', 'error'],
      ['dates_not_future', 'error'],
      ['fu_1y_after_fu_1m', 'error'],
      ['dead_stays_dead', 'error'],
      ['fatal_ae_needs_death', 'error'],
      ['symptomatic_extravasation_expects_ae', 'warning'],
    ]);
    expect(study.def.derived.map((d) => [d.id, d.type])).toEqual([
      ['age_at_proc', 'int'],
      ['vas_change_1m', 'int'],
      ['vas_change_1y', 'int'],
      ['responder_1m', 'yesno'],
      ['responder_1y', 'yesno'],
      ['days_to_fu_1m', 'int'],
      ['days_to_fu_1y', 'int'],
    ]);
    expect(study.def.derived.find((d) => d.id === 'age_at_proc')!.topCode).toBe(89);
  });

  it('has the six default sites', () => {
    expect(study.def.sites.map((s) => s.code)).toEqual(['SDI', 'WUH', 'MMC', 'MCW', 'INS', 'NCR']);
  });
});

// ---------------------------------------------------------------------------------------------
// Numeric ranges: min, max, just inside, just outside (typed as text, as a form sends them).
// ---------------------------------------------------------------------------------------------
const RANGES: {
  part: SacroPart;
  field: string;
  ok: string[];
  bad: string[];
  words: string;
  show?: Record<string, unknown>;
}[] = [
  {
    part: 'ELIG',
    field: 'conservative_weeks',
    ok: ['0', '1', '519', '520'],
    bad: ['-1', '521'],
    words: 'between 0 and 520 weeks',
  },
  { part: 'BASE', field: 'vas_pre', ok: ['0', '1', '9', '10'], bad: ['-1', '11'], words: 'between 0 and 10' },
  {
    part: 'BASE',
    field: 'symptom_weeks',
    ok: ['0', '1', '519', '520'],
    bad: ['-1', '521'],
    words: 'between 0 and 520 weeks',
  },
  { part: 'PROC', field: 'needles', ok: ['1', '2', '7', '8'], bad: ['0', '9'], words: 'between 1 and 8' },
  {
    part: 'PROC',
    field: 'cement_ml',
    ok: ['0.5', '0.6', '29.9', '30', '30.0'],
    bad: ['0.4', '30.1', '0'],
    words: 'between 0.5 and 30 mL',
  },
  { part: 'FU_1M', field: 'vas_post', ok: ['0', '1', '9', '10'], bad: ['-1', '11'], words: 'between 0 and 10' },
  { part: 'FU_1Y', field: 'vas_post', ok: ['0', '10'], bad: ['-1', '11'], words: 'between 0 and 10' },
];

describe('ranges', () => {
  for (const r of RANGES) {
    it.each(r.ok)(`${r.part}.${r.field} = %s is accepted and stored as a number`, (v) => {
      const ev = run(r.part, { [r.field]: v });
      expectClean(ev, r.field);
      expect(ev.values[r.field]).toBe(Number(v));
    });
    it.each(r.bad)(`${r.part}.${r.field} = %s is out of range`, (v) => {
      const ev = run(r.part, { [r.field]: v });
      const i = expectOnly(ev, r.field, 'range');
      expect(i.message).toContain(r.words);
      expect(ev.canSave).toBe(false);
      expect(ev.canComplete).toBe(false);
    });
  }
});

const LENGTHS: { part: SacroPart; field: string; max: number; show?: Record<string, unknown> }[] = [
  { part: 'REG', field: 'mrn', max: 20 },
  { part: 'REG', field: 'last_name', max: 60 },
  { part: 'REG', field: 'first_name', max: 60 },
  {
    part: 'ELIG',
    field: 'primary_tumor',
    max: 80,
    show: { indication: 'LESION', lesion_type: 'MET', fracture_side: undefined },
  },
  { part: 'PROC', field: 'proc_notes', max: 2000 },
  { part: 'FU_1M', field: 'fu_notes', max: 2000 },
  { part: 'AE', field: 'ae_narrative', max: 4000 },
];

describe('text lengths', () => {
  it.each(LENGTHS)('$part $field takes $max characters and refuses one more', ({ part, field, max, show }) => {
    expectClean(run(part, { ...show, [field]: 'A'.repeat(max) }), field);
    const i = expectOnly(run(part, { ...show, [field]: 'A'.repeat(max + 1) }), field, 'maxLength');
    expect(i.message).toContain(`at most ${max} characters`);
  });
});

// ---------------------------------------------------------------------------------------------
// Types, dates, decimals, patterns.
// ---------------------------------------------------------------------------------------------
describe('type rules', () => {
  it.each([
    ['BASE', 'vas_pre', 'abc', 'type', 'whole number'],
    ['BASE', 'vas_pre', '4.5', 'type', 'whole number'],
    ['BASE', 'vas_pre', 4.5, 'type', 'whole number'],
    ['PROC', 'needles', '2 needles', 'type', 'whole number'],
    ['PROC', 'cement_ml', 'abc', 'type', 'number'],
    ['PROC', 'cement_ml', '4,5', 'type', 'number'],
    ['REG', 'birth_date', '2026-02-30', 'date', 'not a real calendar date'],
    ['REG', 'birth_date', '13/01/2026', 'date', 'not a real calendar date'],
    ['REG', 'birth_date', '1950-13-01', 'date', 'not a real calendar date'],
    ['BASE', 'baseline_date', 'yesterday', 'date', 'not a real calendar date'],
    ['FU_1M', 'fu_date', 20260211, 'date', 'must be a date'],
    ['ELIG', 'imaging_modality', 'MRI', 'type', 'list of codes'],
    ['REG', 'sex', 1, 'type', 'one code'],
    ['REG', 'last_name', 42, 'type', 'text'],
  ] as [SacroPart, string, unknown, string, string][])(
    '%s.%s = %j breaks the %s rule',
    (part, field, value, rule, words) => {
      const ev = run(part, { [field]: value });
      const i = expectOnly(ev, field, rule);
      expect(i.message).toContain(words);
      expect(ev.canSave).toBe(false);
    },
  );

  it.each([
    ['BASE', 'baseline_date', '01/10/2026', '2026-01-10'],
    ['BASE', 'baseline_date', '1/9/2026', '2026-01-09'],
    ['BASE', 'baseline_date', '2026-01-10', '2026-01-10'],
    ['BASE', 'baseline_date', ' 2026-01-10 ', '2026-01-10'],
    ['REG', 'birth_date', '02/29/1952', '1952-02-29'],
    ['BASE', 'vas_pre', '7', 7],
    ['PROC', 'needles', '2.0', 2],
    ['PROC', 'cement_ml', '4.50', 4.5],
    ['REG', 'zip', ' 92101 ', '92101'],
    ['ELIG', 'imaging_modality', ['MRI', 'MRI', 'CT'], ['MRI', 'CT']],
  ] as [SacroPart, string, unknown, unknown][])('%s.%s = %j is stored as %j', (part, field, value, stored) => {
    const ev = run(part, { [field]: value });
    expectClean(ev, field);
    expect(ev.values[field]).toEqual(stored);
  });

  it('refuses 29 February in a year that has none', () => {
    expectOnly(run('REG', { birth_date: '02/29/1950' }), 'birth_date', 'date');
  });
});

describe('decimals', () => {
  it.each([['4.55'], [4.55], ['29.95']])('cement_ml = %j has too many decimals', (v) => {
    const i = expectOnly(run('PROC', { cement_ml: v }), 'cement_ml', 'decimals');
    expect(i.message).toContain('at most 1 decimal place');
  });
  it.each([['4.5'], [4.5], ['12'], [0.5]])('cement_ml = %j is fine', (v) => {
    expectClean(run('PROC', { cement_ml: v }), 'cement_ml');
  });
});

describe('patterns', () => {
  it.each(['A', 'MRN-0012345', '12345678901234567890', 'abc-DEF-123'])('mrn %j is accepted', (v) => {
    expectClean(run('REG', { mrn: v }), 'mrn');
  });
  it.each([
    ['AB 12', 'pattern'],
    ['AB_12', 'pattern'],
    ['12/34', 'pattern'],
    ['MRN#1', 'pattern'],
    ['123456789012345678901', 'maxLength'],
  ])('mrn %j breaks the %s rule', (v, rule) => {
    const i = expectOnly(run('REG', { mrn: v }), 'mrn', rule);
    if (rule === 'pattern') expect(i.message).toContain('letters, digits and - only');
  });
  it('a blank mrn is a required answer, not a pattern problem', () => {
    expectOnly(run('REG', { mrn: '   ' }), 'mrn', 'required');
  });
  it.each(['92101', '02134', '00000'])('zip %j is accepted', (v) => expectClean(run('REG', { zip: v }), 'zip'));
  it.each(['9210', '921011', '92101-1234', 'ABCDE', '9210a'])('zip %j is not 5 digits', (v) => {
    const i = expectOnly(run('REG', { zip: v }), 'zip', 'pattern');
    expect(i.message).toContain('5 digits');
  });
});

// ---------------------------------------------------------------------------------------------
// Code lists: every choice, multi and yes/no field, with what it needs to be shown.
// ---------------------------------------------------------------------------------------------
const SHOW: Record<string, Record<string, unknown>> = {
  lesion_type: { indication: 'LESION', fracture_side: undefined },
  extravasation_site: { extravasation: 'Y', extravasation_symptomatic: 'N' },
  extravasation_symptomatic: { extravasation: 'Y' },
  death_related: { vital_status: 'DEAD', death_date: '2026-02-01', vas_post: undefined },
};
const CODED = study.def.forms.flatMap((f) =>
  f.fields
    .filter((x) => x.type === 'choice' || x.type === 'multi' || x.type === 'yesno')
    .map((x) => ({
      form: f.id,
      field: x.id,
      type: x.type,
      codes: x.type === 'yesno' ? ['Y', 'N'] : x.codes!.map((c) => c.code),
    })),
);

describe('code lists', () => {
  it.each(CODED)('$form $field refuses a code not in its list', ({ form, field, type }) => {
    const bad = type === 'multi' ? ['NOPE'] : 'NOPE';
    const i = expectOnly(run(PART_OF_FORM[form]!, { ...SHOW[field], [field]: bad }), field, 'code');
    expect(i.message).toContain(type === 'yesno' ? 'Y (yes) or N (no)' : '(got "NOPE")');
  });
  it.each(CODED)('$form $field accepts each of its codes', ({ form, field, type, codes }) => {
    for (const c of codes) {
      // Choosing a code can hide fields the valid casebook filled: only this field matters.
      const ev = run(PART_OF_FORM[form]!, { ...SHOW[field], [field]: type === 'multi' ? [c] : c });
      expectClean(ev, field);
    }
  });
  it('yes/no takes Y and N only', () => {
    const i = expectOnly(run('BASE', { osteoporosis: 'yes' }), 'osteoporosis', 'code');
    expect(i.message).toContain('Y (yes) or N (no)');
  });
  it.each([['BASE'], ['FU_1M']] as [SacroPart][])('%s analgesic: NONE excludes the others', (part) => {
    const i = expectOnly(run(part, { analgesic: ['NONE', 'APAP'] }), 'analgesic', 'exclusive');
    expect(i.message).toContain('NONE');
    expectClean(run(part, { analgesic: ['NONE'] }), 'analgesic');
    expectClean(run(part, { analgesic: ['APAP', 'NSAID', 'OTHER'] }), 'analgesic');
  });
});

// ---------------------------------------------------------------------------------------------
// Required and required-if: blank blocks completion only; a missing-data code answers it.
// ---------------------------------------------------------------------------------------------
const REQUIRED = ROWS.filter((r) => r.req === 'r');

describe('required', () => {
  it.each(REQUIRED)('$form $field blank: can save a draft, cannot complete', ({ form, field }) => {
    const ev = run(PART_OF_FORM[form]!, { [field]: undefined });
    const i = expectOnly(ev, field, 'required');
    expect(i.message).toContain('is required');
    expect(ev.canSave).toBe(true);
    expect(ev.canComplete).toBe(false);
  });
  it.each(REQUIRED)('$form $field as empty text or empty list is blank too', ({ form, field }) => {
    const f = study.field(form, field);
    expectOnly(run(PART_OF_FORM[form]!, { [field]: f.type === 'multi' ? [] : '' }), field, 'required');
  });
  it.each(REQUIRED.flatMap((r) => ['NA', 'UNK', 'ND'].map((code) => ({ ...r, code }))))(
    '$form $field = {missing: $code} satisfies it',
    ({ form, field, code }) => {
      const ev = run(PART_OF_FORM[form]!, { [field]: { missing: code } });
      expectClean(ev, field);
      expect(ev.values[field]).toEqual({ missing: code });
    },
  );
});

const REQUIRED_IF: {
  part: SacroPart;
  field: string;
  when: Record<string, unknown>;
  otherwise: Record<string, unknown>;
  words: string;
}[] = [
  {
    part: 'ELIG',
    field: 'fracture_side',
    when: { indication: 'SIF' },
    otherwise: { indication: 'LESION', lesion_type: 'MM' },
    words: 'when indication is SIF',
  },
  {
    part: 'ELIG',
    field: 'lesion_type',
    when: { indication: 'LESION' },
    otherwise: { indication: 'SIF' },
    words: 'when indication is LESION',
  },
  {
    part: 'PROC',
    field: 'extravasation_symptomatic',
    when: { extravasation: 'Y' },
    otherwise: { extravasation: 'N' },
    words: 'when cement extravasation is Yes',
  },
  {
    part: 'FU_1M',
    field: 'vas_post',
    when: { vital_status: 'ALIVE' },
    otherwise: { vital_status: 'LOST' },
    words: 'when vital status is ALIVE',
  },
  {
    part: 'FU_1M',
    field: 'death_date',
    when: { vital_status: 'DEAD', death_related: 'N' },
    otherwise: { vital_status: 'ALIVE' },
    words: 'when vital status is DEAD',
  },
  {
    part: 'FU_1M',
    field: 'death_related',
    when: { vital_status: 'DEAD', death_date: '2026-02-01' },
    otherwise: { vital_status: 'LOST' },
    words: 'when vital status is DEAD',
  },
  {
    part: 'AE',
    field: 'ae_other',
    when: { ae_term: 'OTHER' },
    otherwise: { ae_term: 'INFECTION' },
    words: 'when event is OTHER',
  },
];

describe('required if', () => {
  it.each(REQUIRED_IF)('$part $field is required $words', ({ part, field, when, words }) => {
    const ev = run(part, { ...when, [field]: undefined });
    const i = expectOnly(ev, field, 'requiredIf');
    expect(i.message.toLowerCase()).toContain(words.toLowerCase());
    expect(ev.canSave).toBe(true);
    expect(ev.canComplete).toBe(false);
    expectClean(run(part, { ...when, [field]: { missing: 'UNK' } }), field);
  });
  it.each(REQUIRED_IF)('$part $field is not asked otherwise', ({ part, field, otherwise }) => {
    const ev = run(part, { ...otherwise, [field]: undefined });
    expectClean(ev, field);
    expect(ev.visible[field]).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Branching: shown and hidden; a hidden field is cleared and never validated.
// ---------------------------------------------------------------------------------------------
const SHOW_IF: {
  part: SacroPart;
  field: string;
  shown: Record<string, unknown>[];
  hidden: Record<string, unknown>[];
  value: unknown;
  bad: unknown;
}[] = [
  {
    part: 'ELIG',
    field: 'conservative_weeks',
    shown: [{ failed_conservative: 'Y' }],
    hidden: [{ failed_conservative: 'N' }, { failed_conservative: { missing: 'UNK' } }],
    value: 6,
    bad: 'abc',
  },
  {
    part: 'ELIG',
    field: 'fracture_side',
    shown: [{ indication: 'SIF' }],
    hidden: [{ indication: 'LESION', lesion_type: 'MM' }],
    value: 'UNI_L',
    bad: 'NOPE',
  },
  {
    part: 'ELIG',
    field: 'lesion_type',
    shown: [{ indication: 'LESION', fracture_side: undefined }],
    hidden: [{ indication: 'SIF' }],
    value: 'MM',
    bad: 'NOPE',
  },
  {
    part: 'ELIG',
    field: 'primary_tumor',
    shown: [{ indication: 'LESION', lesion_type: 'MET' }],
    hidden: [
      { indication: 'LESION', lesion_type: 'MM' },
      { indication: 'LESION', lesion_type: 'OTHER' },
    ],
    value: 'Breast',
    bad: 'A'.repeat(81),
  },
  {
    part: 'PROC',
    field: 'extravasation_site',
    shown: [{ extravasation: 'Y', extravasation_symptomatic: 'N' }],
    hidden: [{ extravasation: 'N' }],
    value: ['VENOUS', 'FORAMINAL'],
    bad: ['NOPE'],
  },
  {
    part: 'PROC',
    field: 'extravasation_symptomatic',
    shown: [{ extravasation: 'Y' }],
    hidden: [{ extravasation: 'N' }],
    value: 'Y',
    bad: 'maybe',
  },
  ...(['vas_post', 'analgesic_change', 'analgesic', 'ambulation', 'new_fracture', 'repeat_procedure'] as const).map(
    (field) => ({
      part: 'FU_1M' as SacroPart,
      field,
      shown: [{ vital_status: 'ALIVE' }],
      hidden: [{ vital_status: 'LOST' }, { vital_status: 'DEAD', death_date: '2026-02-01', death_related: 'N' }],
      value: SACRO_VALID.FU_1M.values[field],
      bad: field === 'analgesic' ? ['NONE', 'APAP'] : field === 'vas_post' ? 99 : 'NOPE',
    }),
  ),
  {
    part: 'FU_1M',
    field: 'death_date',
    shown: [{ vital_status: 'DEAD', death_related: 'N' }],
    hidden: [{ vital_status: 'ALIVE' }, { vital_status: 'LOST' }],
    value: '2026-02-01',
    bad: '2026-02-30',
  },
  {
    part: 'FU_1M',
    field: 'death_related',
    shown: [{ vital_status: 'DEAD', death_date: '2026-02-01' }],
    hidden: [{ vital_status: 'ALIVE' }],
    value: 'Y',
    bad: 'NOPE',
  },
  {
    part: 'AE',
    field: 'ae_other',
    shown: [{ ae_term: 'OTHER' }],
    hidden: [{ ae_term: 'INFECTION' }],
    value: 'Hiccups',
    bad: 42,
  },
  {
    part: 'AE',
    field: 'ae_resolved_date',
    shown: [{ ae_outcome: 'RESOLVED' }, { ae_outcome: 'SEQUELAE' }],
    hidden: [{ ae_outcome: 'ONGOING' }, { ae_outcome: 'FATAL' }],
    value: '2026-01-20',
    bad: '2026-01-01',
  },
];

describe('show if', () => {
  for (const s of SHOW_IF) {
    it.each(s.shown)(`${s.part}.${s.field} is shown and kept when %j`, (cond) => {
      const ev = run(s.part, { ...cond, [s.field]: s.value });
      expect(ev.visible[s.field]).toBe(true);
      expect(ev.values[s.field]).toEqual(s.value);
      expectClean(ev, s.field);
    });
    it.each(s.shown)(`${s.part}.${s.field} is validated when shown (%j)`, (cond) => {
      const ev = run(s.part, { ...cond, [s.field]: s.bad });
      expect(fieldIssues(ev, s.field).filter((i) => i.severity === 'error')).toHaveLength(1);
    });
    it.each(s.hidden)(`${s.part}.${s.field} is hidden, cleared and never validated when %j`, (cond) => {
      for (const value of [s.value, s.bad, { missing: 'UNK' }]) {
        const ev = run(s.part, { ...cond, [s.field]: value });
        expect(ev.visible[s.field]).toBe(false);
        expect(ev.values[s.field]).toBeNull();
        expectClean(ev, s.field);
      }
    });
  }

  it('hiding chains: indication SIF hides lesion_type, which hides primary_tumor', () => {
    const ev = run('ELIG', {
      indication: 'SIF',
      fracture_side: 'BILAT',
      lesion_type: 'MET',
      primary_tumor: 'A'.repeat(200),
    });
    expect(ev.visible).toMatchObject({ fracture_side: true, lesion_type: false, primary_tumor: false });
    expect(ev.values).toMatchObject({ lesion_type: null, primary_tumor: null, fracture_side: 'BILAT' });
    expect(ev.issues).toEqual([]);
  });

  it('hiding chains from a blank indication: nothing below it is shown', () => {
    const ev = run('ELIG', {
      indication: undefined,
      fracture_side: 'BILAT',
      lesion_type: 'MET',
      primary_tumor: 'Lung',
    });
    expect(ev.visible).toMatchObject({ fracture_side: false, lesion_type: false, primary_tumor: false });
    expect(ev.issues.map((i) => `${i.field}:${i.rule}`)).toEqual(['indication:required']);
  });

  it('a dead subject: everything about the living is cleared', () => {
    const ev = run('FU_1M', { vital_status: 'DEAD', death_date: '2026-02-01', death_related: 'N' });
    expect(ev.issues).toEqual([]);
    for (const f of ['vas_post', 'analgesic_change', 'analgesic', 'ambulation', 'new_fracture', 'repeat_procedure'])
      expect(ev.values[f]).toBeNull();
    expect(ev.values.death_date).toBe('2026-02-01');
  });
});

// ---------------------------------------------------------------------------------------------
// Date checks, ages and windows.
// ---------------------------------------------------------------------------------------------
const noProc = () => sacroCasebook({ PROC: null });

const DATE_CHECKS: {
  name: string;
  part: SacroPart;
  patch: Record<string, unknown>;
  cb?: () => Casebook;
  field: string;
  rule: string;
  fails: boolean;
  message?: string;
}[] = [
  {
    name: 'birth date tomorrow',
    part: 'REG',
    patch: { birth_date: addDays(TODAY, 1) },
    cb: noProc,
    field: 'birth_date',
    rule: 'notFuture',
    fails: true,
  },
  {
    name: 'birth date today',
    part: 'REG',
    patch: { birth_date: TODAY },
    cb: noProc,
    field: 'birth_date',
    rule: 'notFuture',
    fails: false,
  },
  {
    name: 'procedure tomorrow',
    part: 'PROC',
    patch: { proc_date: addDays(TODAY, 1) },
    field: 'proc_date',
    rule: 'notFuture',
    fails: true,
  },
  {
    name: 'procedure today',
    part: 'PROC',
    patch: { proc_date: TODAY },
    field: 'proc_date',
    rule: 'notFuture',
    fails: false,
  },
  {
    name: 'referral after procedure',
    part: 'REG',
    patch: { referral_date: addDays(PROC_DATE, 1) },
    field: 'referral_date',
    rule: 'compare',
    fails: true,
    message: 'The referral date must be on or before the procedure date.',
  },
  {
    name: 'referral on procedure day',
    part: 'REG',
    patch: { referral_date: PROC_DATE },
    field: 'referral_date',
    rule: 'compare',
    fails: false,
  },
  {
    name: 'referral with no procedure yet',
    part: 'REG',
    patch: { referral_date: '2026-12-31' },
    cb: noProc,
    field: 'referral_date',
    rule: 'compare',
    fails: false,
  },
  {
    name: 'procedure before referral',
    part: 'PROC',
    patch: { proc_date: '2026-01-04' },
    field: 'proc_date',
    rule: 'compare',
    fails: true,
    message: 'The procedure date must be on or after the referral date.',
  },
  {
    name: 'procedure on referral day',
    part: 'PROC',
    patch: { proc_date: '2026-01-05' },
    field: 'proc_date',
    rule: 'compare',
    fails: false,
  },
  {
    name: 'baseline after procedure',
    part: 'BASE',
    patch: { baseline_date: addDays(PROC_DATE, 1) },
    field: 'baseline_date',
    rule: 'compare',
    fails: true,
    message: 'The baseline assessment must be on or before the procedure date.',
  },
  {
    name: 'baseline on procedure day',
    part: 'BASE',
    patch: { baseline_date: PROC_DATE },
    field: 'baseline_date',
    rule: 'compare',
    fails: false,
  },
  {
    name: 'follow-up on procedure day',
    part: 'FU_1M',
    patch: { fu_date: PROC_DATE },
    field: 'fu_date',
    rule: 'compare',
    fails: true,
    message: 'The follow-up date must be after the procedure date.',
  },
  {
    name: 'follow-up the day after',
    part: 'FU_1M',
    patch: { fu_date: addDays(PROC_DATE, 1) },
    field: 'fu_date',
    rule: 'compare',
    fails: false,
  },
  {
    name: 'death before procedure',
    part: 'FU_1Y',
    patch: { vital_status: 'DEAD', death_date: addDays(PROC_DATE, -1), death_related: 'N' },
    field: 'death_date',
    rule: 'compare',
    fails: true,
    message: 'The date of death must be on or after the procedure date.',
  },
  {
    name: 'death on procedure day',
    part: 'FU_1Y',
    patch: { vital_status: 'DEAD', death_date: PROC_DATE, death_related: 'Y' },
    field: 'death_date',
    rule: 'compare',
    fails: false,
  },
  {
    name: 'AE before procedure',
    part: 'AE',
    patch: { ae_onset: addDays(PROC_DATE, -1) },
    field: 'ae_onset',
    rule: 'compare',
    fails: true,
    message: 'The onset date must be on or after the procedure date.',
  },
  {
    name: 'AE on procedure day',
    part: 'AE',
    patch: { ae_onset: PROC_DATE },
    field: 'ae_onset',
    rule: 'compare',
    fails: false,
  },
  {
    name: 'resolved before onset',
    part: 'AE',
    patch: { ae_resolved_date: '2026-01-12' },
    field: 'ae_resolved_date',
    rule: 'compare',
    fails: true,
    message: 'The resolution date must be on or after the onset date.',
  },
  {
    name: 'resolved on onset day',
    part: 'AE',
    patch: { ae_resolved_date: '2026-01-13' },
    field: 'ae_resolved_date',
    rule: 'compare',
    fails: false,
  },
  {
    name: 'resolved with sequelae before onset',
    part: 'AE',
    patch: { ae_outcome: 'SEQUELAE', ae_resolved_date: '2026-01-12' },
    field: 'ae_resolved_date',
    rule: 'compare',
    fails: true,
  },
  {
    name: 'procedure date unknown: no compare',
    part: 'AE',
    patch: { ae_onset: '2020-01-01' },
    cb: () => sacroCasebook({ PROC: { ...SACRO_VALID.PROC.values, proc_date: { missing: 'UNK' } } }),
    field: 'ae_onset',
    rule: 'compare',
    fails: false,
  },
  // Age at procedure 18–110 (procedure 2026-01-12).
  {
    name: 'age 17 (18th birthday the day after)',
    part: 'REG',
    patch: { birth_date: '2008-01-13' },
    field: 'birth_date',
    rule: 'age',
    fails: true,
    message: 'Date of birth gives an age of 17',
  },
  {
    name: 'age 18 on the birthday',
    part: 'REG',
    patch: { birth_date: '2008-01-12' },
    field: 'birth_date',
    rule: 'age',
    fails: false,
  },
  { name: 'age 110', part: 'REG', patch: { birth_date: '1915-01-13' }, field: 'birth_date', rule: 'age', fails: false },
  {
    name: 'age 111',
    part: 'REG',
    patch: { birth_date: '1915-01-12' },
    field: 'birth_date',
    rule: 'age',
    fails: true,
    message: 'Date of birth gives an age of 111',
  },
  {
    name: 'age with no procedure yet',
    part: 'REG',
    patch: { birth_date: '2020-01-01' },
    cb: noProc,
    field: 'birth_date',
    rule: 'age',
    fails: false,
  },
];

describe('date checks', () => {
  it.each(DATE_CHECKS)('$name: $rule on $field fails=$fails', ({ part, patch, cb, field, rule, fails, message }) => {
    const ev = run(part, patch, cb ? cb() : sacroCasebook());
    if (!fails) return expectNoRule(ev, field, rule);
    const i = expectRule(ev, field, rule, 'error');
    if (message) expect(i.message.startsWith(message)).toBe(true);
    expect(ev.canSave).toBe(false);
    expect(ev.canComplete).toBe(false);
  });

  it('the age message says what the protocol allows', () => {
    const i = expectOnly(run('REG', { birth_date: '2010-06-01' }), 'birth_date', 'age');
    expect(i.message).toContain('the protocol allows 18–110');
    expect(i.message).toContain('procedure date');
  });

  it('a missing-data code on a date is never checked', () => {
    expectClean(run('PROC', { proc_date: { missing: 'UNK' } }), 'proc_date');
    expectClean(run('REG', { birth_date: { missing: 'UNK' } }), 'birth_date');
  });
});

const WINDOWS: { part: SacroPart; days: number; inside: boolean }[] = [
  { part: 'FU_1M', days: 1, inside: false },
  { part: 'FU_1M', days: 13, inside: false },
  { part: 'FU_1M', days: 14, inside: true },
  { part: 'FU_1M', days: 30, inside: true },
  { part: 'FU_1M', days: 60, inside: true },
  { part: 'FU_1M', days: 61, inside: false },
  { part: 'FU_1Y', days: 200, inside: false },
  { part: 'FU_1Y', days: 329, inside: false },
  { part: 'FU_1Y', days: 330, inside: true },
  { part: 'FU_1Y', days: 365, inside: true },
  { part: 'FU_1Y', days: 500, inside: true },
];

describe('event windows', () => {
  it.each(WINDOWS)('$part at day $days: inside=$inside', ({ part, days, inside }) => {
    // The 1-year visit is evaluated without the 1-month one so only the window speaks.
    const ev = run(
      part,
      { fu_date: addDays(PROC_DATE, days) },
      sacroCasebook({ FU_1M: part === 'FU_1Y' ? null : undefined }),
    );
    if (inside) return expectClean(ev, 'fu_date');
    const i = expectOnly(ev, 'fu_date', 'window', 'warning');
    expect(i.message).toContain(`${days} day${days === 1 ? '' : 's'} after the procedure date`);
    expect(i.message).toContain(
      part === 'FU_1M' ? 'Follow-up 1 month window (14–60 days)' : 'Follow-up 1 year window (≥ 330 days)',
    );
    // Outside the window is a warning: the visit happened when it happened.
    expect(ev.canSave).toBe(true);
    expect(ev.canComplete).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Computed fields and missing-data codes.
// ---------------------------------------------------------------------------------------------
describe('computed fields', () => {
  it('subject_id is the casebook subject, whatever was sent', () => {
    const ev = run('REG', { subject_id: 'XXX-9999' });
    expect(ev.values.subject_id).toBe(SACRO_SUBJECT);
    expect(ev.computed.subject_id).toBe(SACRO_SUBJECT);
    expect(ev.issues).toEqual([]);
  });

  it.each([
    ['Y', 'Y', 'Y', 'Y'],
    ['N', 'Y', 'Y', 'N'],
    ['Y', 'N', 'Y', 'N'],
    ['Y', 'Y', 'N', 'N'],
    ['N', undefined, undefined, 'N'],
    [undefined, 'Y', 'Y', null],
    ['Y', { missing: 'UNK' }, 'Y', null],
    [undefined, undefined, undefined, null],
  ])('eligible with severe_pain=%j failed_conservative=%j imaging_evidence=%j is %j', (a, b, c, want) => {
    const ev = run('ELIG', { severe_pain: a, failed_conservative: b, imaging_evidence: c });
    expect(ev.values.eligible).toBe(want);
    expect(ev.computed.eligible).toBe(want);
  });

  it.each([
    ['REG', 'subject_id'],
    ['ELIG', 'eligible'],
  ] as [SacroPart, string][])('%s.%s refuses a missing-data code', (part, field) => {
    const ev = run(part, { [field]: { missing: 'UNK' } });
    const i = expectOnly(ev, field, 'computed');
    expect(i.message).toContain('cannot take a missing-data code');
    expect(ev.canSave).toBe(false);
  });
});

describe('missing-data codes', () => {
  it.each([
    ['BASE', 'vas_pre'],
    ['PROC', 'cement_ml'],
    ['REG', 'zip'],
    ['REG', 'mrn'],
    ['ELIG', 'imaging_modality'],
    ['BASE', 'analgesic'],
  ] as [SacroPart, string][])('%s.%s = UNK is never range-, pattern- or code-checked', (part, field) => {
    const ev = run(part, { [field]: { missing: 'UNK' } });
    expect(ev.issues).toEqual([]);
    expect(ev.values[field]).toEqual({ missing: 'UNK' });
  });

  it.each([[{ missing: 'XX' }], [{ missing: 'UNK', extra: 1 }], [{ code: 'UNK' }]])(
    '%j is not a missing-data code',
    (v) => {
      const ev = run('BASE', { vas_pre: v });
      const i = expectOnly(ev, 'vas_pre', 'missingCode');
      expect(i.message).toContain('NA, UNK, ND');
      expect(ev.canSave).toBe(false);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Save versus complete.
// ---------------------------------------------------------------------------------------------
describe('canSave and canComplete', () => {
  it.each([
    ['nothing wrong', 'BASE', {}, true, true],
    ['a required field missing', 'BASE', { vas_pre: undefined }, true, false],
    ['a required-if field missing', 'ELIG', { fracture_side: undefined }, true, false],
    [
      'every field missing',
      'PROC',
      Object.fromEntries(Object.keys(SACRO_VALID.PROC.values).map((k) => [k, undefined])),
      true,
      false,
    ],
    ['a range error', 'BASE', { vas_pre: 11 }, false, false],
    ['a range error and a missing field', 'BASE', { vas_pre: 11, ambulation: undefined }, false, false],
    ['a type error', 'BASE', { vas_pre: 'abc' }, false, false],
    ['a date check error', 'BASE', { baseline_date: '2026-02-01' }, false, false],
    ['a window warning only', 'FU_1M', { fu_date: addDays(PROC_DATE, 90) }, true, true],
    ['an unknown field', 'BASE', { pain_score: 3 }, false, false],
  ] as [string, SacroPart, Record<string, unknown>, boolean, boolean][])(
    '%s: canSave=%s canComplete=%s',
    (_name, part, patch, canSave, canComplete) => {
      const ev = run(part, patch);
      expect(ev.canSave).toBe(canSave);
      expect(ev.canComplete).toBe(canComplete);
      for (const i of ev.issues) expectSentence(i.message);
    },
  );

  it('names the unknown field', () => {
    const ev = run('BASE', { pain_score: 3 });
    expect(ev.issues).toEqual([
      expect.objectContaining({ field: 'pain_score', rule: 'unknownField', severity: 'error' }),
    ]);
    expect(ev.issues[0]!.message).toBe('Baseline (BASE) has no field "pain_score".');
  });

  it('refuses a form entered at an event that does not collect it', () => {
    const ev = evaluateForm(
      study,
      { event: 'fu_1m', form: 'PROC', instance: 1 },
      SACRO_VALID.PROC.values,
      sacroCasebook(),
      TODAY,
    );
    expect(ev.issues.map((i) => [i.rule, i.severity])).toEqual([['event', 'error']]);
    expectSentence(ev.issues[0]!.message);
    expect(ev.canSave).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-form rules.
// ---------------------------------------------------------------------------------------------
const FU_DEAD: FormValues = {
  fu_date: '2026-02-11',
  contact: 'CHART',
  vital_status: 'DEAD',
  death_date: '2026-02-01',
  death_related: 'N',
};
const FU_1Y_DEAD: FormValues = { ...FU_DEAD, fu_date: '2027-01-14' };
const AE_FATAL: FormValues = { ...SACRO_VALID.AE.values, ae_grade: 'F', ae_outcome: 'FATAL', ae_resolved_date: null };
const PROC_SYMPTOMATIC: FormValues = {
  ...SACRO_VALID.PROC.values,
  extravasation: 'Y',
  extravasation_site: ['FORAMINAL'],
  extravasation_symptomatic: 'Y',
};

const CROSS: { name: string; cb: Casebook; rule: string; ok: boolean; where?: string[] }[] = [
  {
    name: 'a baseline before birth',
    cb: sacroCasebook({ REG: { ...SACRO_VALID.REG.values, birth_date: '2026-01-11' } }),
    rule: 'dates_after_birth',
    ok: false,
    where: ['screening/REG.referral_date', 'screening/BASE.baseline_date'],
  },
  {
    name: 'every date on or after birth',
    cb: sacroCasebook({ REG: { ...SACRO_VALID.REG.values, birth_date: '2026-01-05' } }),
    rule: 'dates_after_birth',
    ok: true,
  },
  {
    name: 'no birth date yet',
    cb: sacroCasebook({ REG: { ...SACRO_VALID.REG.values, birth_date: null } }),
    rule: 'dates_after_birth',
    ok: true,
  },
  {
    name: 'an AE in the future',
    cb: sacroCasebook({
      AE: { ...SACRO_VALID.AE.values, ae_onset: addDays(TODAY, 1), ae_resolved_date: addDays(TODAY, 2) },
    }),
    rule: 'dates_not_future',
    ok: false,
    where: ['ae/AE.ae_onset', 'ae/AE.ae_resolved_date'],
  },
  {
    name: 'dates up to today',
    cb: sacroCasebook({ AE: { ...SACRO_VALID.AE.values, ae_resolved_date: TODAY } }),
    rule: 'dates_not_future',
    ok: true,
  },
  {
    name: 'fu_1y before fu_1m',
    cb: sacroCasebook({ FU_1Y: { ...SACRO_VALID.FU_1Y.values, fu_date: '2026-02-10' } }),
    rule: 'fu_1y_after_fu_1m',
    ok: false,
  },
  {
    name: 'fu_1y on the fu_1m day',
    cb: sacroCasebook({ FU_1Y: { ...SACRO_VALID.FU_1Y.values, fu_date: '2026-02-11' } }),
    rule: 'fu_1y_after_fu_1m',
    ok: false,
  },
  { name: 'fu_1y after fu_1m', cb: sacroCasebook(), rule: 'fu_1y_after_fu_1m', ok: true },
  { name: 'no fu_1y yet', cb: sacroCasebook({ FU_1Y: null }), rule: 'fu_1y_after_fu_1m', ok: true },
  { name: 'dead at fu_1m, alive at fu_1y', cb: sacroCasebook({ FU_1M: FU_DEAD }), rule: 'dead_stays_dead', ok: false },
  {
    name: 'dead at fu_1m, lost at fu_1y',
    cb: sacroCasebook({ FU_1M: FU_DEAD, FU_1Y: { fu_date: '2027-01-14', contact: 'CHART', vital_status: 'LOST' } }),
    rule: 'dead_stays_dead',
    ok: false,
  },
  {
    name: 'dead at fu_1m, fu_1y records the death',
    cb: sacroCasebook({ FU_1M: FU_DEAD, FU_1Y: FU_1Y_DEAD }),
    rule: 'dead_stays_dead',
    ok: true,
  },
  {
    name: 'dead at fu_1m, no fu_1y',
    cb: sacroCasebook({ FU_1M: FU_DEAD, FU_1Y: null }),
    rule: 'dead_stays_dead',
    ok: true,
  },
  {
    name: 'alive at fu_1m, dead at fu_1y',
    cb: sacroCasebook({ FU_1Y: FU_1Y_DEAD }),
    rule: 'dead_stays_dead',
    ok: true,
  },
  { name: 'a fatal AE, nobody died', cb: sacroCasebook({ AE: AE_FATAL }), rule: 'fatal_ae_needs_death', ok: false },
  {
    name: 'a fatal AE, death at fu_1y',
    cb: sacroCasebook({ AE: AE_FATAL, FU_1Y: FU_1Y_DEAD }),
    rule: 'fatal_ae_needs_death',
    ok: true,
  },
  {
    name: 'a fatal AE, death at fu_1m',
    cb: sacroCasebook({ AE: AE_FATAL, FU_1M: FU_DEAD, FU_1Y: null }),
    rule: 'fatal_ae_needs_death',
    ok: true,
  },
  {
    name: 'a fatal second AE, nobody died',
    rule: 'fatal_ae_needs_death',
    ok: false,
    cb: sacroCasebook({}, [{ event: 'ae', form: 'AE', instance: 2, values: AE_FATAL }]),
  },
  {
    name: 'symptomatic extravasation, no AE',
    cb: sacroCasebook({ PROC: PROC_SYMPTOMATIC, AE: null }),
    rule: 'symptomatic_extravasation_expects_ae',
    ok: false,
  },
  {
    name: 'symptomatic extravasation with an AE',
    cb: sacroCasebook({ PROC: PROC_SYMPTOMATIC }),
    rule: 'symptomatic_extravasation_expects_ae',
    ok: true,
  },
  {
    name: 'asymptomatic extravasation, no AE',
    cb: sacroCasebook({ PROC: { ...PROC_SYMPTOMATIC, extravasation_symptomatic: 'N' }, AE: null }),
    rule: 'symptomatic_extravasation_expects_ae',
    ok: true,
  },
];

describe('cross-form rules', () => {
  it.each(CROSS)('$name: $rule ok=$ok', ({ cb, rule, ok, where }) => {
    const s = evaluateSubject(study, cb, TODAY);
    const r = s.rules.find((x) => x.id === rule)!;
    expect(r.ok).toBe(ok);
    expect(r.severity).toBe(rule === 'symptomatic_extravasation_expects_ae' ? 'warning' : 'error');
    expectSentence(r.message);
    if (where) expect(r.where?.slice().sort()).toEqual(where.slice().sort());
    // One broken rule at a time: the others still pass.
    if (!ok)
      expect(s.rules.filter((x) => !x.ok && x.id !== rule && x.id !== 'dates_after_birth').map((x) => x.id)).toEqual(
        [],
      );
  });

  it('lists form issues with the form they belong to', () => {
    const s = evaluateSubject(study, sacroCasebook({ BASE: { ...SACRO_VALID.BASE.values, vas_pre: 12 } }), TODAY);
    expect(s.formIssues).toEqual([
      expect.objectContaining({ form: SACRO_VALID.BASE.key, field: 'vas_pre', rule: 'range', severity: 'error' }),
    ]);
  });

  it('a date after the procedure on a REG form is seen from the PROC side too', () => {
    const s = evaluateSubject(
      study,
      sacroCasebook({ REG: { ...SACRO_VALID.REG.values, referral_date: '2026-01-20' } }),
      TODAY,
    );
    expect(s.formIssues.map((i) => `${i.form.form}.${i.field}:${i.rule}`).sort()).toEqual([
      'PROC.proc_date:compare',
      'REG.referral_date:compare',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Derived values.
// ---------------------------------------------------------------------------------------------
function derived(patch: Parameters<typeof sacroCasebook>[0] = {}) {
  return evaluateSubject(study, sacroCasebook(patch), TODAY).derived;
}
const withVas = (pre: unknown, post1m: unknown, post1y: unknown) => ({
  BASE: { ...SACRO_VALID.BASE.values, vas_pre: pre } as FormValues,
  FU_1M: { ...SACRO_VALID.FU_1M.values, vas_post: post1m } as FormValues,
  FU_1Y: { ...SACRO_VALID.FU_1Y.values, vas_post: post1y } as FormValues,
});

describe('derived values', () => {
  it('of the valid casebook', () => {
    expect(derived()).toEqual({
      age_at_proc: 75,
      vas_change_1m: -7,
      vas_change_1y: -8,
      responder_1m: 'Y',
      responder_1y: 'Y',
      days_to_fu_1m: 30,
      days_to_fu_1y: 367,
    });
  });

  it.each([
    ['1950-01-11', 76, 'birthday the day before'],
    ['1950-01-12', 76, 'birthday on the day'],
    ['1950-01-13', 75, 'birthday the day after'],
    ['1930-06-01', 95, 'over 89 (top-coded only at export)'],
  ])('age_at_proc with birth %s is %i (%s)', (birth, age) => {
    expect(derived({ REG: { ...SACRO_VALID.REG.values, birth_date: birth } }).age_at_proc).toBe(age);
  });

  it.each([
    [5, 3, 3, -2, 'Y'],
    [5, 4, 4, -1, 'N'],
    [5, 0, 0, -5, 'Y'],
    [5, 5, 5, 0, 'N'],
    [2, 0, 0, -2, 'Y'],
    [0, 3, 3, 3, 'N'],
    [10, 8, 9, -2, 'Y'],
  ])('vas_pre %i, vas_post %i: change %i, responder %s', (pre, post, _post1y, change, responder) => {
    const d = derived(withVas(pre, post, post));
    expect(d.vas_change_1m).toBe(change);
    expect(d.vas_change_1y).toBe(change);
    expect(d.responder_1m).toBe(responder);
    expect(d.responder_1y).toBe(responder);
  });

  it('1-month and 1-year values are independent', () => {
    const d = derived(withVas(8, 6, 7));
    expect([d.vas_change_1m, d.responder_1m, d.vas_change_1y, d.responder_1y]).toEqual([-2, 'Y', -1, 'N']);
  });

  it.each([
    ['no 1-month follow-up', { FU_1M: null }, ['vas_change_1m', 'responder_1m', 'days_to_fu_1m']],
    ['no 1-year follow-up', { FU_1Y: null }, ['vas_change_1y', 'responder_1y', 'days_to_fu_1y']],
    ['no baseline', { BASE: null }, ['vas_change_1m', 'vas_change_1y', 'responder_1m', 'responder_1y']],
    ['no procedure', { PROC: null }, ['age_at_proc', 'days_to_fu_1m', 'days_to_fu_1y']],
    ['no registration', { REG: null }, ['age_at_proc']],
    [
      'vas_pre unknown',
      withVas({ missing: 'UNK' }, 2, 1),
      ['vas_change_1m', 'vas_change_1y', 'responder_1m', 'responder_1y'],
    ],
    ['vas_post not done', withVas(9, { missing: 'ND' }, 1), ['vas_change_1m', 'responder_1m']],
    ['birth date unknown', { REG: { ...SACRO_VALID.REG.values, birth_date: { missing: 'UNK' } } }, ['age_at_proc']],
    ['dead at 1 year', { FU_1Y: FU_1Y_DEAD }, ['vas_change_1y', 'responder_1y']],
  ] as [string, Parameters<typeof sacroCasebook>[0], string[]][])(
    '%s: %j are null, the rest not',
    (_n, patch, nulls) => {
      const d = derived(patch);
      for (const [k, v] of Object.entries(d)) expect(v === null, k).toBe(nulls.includes(k));
    },
  );

  it.each([
    [14, 14],
    [60, 60],
    [400, 400],
  ])('days_to_fu at day %i', (days, want) => {
    const d = derived({
      FU_1M: { ...SACRO_VALID.FU_1M.values, fu_date: addDays(PROC_DATE, days) },
      FU_1Y: { ...SACRO_VALID.FU_1Y.values, fu_date: addDays(PROC_DATE, days + 1) },
    });
    expect(d.days_to_fu_1m).toBe(want);
    expect(d.days_to_fu_1y).toBe(want + 1);
  });
});
