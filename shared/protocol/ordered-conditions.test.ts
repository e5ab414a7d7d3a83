/**
 * Ordered show-if conditions (`lt`, `le`, `gt`, `ge`: REDCap's `< <= > >=`): numbers against
 * numbers and ISO dates against dates, a blank or a missing-data code never matching, and the
 * study check refusing a comparison that cannot hold (a choice field, a date that is not ISO).
 */
import { describe, expect, it } from 'vitest';
import sacro from '../studies/sacro.json';
import { describeCondition } from './describe';
import { evalCondition, type Scope } from './evaluate-core';
import { loadProtocol } from './load';
import type { Condition, FieldValue } from './schema';
import { checkStudyDefinition } from './study-file';

const scope = (values: Record<string, FieldValue>): Scope => ({
  values,
  casebook: { subjectId: 'AAA-0001', forms: [] } as unknown as Scope['casebook'],
});
const holds = (c: Condition, v: FieldValue) => evalCondition(c, scope({ x: v }));

describe('ordered conditions', () => {
  it('compare numbers as numbers, at and around the bound', () => {
    expect([49, 50, 51].map((v) => holds({ field: 'x', gt: 50 }, v))).toEqual([false, false, true]);
    expect([49, 50, 51].map((v) => holds({ field: 'x', ge: 50 }, v))).toEqual([false, true, true]);
    expect([49, 50, 51].map((v) => holds({ field: 'x', lt: 50 }, v))).toEqual([true, false, false]);
    expect([49, 50, 51].map((v) => holds({ field: 'x', le: 50 }, v))).toEqual([true, true, false]);
    expect(holds({ field: 'x', lt: 10 }, 9.5)).toBe(true);
  });
  it('compare ISO dates in calendar order', () => {
    expect(holds({ field: 'x', lt: '2025-06-30' }, '2025-06-29')).toBe(true);
    expect(holds({ field: 'x', lt: '2025-06-30' }, '2025-06-30')).toBe(false);
    expect(holds({ field: 'x', ge: '2025-01-01' }, '2025-10-01')).toBe(true);
  });
  it('never match a blank, a missing-data code or a value of another kind', () => {
    for (const c of [
      { field: 'x', lt: 5 },
      { field: 'x', gt: -5 },
    ] as Condition[]) {
      expect(holds(c, null), JSON.stringify(c)).toBe(false);
      expect(holds(c, ''), JSON.stringify(c)).toBe(false);
      expect(holds(c, { missing: 'UNK' }), JSON.stringify(c)).toBe(false);
      expect(holds(c, '3'), JSON.stringify(c)).toBe(false);
    }
  });
  it('read in words in the dictionary and the form', () => {
    const study = loadProtocol(sacro);
    expect(describeCondition(study, { field: 'conservative_weeks', ge: 6 }, 'ELIG')).toMatch(/ is at least 6$/);
    expect(describeCondition(study, { field: 'conservative_weeks', lt: 2 }, 'ELIG')).toMatch(/ is below 2$/);
  });
  it('are refused by the study check where they cannot hold, at the path of the bound', () => {
    const withShowIf = (showIf: unknown) => {
      const s = structuredClone(sacro) as { forms: { fields: { showIf?: unknown }[] }[] };
      s.forms[1]!.fields[8]!.showIf = showIf;
      return checkStudyDefinition(s);
    };
    expect(withShowIf({ field: 'conservative_weeks', ge: 6 }).ok).toBe(true);
    const onChoice = withShowIf({ field: 'lesion_type', gt: 1 });
    expect(onChoice.ok).toBe(false);
    expect(!onChoice.ok && onChoice.errors).toContainEqual(
      expect.objectContaining({ path: '$.forms[1].fields[8].showIf.gt', rule: 'compareType' }),
    );
    const textBound = withShowIf({ field: 'conservative_weeks', lt: 'six' });
    expect(!textBound.ok && textBound.errors.map((e) => e.rule)).toContain('compareType');
  });
});
