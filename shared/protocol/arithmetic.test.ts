/**
 * Arithmetic in computed fields (REDCap's + - * / ^, round, roundup, rounddown, abs): a blank or
 * missing-data input gives a blank, as does a result that is not a finite number, and rounding is
 * REDCap's (half away from zero), not JavaScript's Math.round (half up) or binary artefacts.
 */
import { describe, expect, it } from 'vitest';
import { evalExpr, type Scope } from './evaluate-core';
import type { Expr, FieldValue } from './schema';
import { checkStudyDefinition } from './study-file';
import sacro from '../studies/sacro.json';

const scope = (values: Record<string, FieldValue>): Scope => ({
  values,
  casebook: { subjectId: 'AAA-0001', forms: [] } as unknown as Scope['casebook'],
});
const x: Expr = { ref: { field: 'x' } };
const y: Expr = { ref: { field: 'y' } };
const at = (e: Expr, xv: FieldValue, yv: FieldValue = 2) => evalExpr(e, scope({ x: xv, y: yv }));

describe('computed arithmetic', () => {
  it('adds, subtracts, multiplies, divides and raises to a power', () => {
    expect(at({ op: 'add', args: [x, y] }, 0.1, 0.2)).toBe(0.3);
    expect(at({ op: 'sub', args: [x, y] }, 80.3, 78.1)).toBe(2.2);
    expect(at({ op: 'mul', args: [x, y] }, 1.1, 3)).toBe(3.3);
    expect(at({ op: 'div', args: [x, y] }, 70, 1.75 ** 2)).toBe(22.857142857);
    expect(at({ op: 'pow', args: [x, y] }, 1.75, 2)).toBe(3.0625);
  });
  it('gives a blank for a blank or coded-missing input, a division by zero and a non-real power', () => {
    for (const [xv, yv] of [
      [null, 2],
      ['', 2],
      [{ missing: 'UNK' }, 2],
      [3, null],
    ] as [FieldValue, FieldValue][])
      expect(at({ op: 'add', args: [x, y] }, xv, yv), JSON.stringify([xv, yv])).toBeNull();
    expect(at({ op: 'div', args: [x, y] }, 5, 0)).toBeNull();
    expect(at({ op: 'pow', args: [x, y] }, -8, 1 / 3)).toBeNull();
    expect(at({ op: 'round', arg: x, digits: 0 }, null)).toBeNull();
  });
  it('rounds half away from zero, and roundup/rounddown away from and toward zero', () => {
    const r = (op: 'round' | 'roundup' | 'rounddown', v: number, digits = 0) => at({ op, arg: x, digits }, v);
    expect([2.5, -2.5, 2.4, -2.6].map((v) => r('round', v))).toEqual([3, -3, 2, -3]);
    expect(r('round', 1.005, 2)).toBe(1.01);
    expect(r('round', 22.857142857, 1)).toBe(22.9);
    expect([2.1, -2.1].map((v) => r('roundup', v))).toEqual([3, -3]);
    expect([2.9, -2.9].map((v) => r('rounddown', v))).toEqual([2, -2]);
    expect(r('rounddown', -0.4)).toBe(0);
    expect(Object.is(r('rounddown', -0.4), -0)).toBe(false);
    expect(at({ op: 'abs', arg: x }, -4.5)).toBe(4.5);
  });
  it('is checked by the study check: a reference inside round() to an unknown field is named at its path', () => {
    const def = structuredClone(sacro) as unknown as { forms: { fields: Record<string, unknown>[] }[] };
    def.forms[0]!.fields.push({
      id: 'calc_x',
      label: 'x',
      type: 'computed',
      phi: 'none',
      compute: { op: 'round', arg: { op: 'mul', args: [{ ref: { field: 'nope' } }, { const: 2 }] }, digits: 1 },
    });
    const result = checkStudyDefinition(def);
    const problems = result.ok ? [] : result.errors;
    const i = def.forms[0]!.fields.length - 1;
    expect(problems).toContainEqual(
      expect.objectContaining({ path: `$.forms[0].fields[${i}].compute.arg.args[0].ref.field`, rule: 'unknownField' }),
    );
  });
});
