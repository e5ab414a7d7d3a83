import { describe, expect, it } from 'vitest';
import { SACRO } from '../studies/sacro';
import { buildDictionary } from './dictionary';
import { loadProtocol } from './load';

const study = loadProtocol(SACRO);
const rows = buildDictionary(study);
const row = (form: string, field: string) => rows.find((r) => r.form === form && r.field === field);

describe('buildDictionary (SACRO)', () => {
  it('has one row per field in protocol order, then the derived values', () => {
    const fieldRows = study.def.forms.flatMap((f) => f.fields.map((x) => `${f.id}.${x.id}`));
    expect(rows.map((r) => `${r.form}.${r.field}`)).toEqual([
      ...fieldRows,
      ...study.def.derived.map((d) => `Derived.${d.id}`),
    ]);
    expect(buildDictionary(study, { derived: false })).toHaveLength(fieldRows.length);
  });

  it.each([
    ['REG', 'subject_id', { type: 'computed', codes: '', required: '', showIf: '', phi: 'none' }],
    [
      'REG',
      'mrn',
      {
        label: 'Medical record number',
        type: 'text',
        range: '1–20 characters; letters, digits and - only',
        required: 'yes',
        phi: 'direct',
      },
    ],
    [
      'REG',
      'birth_date',
      { type: 'date', range: 'not in the future; age 18–110 at the reference date', required: 'yes', phi: 'birthdate' },
    ],
    ['REG', 'sex', { codes: 'F=Female; M=Male; U=Unknown', required: 'yes', phi: 'none' }],
    ['REG', 'zip', { range: '5 digits', required: '', phi: 'geo' }],
    ['REG', 'phone', { range: '', required: '', phi: 'direct' }],
    ['ELIG', 'severe_pain', { type: 'yesno', codes: 'Y=Yes; N=No', required: 'yes' }],
    [
      'ELIG',
      'conservative_weeks',
      { unit: 'weeks', range: '0–520', showIf: 'Pain not responding to conservative medical management is Yes' },
    ],
    [
      'ELIG',
      'fracture_side',
      {
        codes: 'UNI_L=Unilateral left; UNI_R=Unilateral right; BILAT=Bilateral',
        required: 'if Indication is SIF',
        showIf: 'Indication is SIF',
      },
    ],
    ['ELIG', 'primary_tumor', { range: '≤ 80 characters', showIf: 'Lesion type is MET', phi: 'freetext' }],
    [
      'BASE',
      'analgesic',
      {
        type: 'multi',
        range: 'NONE excludes the other codes',
        codes:
          'NONE=None; APAP=Acetaminophen; NSAID=NSAID; WEAK_OPIOID=Weak opioid; STRONG_OPIOID=Strong opioid; OTHER=Other',
      },
    ],
    [
      'PROC',
      'cement_ml',
      { label: 'Total cement volume (mL)', type: 'decimal', unit: 'mL', range: '0.5–30; 1 decimal', required: 'yes' },
    ],
    [
      'PROC',
      'extravasation_symptomatic',
      { required: 'if Cement extravasation is Yes', showIf: 'Cement extravasation is Yes' },
    ],
    ['FU', 'vas_post', { required: 'if Vital status is ALIVE', showIf: 'Vital status is ALIVE', range: '0–10' }],
    ['AE', 'ae_resolved_date', { showIf: 'Outcome is RESOLVED or SEQUELAE', phi: 'date' }],
    ['Derived', 'age_at_proc', { type: 'int', unit: 'years', range: 'values above 89 exported as 90+', phi: 'none' }],
    ['Derived', 'responder_1y', { type: 'yesno', codes: 'Y=Yes; N=No' }],
  ])('%s.%s', (form, field, want) => {
    expect(row(form, field)).toMatchObject(want);
  });

  it('gives every row a label, a type and a PHI class, and no undefined anywhere', () => {
    for (const r of rows) {
      expect(r.label.length, r.field).toBeGreaterThan(0);
      expect(JSON.stringify(r)).not.toMatch(/undefined|\[object/);
    }
  });
});
