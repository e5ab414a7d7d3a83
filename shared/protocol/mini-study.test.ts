/**
 * A second study (tests/fixtures/protocols/mini.ts) through the same engine with no code
 * change: nothing in the engine may know SACRO's names.
 */
import { describe, expect, it } from 'vitest';
import { MINI } from '../../tests/fixtures/protocols/mini';
import type { Casebook, FormRecord } from './casebook';
import { buildDictionary } from './dictionary';
import { evaluateForm } from './engine';
import { loadProtocol } from './load';
import { evaluateSubject } from './subject';

const study = loadProtocol(MINI);
const TODAY = '2026-06-01';
const ENROL: FormRecord = {
  event: 'baseline',
  form: 'ENROL',
  instance: 1,
  values: { initials: 'JD', dob: '1980-05-05', arm: 'A', enrol_date: '2026-03-02' },
};
const V0: FormRecord = {
  event: 'baseline',
  form: 'VISIT',
  instance: 1,
  values: { visit_date: '2026-03-02', weight_kg: 78.1, bp_sys: 120, smoker: 'N' },
};
const V4: FormRecord = {
  event: 'week4',
  form: 'VISIT',
  instance: 1,
  values: { visit_date: '2026-03-30', weight_kg: 80.3, bp_sys: 118, smoker: 'Y', packs_per_day: 0.5 },
};
const CM: FormRecord = {
  event: 'anytime',
  form: 'CONMED',
  instance: 1,
  values: { drug: 'Metformin', cm_start: '2025-01-01', ongoing: 'Y' },
};
const book = (...forms: FormRecord[]): Casebook => ({ subjectId: 'AAA-0007', forms });
const full = book(ENROL, V0, V4, CM);

function evalRec(rec: FormRecord, patch: Record<string, unknown> = {}, cb: Casebook = full) {
  return evaluateForm(study, rec, { ...rec.values, ...patch }, cb, TODAY);
}

describe('MINI through the engine', () => {
  it('loads', () => {
    expect(study.def.id).toBe('MINI');
    expect(study.eventsOfForm('VISIT').map((e) => e.id)).toEqual(['baseline', 'week4']);
  });

  it('a complete casebook is clean', () => {
    for (const rec of full.forms) expect(evalRec(rec).issues, rec.form).toEqual([]);
    const s = evaluateSubject(study, full, TODAY);
    expect(s.formIssues).toEqual([]);
    expect(s.rules.every((r) => r.ok)).toBe(true);
    expect(s.derived).toEqual({ weight_change: 2.2, age_at_enrol: 45 });
  });

  it('computes the participant id', () => {
    expect(evalRec(ENROL).values.participant).toBe('AAA-0007');
  });

  it.each([
    ['weight_kg', '19.9', 'range'],
    ['weight_kg', '300.1', 'range'],
    ['weight_kg', '80.25', 'decimals'],
    ['weight_kg', 'abc', 'type'],
    ['bp_sys', '120.5', 'type'],
    ['smoker', 'maybe', 'code'],
  ])('VISIT %s = %j breaks %s', (field, value, rule) => {
    const ev = evalRec(V4, { [field]: value });
    expect(ev.issues.map((i) => [i.field, i.rule, i.severity])).toEqual([[field, rule, 'error']]);
    expect(ev.issues[0]!.message).toMatch(/^[A-Z].+\.$/);
    expect(ev.canSave).toBe(false);
  });

  it.each(['20', '300', '20.0', '80.3'])('VISIT weight_kg = %s is fine', (v) => {
    expect(evalRec(V4, { weight_kg: v }).issues).toEqual([]);
  });

  it('packs_per_day shows only for smokers, and is then required', () => {
    const smoker = evalRec(V4, { packs_per_day: undefined });
    expect(smoker.visible.packs_per_day).toBe(true);
    expect(smoker.issues.map((i) => [i.field, i.rule])).toEqual([['packs_per_day', 'requiredIf']]);
    expect(smoker.issues[0]!.message).toBe('Packs per day is required when Current smoker is Yes.');
    expect([smoker.canSave, smoker.canComplete]).toEqual([true, false]);
    const non = evalRec(V4, { smoker: 'N', packs_per_day: 2 });
    expect(non.visible.packs_per_day).toBe(false);
    expect(non.values.packs_per_day).toBeNull();
    expect(non.issues).toEqual([]);
  });

  it.each([
    [20, true],
    [21, false],
    [35, false],
    [36, true],
  ])('week 4 visit at day %i: out of window = %s (a warning)', (days, warn) => {
    const d = new Date(Date.UTC(2026, 2, 2 + days)).toISOString().slice(0, 10);
    const ev = evalRec(V4, { visit_date: d });
    expect(ev.issues.map((i) => [i.rule, i.severity])).toEqual(warn ? [['window', 'warning']] : []);
    if (warn) expect(ev.issues[0]!.message).toContain('Week 4 window (21–35 days)');
    expect(ev.canComplete).toBe(true);
  });

  it('checks the age at the enrolment date and the visit against enrolment', () => {
    expect(evalRec(ENROL, { dob: '2012-01-01' }).issues.map((i) => i.rule)).toEqual(['age']);
    const early = evalRec(V0, { visit_date: '2026-03-01' });
    expect(early.issues.map((i) => `${i.rule}/${i.severity}`)).toEqual(['compare/error', 'window/warning']);
    expect(early.issues[0]!.message).toBe('Visit date must be on or after the enrolment date.');
  });

  it('a repeating form: stop date only when not ongoing, and not before the start', () => {
    const stopped = evalRec(CM, { ongoing: 'N', cm_stop: '2024-12-31' });
    expect(stopped.issues.map((i) => [i.field, i.rule])).toEqual([['cm_stop', 'compare']]);
    expect(evalRec(CM, { ongoing: 'N' }).issues.map((i) => i.rule)).toEqual(['requiredIf']);
    const cm2: FormRecord = {
      ...CM,
      instance: 2,
      values: { drug: 'Aspirin', cm_start: '2026-04-01', ongoing: 'N', cm_stop: '2026-04-10' },
    };
    expect(evaluateSubject(study, book(ENROL, V0, V4, CM, cm2), TODAY).formIssues).toEqual([]);
  });

  it('the cross-form rule and derived values', () => {
    const s = evaluateSubject(
      study,
      book(ENROL, V0, { ...V4, values: { ...V4.values, visit_date: '2026-03-02' } }),
      TODAY,
    );
    const r = s.rules.find((x) => x.id === 'week4_after_baseline_visit')!;
    expect([r.ok, r.severity, r.message]).toEqual([
      false,
      'error',
      'The week 4 visit must be after the baseline visit.',
    ]);
    expect(evaluateSubject(study, book(ENROL, V0), TODAY).derived).toEqual({ weight_change: null, age_at_enrol: 45 });
    const bornLate = evaluateSubject(
      study,
      book({ ...ENROL, values: { ...ENROL.values, dob: '2025-02-01' } }, CM),
      TODAY,
    );
    expect(bornLate.rules.find((x) => x.id === 'dates_after_dob')).toMatchObject({
      ok: false,
      where: ['anytime/CONMED.cm_start'],
    });
  });

  it('has a dictionary', () => {
    const rows = buildDictionary(study);
    expect(rows.find((r) => r.field === 'packs_per_day')).toMatchObject({
      form: 'VISIT',
      required: 'if Current smoker is Yes',
      showIf: 'Current smoker is Yes',
      range: '0.1–10; 1 decimal',
    });
    expect(rows.find((r) => r.field === 'dob')).toMatchObject({ phi: 'birthdate', required: 'yes' });
  });
});
