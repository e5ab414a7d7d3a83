/**
 * The engine beyond SACRO's rules: loadProtocol refusing bad definitions with messages that
 * name the culprit, computed fields driving branching, arithmetic, messages as sentences.
 */
import { describe, expect, it } from 'vitest';
import { MINI } from '../../tests/fixtures/protocols/mini';
import type { Casebook } from './casebook';
import { evaluateForm, sentence } from './engine';
import { loadProtocol, ProtocolError } from './load';
import { evaluateDerived } from './subject';
import { normalizeValue } from './values';

// Broken definitions are not type-correct on purpose: they arrive as unknown JSON in real life.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = any;
function mini(edit: (p: Mutable) => void): unknown {
  const p = structuredClone(MINI) as Mutable;
  edit(p);
  return p;
}
const field = (p: Mutable, form: string, id: string) =>
  p.forms.find((f: { id: string }) => f.id === form).fields.find((x: { id: string }) => x.id === id);

describe('loadProtocol refuses a bad definition', () => {
  it('accepts MINI as it is', () => {
    expect(() => loadProtocol(MINI)).not.toThrow();
  });

  it.each([
    [
      'an unknown field in a showIf',
      (p: Mutable) => (field(p, 'VISIT', 'packs_per_day').showIf = { field: 'smokes', eq: 'Y' }),
      /VISIT\.packs_per_day showIf: no field VISIT\.smokes/,
    ],
    [
      'an unknown field in a requiredIf',
      (p: Mutable) =>
        (field(p, 'VISIT', 'packs_per_day').requiredIf = {
          all: [
            { field: 'smoker', eq: 'Y' },
            { form: 'ENROL', field: 'armm', eq: 'A' },
          ],
        }),
      /VISIT\.packs_per_day requiredIf: no field ENROL\.armm/,
    ],
    [
      'a reference to a form at an event that does not collect it',
      (p: Mutable) =>
        (field(p, 'VISIT', 'visit_date').checks[0].ref = { form: 'ENROL', event: 'week4', field: 'enrol_date' }),
      /VISIT\.visit_date compare check: form ENROL is not collected at week4/,
    ],
    [
      'an unknown field in a compute',
      (p: Mutable) => (field(p, 'ENROL', 'participant').compute = { ref: { field: 'nope' } }),
      /ENROL\.participant compute: no field ENROL\.nope/,
    ],
    [
      'a form in no event',
      (p: Mutable) => (p.events = p.events.filter((e: { id: string }) => e.id !== 'anytime')),
      /form CONMED is collected at no event/,
    ],
    ['an event naming an unknown form', (p: Mutable) => p.events[1].forms.push('LABS'), /event week4: no form LABS/],
    [
      'duplicate field ids',
      (p: Mutable) => p.forms[1].fields.push({ id: 'weight_kg', label: 'Weight again', type: 'int', phi: 'none' }),
      /form VISIT: field weight_kg is defined twice/,
    ],
    ['duplicate form ids', (p: Mutable) => p.forms.push({ ...p.forms[2] }), /form CONMED is defined twice/],
    [
      'duplicate event ids',
      (p: Mutable) => p.events.push({ id: 'week4', label: 'Week 4 again', forms: ['VISIT'] }),
      /event week4 is defined twice/,
    ],
    [
      'duplicate codes',
      (p: Mutable) => field(p, 'ENROL', 'arm').codes.push({ code: 'A', label: 'Again' }),
      /ENROL\.arm: code A is defined twice/,
    ],
    [
      'duplicate cross-rule ids',
      (p: Mutable) => p.crossRules.push({ ...p.crossRules[0] }),
      /cross-form rule week4_after_baseline_visit is defined twice/,
    ],
    [
      'a cross rule naming an unknown field',
      (p: Mutable) => (p.crossRules[0].left.field = 'visit_day'),
      /crossRule week4_after_baseline_visit: no field VISIT\.visit_day/,
    ],
    [
      'a derived value naming an unknown event',
      (p: Mutable) => (p.derived[0].expr.args[0].ref.event = 'week8'),
      /derived weight_change: no event week8/,
    ],
    [
      'an exclusive code the field does not have',
      (p: Mutable) => (field(p, 'VISIT', 'weight_kg').checks ??= []).push({ rule: 'exclusiveCode', code: 'NONE' }),
      /VISIT\.weight_kg: exclusiveCode NONE needs a multi field/,
    ],
    [
      'a date check on a number',
      (p: Mutable) => (field(p, 'VISIT', 'bp_sys').checks ??= []).push({ rule: 'notFuture' }),
      /VISIT\.bp_sys: the notFuture check needs a date field/,
    ],
    [
      'a range on a text field',
      (p: Mutable) => (field(p, 'ENROL', 'initials').max = 3),
      /ENROL\.initials: min, max and decimals apply to int and decimal fields only/,
    ],
    ['min above max', (p: Mutable) => (field(p, 'VISIT', 'weight_kg').min = 400), /VISIT\.weight_kg: min above max/],
    [
      'a broken regular expression',
      (p: Mutable) => (field(p, 'ENROL', 'initials').pattern.regex = '^[A-Z'),
      /ENROL\.initials: pattern is not a valid regular expression/,
    ],
    [
      'a field that shows itself',
      (p: Mutable) => (field(p, 'VISIT', 'smoker').showIf = { field: 'smoker', eq: 'Y' }),
      /VISIT\.smoker showIf: a field cannot depend on itself/,
    ],
    [
      'an index date that is not a date',
      (p: Mutable) => (p.indexDate = { form: 'ENROL', event: 'baseline', field: 'arm' }),
      /indexDate: ENROL\.arm is not a date field/,
    ],
  ])('%s', (_name, edit, message) => {
    const bad = mini(edit);
    expect(() => loadProtocol(bad)).toThrow(ProtocolError);
    expect(() => loadProtocol(bad)).toThrow(message);
  });

  it.each([
    [
      'a choice without codes',
      (p: Mutable) => delete field(p, 'ENROL', 'arm').codes,
      /form ENROL › field arm.*a choice field needs codes/,
    ],
    [
      'a multi with an empty code list',
      (p: Mutable) => (field(p, 'ENROL', 'arm').type = 'multi') && (field(p, 'ENROL', 'arm').codes = []),
      /field arm.*a multi field needs codes/,
    ],
    [
      'a computed field without an expression',
      (p: Mutable) => delete field(p, 'ENROL', 'participant').compute,
      /field participant.*needs compute/,
    ],
    [
      'a misspelt property',
      (p: Mutable) => (field(p, 'ENROL', 'initials').requried = true),
      /form ENROL › field initials.*requried/,
    ],
    [
      'an unknown PHI class',
      (p: Mutable) => (field(p, 'ENROL', 'initials').phi = 'secret'),
      /form ENROL › field initials › phi/,
    ],
    [
      'an unknown field type',
      (p: Mutable) => (field(p, 'VISIT', 'bp_sys').type = 'float'),
      /form VISIT › field bp_sys › type/,
    ],
  ])('%s (schema)', (_name, edit, message) => {
    expect(() => loadProtocol(mini(edit))).toThrow(message);
  });

  it('lists every reference problem at once', () => {
    const bad = mini((p) => {
      field(p, 'VISIT', 'packs_per_day').showIf = { field: 'smokes', eq: 'Y' };
      p.events = p.events.filter((e: { id: string }) => e.id !== 'anytime');
    });
    expect(() => loadProtocol(bad)).toThrow(
      /protocol definition MINI: .*no field VISIT\.smokes.*; form CONMED is collected at no event/,
    );
  });
});

