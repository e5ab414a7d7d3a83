/** The export speaks each study's own words: its index date, year column and age (issue 12). */
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../../shared/protocol/load';
import { getStudy } from '../../shared/studies/index';
import { MINI } from '../../tests/fixtures/protocols/mini';
import { exportLayout } from './layout';
import { PROFILES, ruleTexts } from './profiles';
import { dictionarySheet } from './sheet-dictionary';

const mini = loadProtocol(MINI);
const sacro = getStudy('SACRO');

describe("a study's own words in the workbook", () => {
  it('MINI: day offsets from the enrolment, its own year column, its own age', () => {
    const layout = exportLayout(mini, PROFILES['safe-harbor']);
    const enrol = layout.sheets.find((s) => s.name === 'ENROL')!;
    expect(enrol.columns.map((c) => [c.code, c.label])).toEqual(
      expect.arrayContaining([
        ['enrol_date_day', 'Enrolment date (days from enrolment)'],
        ['enrol_year', 'Year of the enrolment date'],
        ['age_at_enrol', 'Age at enrolment'],
      ]),
    );
    const words = Object.values(ruleTexts(mini)).join(' ');
    expect(words).toContain('enrol_year beside it');
    expect(words).toContain('age_at_enrol (whole years at enrolment)');
    expect(words).not.toMatch(/proc|procedure/i);
    const dict = [...dictionarySheet(mini, layout).rows()].flat().join(' ');
    expect(dict).not.toMatch(/proc_year|age_at_proc|procedure/);
  });

  it('defaults name no study: the index field label and index_year', () => {
    const plain = loadProtocol({ ...MINI, index: undefined });
    const cols = exportLayout(plain, PROFILES['safe-harbor']).sheets.find((s) => s.name === 'ENROL')!.columns;
    expect(cols.map((c) => c.label)).toContain('Enrolment date (days from the enrolment date)');
    expect(cols.map((c) => c.code)).toContain('index_year');
  });

  it('SACRO keeps its words from its definition', () => {
    const t = ruleTexts(sacro);
    expect(t.dayOffset).toBe(
      'replaced by <field>_day, whole days from the index procedure date (blank when that date is not entered); proc_year beside it, withheld for subjects aged 90 or over or of unknown age',
    );
    expect(t.ageTopCoded).toBe(
      'dropped; age_at_proc (whole years at the procedure) derived instead, ages over 89 written as 90+',
    );
  });

  it('refuses a summary that names what the study does not have', () => {
    expect(() =>
      loadProtocol({
        ...MINI,
        summary: {
          counts: [{ form: 'VISIT', field: 'weight_kg' }],
          complications: { form: 'ENROL', gradeField: 'arm', major: ['Z'], minor: [] },
          responders: [{ id: 'r', label: 'R', post: 'wk4', minDrop: 1 }],
        },
      }),
    ).toThrow(
      /summary counts: VISIT.weight_kg has no codes to count; summary responder r: no outcome time point wk4; summary complications: ENROL.arm has no code Z/,
    );
  });
});
