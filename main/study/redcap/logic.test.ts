import { describe, expect, it } from 'vitest';
import { convertBranching, convertCalc, type LogicContext } from './convert-logic';
import { MAX_DEPTH, parseLogic, treeDepth } from './logic';

const FIELDS: Record<
  string,
  { form: string; type: 'choice' | 'multi' | 'yesno' | 'int' | 'date' | 'text'; codes?: string[] }
> = {
  sex: { form: 'demo', type: 'choice', codes: ['0', '1'] },
  given_birth: { form: 'demo', type: 'yesno' },
  meds: { form: 'demo', type: 'multi', codes: ['1', '2', '3'] },
  symptoms: { form: 'demo', type: 'multi', codes: ['1', '-9', 'UNK'] },
  weight: { form: 'demo', type: 'int' },
  dob: { form: 'demo', type: 'date' },
  target: { form: 'demo', type: 'text' },
  visit_date: { form: 'visit', type: 'date' },
  status: { form: 'visit', type: 'choice', codes: ['done', 'later'] },
};
const ctx: LogicContext = {
  ownForm: 'demo',
  ownField: 'target',
  field: (n) => FIELDS[n],
  eventCollects: (ev, form) =>
    ev === 'visit_1_arm_1' ? form === 'visit' : ev === 'enrol_arm_1' ? form === 'demo' : undefined,
};
const ok = (src: string) => {
  const r = convertBranching(src, ctx);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const refused = (src: string) => {
  const r = convertBranching(src, ctx);
  expect(r.ok, src).toBe(false);
  return r.ok ? '' : r.reason;
};

describe('REDCap branching logic', () => {
  it('reads fields, codes and values, quoted or not, with = and ==', () => {
    expect(ok(`[sex] = "0"`)).toEqual({ field: 'sex', eq: '0' });
    expect(ok(`[sex]='1'`)).toEqual({ field: 'sex', eq: '1' });
    expect(ok(`[sex] == 1`)).toEqual({ field: 'sex', eq: '1' });
    expect(ok(`[weight] = 70`)).toEqual({ field: 'weight', eq: 70 });
    expect(ok(`"1" = [given_birth]`)).toEqual({ field: 'given_birth', eq: 'Y' });
    expect(ok(`[status] = done`)).toEqual({ form: 'visit', field: 'status', eq: 'done' });
  });
  it('reads checkbox codes, blanks and <> as REDCap means them (true while blank)', () => {
    expect(ok(`[meds(2)] = "1"`)).toEqual({ field: 'meds', eq: '2' });
    expect(ok(`[meds(2)] = '0'`)).toEqual({ not: { field: 'meds', eq: '2' } });
    expect(ok(`[meds(3)] <> "1"`)).toEqual({ not: { field: 'meds', eq: '3' } });
    expect(ok(`[dob] <> ""`)).toEqual({ field: 'dob', filled: true });
    expect(ok(`[dob] = ''`)).toEqual({ field: 'dob', filled: false });
    expect(ok(`[sex] != "1"`)).toEqual({
      any: [
        { field: 'sex', ne: '1' },
        { field: 'sex', filled: false },
      ],
    });
  });
  it("reads REDCap's export columns [x___code] as the checkbox's codes, and nothing else", () => {
    expect(ok(`[meds___2] = "1"`)).toEqual({ field: 'meds', eq: '2' });
    expect(ok(`[symptoms____9] = '1'`)).toEqual({ field: 'symptoms', eq: '-9' });
    expect(ok(`[symptoms___unk] = "0"`)).toEqual({ not: { field: 'symptoms', eq: 'UNK' } });
    expect(ok(`[enrol_arm_1][meds___3] = "1" and [sex] = "1"`)).toEqual({
      all: [
        { form: 'demo', event: 'enrol_arm_1', field: 'meds', eq: '3' },
        { field: 'sex', eq: '1' },
      ],
    });
    expect(refused(`[meds___7] = "1"`)).toMatch(/\[meds___7\], which is not a converted field/);
    // a choice field's code is not a checkbox column
    expect(refused(`[sex___1] = "1"`)).toMatch(/\[sex___1\], which is not a converted field/);
  });
  it('reads < <= > >= on numbers and dates, either way round, a blank never matching', () => {
    expect(ok(`[weight] > 50`)).toEqual({ field: 'weight', gt: 50 });
    expect(ok(`[weight] <= 50.5`)).toEqual({ field: 'weight', le: 50.5 });
    expect(ok(`18 < [weight]`)).toEqual({ field: 'weight', gt: 18 });
    expect(ok(`[dob] >= '1950-01-01'`)).toEqual({ field: 'dob', ge: '1950-01-01' });
    expect(ok(`[visit_1_arm_1][visit_date] < "2025-06-30"`)).toEqual({
      form: 'visit',
      event: 'visit_1_arm_1',
      field: 'visit_date',
      lt: '2025-06-30',
    });
    const r = convertBranching(`[weight] < 40`, ctx);
    expect(r.ok && r.notes.join(' ')).toMatch(/a blank value never satisfies it/);
  });
  it('joins with and/or in any case, not, and parentheses with the usual precedence', () => {
    expect(ok(`[sex] = "0" and [given_birth] = "1" OR [weight] = 5`)).toEqual({
      any: [
        {
          all: [
            { field: 'sex', eq: '0' },
            { field: 'given_birth', eq: 'Y' },
          ],
        },
        { field: 'weight', eq: 5 },
      ],
    });
    expect(ok(`[sex] = "0" AND ([weight] = 1 or [weight] = 2)`)).toEqual({
      all: [
        { field: 'sex', eq: '0' },
        {
          any: [
            { field: 'weight', eq: 1 },
            { field: 'weight', eq: 2 },
          ],
        },
      ],
    });
    expect(ok(`not ([sex] = "1")`)).toEqual({ not: { field: 'sex', eq: '1' } });
  });
  it('reads cross-form and cross-event references', () => {
    expect(ok(`[visit_1_arm_1][status] = "done"`)).toEqual({
      form: 'visit',
      event: 'visit_1_arm_1',
      field: 'status',
      eq: 'done',
    });
    expect(refused(`[enrol_arm_1][status] = "done"`)).toMatch(/not collected at the event/);
    expect(refused(`[nowhere_arm_9][status] = "done"`)).toMatch(/does not have/);
  });
  it('refuses what it cannot state, and says why, never guessing', () => {
    expect(refused(`[sex] > 0`)).toMatch(/\[sex\] is choice: > compares numbers or dates only/);
    expect(refused(`[dob] < '01/02/2020'`)).toMatch(/not a YYYY-MM-DD date/);
    expect(refused(`[weight] > [dob]`)).toMatch(/not another field/);
    expect(refused(`[meds(2)] > 0`)).toMatch(/checkbox code/);
    expect(refused(`[sex] = "7"`)).toMatch(/not a code/);
    expect(refused(`[ghost] = "1"`)).toMatch(/\[ghost\].*not a converted field/);
    expect(refused(`[target] = "1"`)).toMatch(/itself/);
    expect(refused(`[event-name] = "x"`)).toMatch(/not a field reference/);
    expect(refused(`datediff([dob], 'today', 'y') > 18`)).toMatch(/needs a field on one side/);
    expect(refused(`[meds] = "1"`)).toMatch(/\[meds\(code\)\]/);
  });
  it('reports syntax errors with where it stopped', () => {
    expect(refused(`[sex] = "0" and`)).toMatch(/cannot parse: the expression ends too early/);
    expect(refused(`([sex] = "0"`)).toMatch(/cannot parse: expected \)/);
    expect(refused(`[sex = "0"`)).toMatch(/cannot parse: an unclosed \[ at character 1/);
    expect(refused(`[sex] = "0`)).toMatch(/unclosed quote/);
    expect(refused(`[sex] = "0" "1"`)).toMatch(/unexpected "1"/);
    expect(() => parseLogic('')).toThrow(/empty/);
  });
});

describe('REDCap calculations', () => {
  const calc = (src: string) => convertCalc(src, ctx);
  it('states subtraction and datediff in days or years', () => {
    expect(calc('[weight] - 2')).toMatchObject({
      ok: true,
      value: { op: 'sub', args: [{ ref: { field: 'weight' } }, { const: 2 }] },
    });
    expect(calc(`datediff([dob], [visit_1_arm_1][visit_date], "y")`)).toMatchObject({
      ok: true,
      value: {
        op: 'yearsBetween',
        from: { ref: { field: 'dob' } },
        to: { ref: { field: 'visit_date', form: 'visit', event: 'visit_1_arm_1' } },
      },
    });
  });
  it('states + - * / ^, unary minus, round, roundup, rounddown and abs with REDCap precedence', () => {
    expect(calc('round(([weight]*10000)/(([weight])^(2)),1)')).toMatchObject({
      ok: true,
      value: {
        op: 'round',
        digits: 1,
        arg: {
          op: 'div',
          args: [
            { op: 'mul', args: [{ ref: { field: 'weight' } }, { const: 10000 }] },
            { op: 'pow', args: [{ ref: { field: 'weight' } }, { const: 2 }] },
          ],
        },
      },
    });
    // * binds tighter than +, and - is left-associative
    expect(calc('1 + 2 * [weight] - 3')).toMatchObject({
      ok: true,
      value: {
        op: 'sub',
        args: [
          { op: 'add', args: [{ const: 1 }, { op: 'mul', args: [{ const: 2 }, { ref: { field: 'weight' } }] }] },
          { const: 3 },
        ],
      },
    });
    expect(calc('abs(-[weight])')).toMatchObject({
      ok: true,
      value: { op: 'abs', arg: { op: 'sub', args: [{ const: 0 }, { ref: { field: 'weight' } }] } },
    });
    expect(calc('rounddown([weight])')).toMatchObject({ ok: true, value: { op: 'rounddown', digits: 0 } });
  });
  it('refuses the rest with the function or the reason named', () => {
    expect(calc('sqrt([weight])')).toMatchObject({ ok: false, reason: expect.stringMatching(/sqrt\(\)/) });
    expect(calc('round([weight], [weight])')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/decimal places/),
    });
    expect(calc(`datediff([dob], 'today', 'y')`)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/'today'.*cannot be reproduced/),
    });
    expect(calc(`datediff([dob], [dob], "M")`)).toMatchObject({ ok: false });
  });

  it('refuses an expression nested past MAX_DEPTH instead of running off the call stack', () => {
    const deep = [
      `${'not '.repeat(5000)}[sex] = '1'`,
      `${'('.repeat(3000)}[sex] = '1'${')'.repeat(3000)}`,
      `${'-'.repeat(3000)}1`,
      Array.from({ length: 5000 }, () => '[dob]').join(' - '),
    ];
    for (const src of deep)
      expect(() => parseLogic(src), src.slice(0, 20)).toThrow(`nested more than ${MAX_DEPTH} deep`);
    expect(calc(deep[3]!)).toMatchObject({ ok: false, reason: expect.stringMatching(/nested more than/) });
    // A long flat list of alternatives is wide, not deep: or → comparison → value.
    const flat = Array.from({ length: 2000 }, () => "[sex] = '1'").join(' or ');
    expect(treeDepth(parseLogic(flat))).toBe(3);
  });
});