const study = loadProtocol(MINI);
const cb: Casebook = {
  subjectId: 'AAA-0001',
  forms: [
    {
      event: 'baseline',
      form: 'ENROL',
      instance: 1,
      values: { initials: 'JD', dob: '1980-05-05', arm: 'A', enrol_date: '2026-03-02' },
    },
  ],
};

describe('engine details', () => {
  it('a computed field can drive branching', () => {
    const s = loadProtocol(
      mini((p) => {
        p.forms[0].fields.push(
          {
            id: 'adult',
            label: 'Adult',
            type: 'computed',
            phi: 'none',
            compute: {
              op: 'ge',
              args: [
                { op: 'yearsBetween', from: { ref: { field: 'dob' } }, to: { ref: { field: 'enrol_date' } } },
                { const: 18 },
              ],
            },
          },
          {
            id: 'guardian',
            label: 'Guardian consent',
            type: 'yesno',
            phi: 'none',
            showIf: { field: 'adult', eq: 'N' },
            requiredIf: { field: 'adult', eq: 'N' },
          },
        );
      }),
    );
    const key = { event: 'baseline', form: 'ENROL', instance: 1 };
    const minor = evaluateForm(
      s,
      key,
      { initials: 'AB', dob: '2012-01-01', arm: 'A', enrol_date: '2026-03-02', guardian: undefined },
      cb,
      '2026-06-01',
    );
    expect(minor.values.adult).toBe('N');
    expect(minor.visible.guardian).toBe(true);
    expect(minor.issues.map((i) => `${i.field}:${i.rule}`)).toEqual(['dob:age', 'guardian:requiredIf']);
    const adult = evaluateForm(
      s,
      key,
      { initials: 'AB', dob: '1990-01-01', arm: 'A', enrol_date: '2026-03-02', guardian: 'Y' },
      cb,
      '2026-06-01',
    );
    expect(adult.visible.guardian).toBe(false);
    expect(adult.values.guardian).toBeNull();
    expect(adult.issues).toEqual([]);
  });

  it('subtraction of decimals has no binary noise', () => {
    const book: Casebook = {
      subjectId: 'AAA-0001',
      forms: [
        { event: 'baseline', form: 'VISIT', instance: 1, values: { weight_kg: 78.1 } },
        { event: 'week4', form: 'VISIT', instance: 1, values: { weight_kg: 80.3 } },
      ],
    };
    expect(evaluateDerived(study, book).weight_change).toBe(2.2);
  });

  it.each([
    [undefined, 'must not be in the future', 'Must not be in the future.'],
    ['Weight', 'must be between 20 and 300 kg', 'Weight must be between 20 and 300 kg.'],
    ['Weight', 'The scale was broken.', 'The scale was broken.'],
    ['Weight', 'Is it? ', 'Is it?'],
  ])('sentence(%j, %j) is %j', (label, text, want) => {
    expect(sentence(label, text)).toBe(want);
  });

  it('normalizeValue keeps its fragments for callers that build their own sentences', () => {
    const f = study.field('VISIT', 'weight_kg');
    expect(normalizeValue(f, '80.25')).toEqual({ value: 80.25 });
    expect(normalizeValue(f, 'heavy')).toEqual({ problem: { rule: 'type', message: 'must be a number' } });
    expect(normalizeValue(f, { missing: 'ND' })).toEqual({ value: { missing: 'ND' } });
    expect(normalizeValue(f, null)).toEqual({ value: null });
  });

  it('a hidden field that failed its type rule is not reported', () => {
    const ev = evaluateForm(
      study,
      { event: 'week4', form: 'VISIT', instance: 1 },
      { visit_date: '2026-03-30', weight_kg: 80, smoker: 'N', packs_per_day: 'lots' },
      cb,
      '2026-06-01',
    );
    expect(ev.issues).toEqual([]);
    expect(ev.values.packs_per_day).toBeNull();
  });
});
