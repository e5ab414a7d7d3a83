/** Cross-form rules seen from one form: the failing rule lands on the fields of that form it reads. */
import { describe, expect, it } from 'vitest';
import { SACRO } from '../studies/sacro';
import { SACRO_TODAY, SACRO_VALID, sacroCasebook, type SacroPart } from '../../tests/fixtures/protocols/sacro-casebook';
import { formRuleIssues } from './form-rules';
import { loadProtocol, type Study } from './load';

const study = loadProtocol(SACRO);

function issues(part: SacroPart, patch: Record<string, unknown>, others = sacroCasebook(), s: Study = study) {
  const { key, values } = SACRO_VALID[part];
  return formRuleIssues(s, key, { ...values, ...patch } as never, others, SACRO_TODAY).map((i) => ({
    field: i.field,
    rule: i.rule,
    severity: i.severity,
    message: i.message,
  }));
}

describe('cross-form rules on the fields of a form', () => {
  it('a valid casebook has none on any form', () => {
    for (const part of Object.keys(SACRO_VALID) as SacroPart[]) expect(issues(part, {})).toEqual([]);
  });

  it('compare: the 1-year date before the 1-month one is on fu_date of either follow-up', () => {
    const m = 'The 1-year follow-up must be after the 1-month follow-up.';
    expect(issues('FU_1Y', { fu_date: '2026-02-01' })).toEqual([
      { field: 'fu_date', rule: 'fu_1y_after_fu_1m', severity: 'error', message: m },
    ]);
    expect(issues('FU_1M', { fu_date: '2027-02-01' })).toEqual([
      { field: 'fu_date', rule: 'fu_1y_after_fu_1m', severity: 'error', message: m },
    ]);
    // The rule reads no field of the baseline form: it is not the baseline's to show.
    const both = sacroCasebook({ FU_1Y: { ...SACRO_VALID.FU_1Y.values, fu_date: '2026-02-01' } });
    expect(issues('BASE', {}, both)).toEqual([]);
  });

  it('datesNotFuture: on the future date of this form only', () => {
    const m = 'No date of a subject may be in the future.';
    expect(issues('BASE', { baseline_date: '2027-07-01' })).toEqual([
      { field: 'baseline_date', rule: 'dates_not_future', severity: 'error', message: m },
    ]);
    const futureProc = sacroCasebook({ PROC: { ...SACRO_VALID.PROC.values, proc_date: '2028-01-01' } });
    expect(issues('BASE', {}, futureProc)).toEqual([]);
  });

  it('datesOnOrAfter: on the early date, and on the anchor (birth date) when the anchor is in this form', () => {
    expect(issues('BASE', { baseline_date: '1949-01-01' }).map((i) => [i.field, i.rule])).toEqual([
      ['baseline_date', 'dates_after_birth'],
    ]);
    expect(issues('REG', { birth_date: '2026-01-11' }).map((i) => [i.field, i.rule])).toContainEqual([
      'birth_date',
      'dates_after_birth',
    ]);
  });

  it('implies: on the fields of its condition that are in this form, with the rule severity', () => {
    expect(issues('PROC', { extravasation: 'Y', extravasation_symptomatic: 'Y' }, sacroCasebook({ AE: null }))).toEqual(
      [
        {
          field: 'extravasation_symptomatic',
          rule: 'symptomatic_extravasation_expects_ae',
          severity: 'warning',
          message: 'Symptomatic cement extravasation was recorded but no adverse event is entered.',
        },
      ],
    );
    const dead1m = sacroCasebook({ FU_1M: { ...SACRO_VALID.FU_1M.values, vital_status: 'DEAD' } });
    expect(issues('FU_1Y', {}, dead1m).map((i) => [i.field, i.rule])).toEqual([['vital_status', 'dead_stays_dead']]);
  });

  it('follows the protocol data, not rule names: a renamed rule with a new message lands on the same field', () => {
    const def = structuredClone(SACRO);
    const r = def.crossRules!.find((c) => c.kind === 'compare')!;
    r.id = 'renamed_rule';
    r.message = 'Follow-up order is wrong.';
    const renamed = loadProtocol(def);
    expect(issues('FU_1Y', { fu_date: '2026-02-01' }, sacroCasebook(), renamed)).toEqual([
      { field: 'fu_date', rule: 'renamed_rule', severity: 'error', message: 'Follow-up order is wrong.' },
    ]);
  });
});
