/**
 * `study check`'s reference errors: each is reported at the JSON path of the value that is wrong
 * (not at `$`) and with the rule it breaks. Every case breaks one thing in the shipped SACRO file,
 * and the reported path, looked up in that file, must lead to the value that was broken.
 */
import { describe, expect, it } from 'vitest';
import sacro from '../studies/sacro.json';
import { checkStudyDefinition, type StudyFileError } from './study-file';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function errorsOf(change: (s: Json) => void): { input: Json; errors: StudyFileError[] } {
  const input = structuredClone(sacro) as Json;
  change(input);
  const check = checkStudyDefinition(input);
  if (check.ok) throw new Error('the broken file was accepted');
  return { input, errors: check.errors };
}

/** `$.forms[3].fields[7].showIf.field` → the value at that place in the file. */
function at(input: unknown, path: string): unknown {
  const keys = [...path.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((m) => m[1] ?? Number(m[2]));
  expect(keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')).toBe(path.slice(1));
  return keys.reduce<unknown>((node, k) => (node as Record<string | number, unknown>)?.[k], input);
}

describe('a reference error is reported at its exact JSON path, with its rule', () => {
  it.each([
    [
      'a show-if naming an unknown field',
      (s: Json) => (s.forms[1].fields[8].showIf.field = 'tumour_kind'),
      '$.forms[1].fields[8].showIf.field',
      'unknownField',
      'tumour_kind',
    ],
    [
      'a condition of a cross-form rule naming an unknown form',
      (s: Json) => (s.crossRules[3].when.form = 'FOLLOWUP'),
      '$.crossRules[3].when.form',
      'unknownForm',
      'FOLLOWUP',
    ],
    [
      'a check naming an unknown event',
      (s: Json) => (s.forms[0].fields[4].checks[1].ref.event = 'surgery'),
      '$.forms[0].fields[4].checks[1].ref.event',
      'unknownEvent',
      'surgery',
    ],
    [
      'a compute argument naming a field of another form without it',
      (s: Json) => (s.forms[1].fields[9].compute.args[2].ref.field = 'imaging'),
      '$.forms[1].fields[9].compute.args[2].ref.field',
      'unknownField',
      'imaging',
    ],
    [
      'an event listing an unknown form',
      (s: Json) => s.events[1].forms.push('LABS'),
      '$.events[1].forms[1]',
      'unknownForm',
      'LABS',
    ],
    [
      'a derived value at an event that does not collect its form',
      (s: Json) => (s.derived[0].expr.to.ref.event = 'fu_1m'),
      '$.derived[0].expr.to.ref.event',
      'formNotAtEvent',
      'fu_1m',
    ],
    [
      'a duplicate code',
      (s: Json) => s.forms[3].fields[1].codes.push({ ...s.forms[3].fields[1].codes[0] }),
      `$.forms[3].fields[1].codes[${sacro.forms[3]!.fields[1]!.codes!.length}].code`,
      'duplicateId',
      sacro.forms[3]!.fields[1]!.codes![0]!.code,
    ],
    [
      'an exclusive code the field does not have',
      (s: Json) => (s.forms[2].fields[2].checks[0].code = 'NIL'),
      '$.forms[2].fields[2].checks[0].code',
      'unknownCode',
      'NIL',
    ],
    [
      'a complication grade that is not a code',
      (s: Json) => s.summary.complications.major.push('Z'),
      `$.summary.complications.major[${sacro.summary.complications.major.length}]`,
      'unknownCode',
      'Z',
    ],
    [
      'the index date naming an unknown field',
      (s: Json) => (s.indexDate.field = 'no_such_date'),
      '$.indexDate.field',
      'unknownField',
      'no_such_date',
    ],
  ])('%s', (_what, change, path, rule, value) => {
    const { input, errors } = errorsOf(change);
    expect(errors.map((e) => [e.path, e.rule])).toEqual([[path, rule]]);
    expect(at(input, path)).toBe(value);
  });

  it('a choice field whose code list is missing: at its codes, rule codesRequired', () => {
    const { errors } = errorsOf((s) => delete s.forms[3].fields[1].codes);
    expect(errors.map((e) => [e.path, e.rule])).toEqual([['$.forms[3].fields[1].codes', 'codesRequired']]);
    expect(errors[0]!.message).toContain('needs codes');
  });

  it('every error of a file broken in several places, each at its own path', () => {
    const { errors } = errorsOf((s) => {
      s.forms[4].fields[3].showIf.field = 'alive';
      s.forms[4].fields[9].requiredIf.field = 'dead';
      s.summary.counts[0].form = 'HOSP';
      s.age.derived = 'age_years';
    });
    expect(errors.map((e) => `${e.path} ${e.rule}`)).toEqual([
      '$.forms[4].fields[3].showIf.field unknownField',
      '$.forms[4].fields[9].requiredIf.field unknownField',
      '$.age.derived unknownDerived',
      '$.summary.counts[0].form unknownForm',
    ]);
    expect(errors[0]!.message).toBe('FU.vas_post showIf: no field FU.alive');
  });
});
