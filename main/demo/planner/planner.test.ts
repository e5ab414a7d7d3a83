/**
 * The generic planner on a study it was not written for: MINI (tests/fixtures/protocols/mini.ts)
 * has no demo section, another index date, show-if fields, a computed field and a repeating form.
 * Its demo goes through the real services, passes the engine and exports as a workbook.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBetween, yearsBetween } from '../../../shared/dates';
import type { Casebook } from '../../../shared/protocol/casebook';
import { evaluateForm } from '../../../shared/protocol/engine';
import type { ProtocolInput } from '../../../shared/protocol/schema';
import { checkStudyDefinition } from '../../../shared/protocol/study-file';
import { evaluateSubject } from '../../../shared/protocol/subject';
import { MINI } from '../../../tests/fixtures/protocols/mini';
import { demoSites, formsOf, type DemoSite, type FormRow } from '../../../tests/support/demo-site';
import { readSubmission } from '../../export/workbook-reader';
import { exportSubmission } from '../../export/workbook-writer';
import { generateDemo, type DemoStats } from '../index';
import { siteGeo } from '../names';
import { Rng } from '../random';
import { loadProtocol } from '../../../shared/protocol/load';

const { site, cleanup } = demoSites();
afterAll(cleanup);

describe('the generic planner: MINI, a study with no demo section', () => {
  let s: DemoSite;
  let stats: DemoStats;
  let rows: FormRow[];
  const of = (form: string, event?: string): FormRow[] =>
    rows.filter((r) => r.form === form && (!event || r.event === event));

  beforeAll(() => {
    s = site(MINI);
    stats = generateDemo(s.coord, { subjects: 120, seed: 4 });
    rows = formsOf(s.coord);
  });
  afterAll(() => {
    s.coord.close();
    s.admin.close();
  });

  it('registers every subject and fills each event it plans', () => {
    expect(stats.subjects).toBe(120);
    expect(s.coord.db.prepare('SELECT count(*) AS n FROM subjects').get()).toEqual({ n: 120 });
    expect(stats.forms).toBe(rows.length);
    expect(of('ENROL').length).toBe(120);
    expect(of('VISIT', 'baseline').length).toBe(120);
    const week4 = of('VISIT', 'week4').length;
    // Enrolments over three years: nearly all week-4 visits are due, some were never entered.
    expect(week4).toBeGreaterThan(90);
    expect(week4).toBeLessThan(120);
    expect(stats.aes).toBe(of('CONMED').length);
    expect(stats.aes).toBeGreaterThan(40);
  });

  it('saved only forms the engine accepts, with every rule across forms holding', () => {
    const today = s.coord.today();
    const bySubject = new Map<number, FormRow[]>();
    for (const r of rows) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r]);
    for (const [id, forms] of bySubject) {
      const cb: Casebook = {
        subjectId: String(id),
        forms: forms.map((f) => ({ ...f, values: f.values as Casebook['forms'][number]['values'] })),
      };
      for (const f of forms) {
        const ev = evaluateForm(s.coord.study, f, f.values, cb, today);
        const errors = ev.issues.filter(
          (i) => i.severity === 'error' && (f.status === 'complete' || !['required', 'requiredIf'].includes(i.rule)),
        );
        expect(errors).toEqual([]);
      }
      expect(evaluateSubject(s.coord.study, cb, today).rules.filter((r) => !r.ok && r.severity === 'error')).toEqual(
        [],
      );
    }
  });

  it('leaves hidden fields blank and fills the ones a show-if opens', () => {
    const visits = of('VISIT').map((r) => r.values);
    const smokers = visits.filter((v) => v.smoker === 'Y');
    const non = visits.filter((v) => v.smoker === 'N');
    expect(smokers.length).toBeGreaterThan(20);
    expect(non.length).toBeGreaterThan(20);
    for (const v of non) expect(v.packs_per_day ?? null).toBeNull();
    const complete = of('VISIT').filter((r) => r.status === 'complete' && r.values.smoker === 'Y');
    for (const r of complete) expect(typeof r.values.packs_per_day).toBe('number');
    for (const r of of('CONMED')) {
      if (r.values.ongoing === 'Y') expect(r.values.cm_stop ?? null).toBeNull();
      if (r.values.ongoing === 'N' && r.status === 'complete')
        expect((r.values.cm_stop as string) >= (r.values.cm_start as string)).toBe(true);
    }
  });

  it('keeps values in range, dates in their windows and identifiers in their declared shapes', () => {
    const today = s.coord.today();
    for (const r of of('ENROL')) {
      const v = r.values;
      expect(v.initials).toMatch(/^[A-Z]{2,3}$/);
      expect(['A', 'P']).toContain(v.arm);
      const age = yearsBetween(v.dob as string, v.enrol_date as string);
      expect(age >= 16 && age <= 80).toBe(true);
      expect((v.enrol_date as string) <= today).toBe(true);
      // The computed field is the engine's, never the planner's.
      const subjectId = s.coord.db.prepare('SELECT subject_id FROM subjects WHERE id = ?').pluck().get(r.subject);
      expect(v.participant).toBe(subjectId);
    }
    const enrol = new Map(of('ENROL').map((r) => [r.subject, r.values.enrol_date as string]));
    const days = of('VISIT', 'week4').map((r) => daysBetween(enrol.get(r.subject)!, r.values.visit_date as string));
    expect(days.filter((d) => d >= 21 && d <= 35).length / days.length).toBeGreaterThan(0.85);
    for (const d of days) expect(d).toBeGreaterThan(0);
    for (const r of of('VISIT')) {
      const w = r.values.weight_kg as number;
      if (r.status === 'complete') expect(w >= 20 && w <= 300).toBe(true);
      if (typeof r.values.bp_sys === 'number') expect(Number.isInteger(r.values.bp_sys)).toBe(true);
    }
    const notes = of('VISIT')
      .map((r) => r.values.visit_notes)
      .filter((n): n is string => typeof n === 'string');
    expect(notes.length).toBeGreaterThan(50);
    for (const n of notes) expect(n.length).toBeLessThanOrEqual(500);
    // Free text carries synthetic identifiers inline, for the PHI scanner to clean.
    expect(notes.some((n) => /555[-. ]01\d\d/.test(n))).toBe(true);
  });

  it('exports a workbook that reads back with its hashes verified', async () => {
    const outDir = join(s.dir, 'out');
    mkdirSync(outDir, { recursive: true });
    const r = await exportSubmission(s.admin, { period: '2026-10', outDir });
    // A withdrawn subject stays in the workbook (its status says so): every subject is there.
    expect(r.subjects).toBe(120);
    const back = await readSubmission(r.file);
    expect(back.hashCheck.ok).toBe(true);
    // A sheet per form (a visit form per event), each holding every planned instance.
    expect(back.sheets.ENROL!.length).toBe(120);
    expect(back.sheets.CONMED!.length).toBe(stats.aes);
    expect(back.sheets.WEEK4!.length).toBe(rows.filter((x) => x.event === 'week4').length);
  });
});

describe('the generic planner: reproducible, and shaped by a demo section', () => {
  it('gives identical forms for the same seed on the same day, and others for another seed', () => {
    const a = site(MINI);
    const b = site(MINI);
    const c = site(MINI);
    try {
      generateDemo(a.coord, { subjects: 30, seed: 'twin' });
      generateDemo(b.coord, { subjects: 30, seed: 'twin', batchSize: 4 });
      generateDemo(c.coord, { subjects: 30, seed: 'other' });
      const fa = formsOf(a.coord);
      expect(fa.length).toBeGreaterThan(80);
      expect(formsOf(b.coord)).toEqual(fa);
      expect(formsOf(c.coord)).not.toEqual(fa);
    } finally {
      for (const x of [a, b, c]) for (const t of [x.coord, x.admin]) t.close();
    }
  });

  it("follows the definition's distributions, code weights, conditions and shares", () => {
    const def = structuredClone(MINI);
    def.demo = {
      fields: [
        { form: 'ENROL', field: 'arm', codes: { A: 3, P: 1 } },
        {
          form: 'VISIT',
          field: 'weight_kg',
          when: { form: 'ENROL', field: 'arm', eq: 'A' },
          normal: { mean: 70, sd: 4 },
        },
        { form: 'VISIT', field: 'weight_kg', normal: { mean: 95, sd: 4 } },
        { form: 'VISIT', field: 'smoker', codes: { Y: 0, N: 1 } },
        { form: 'VISIT', field: 'bp_sys', fill: 0 },
        { form: 'VISIT', field: 'visit_notes', fill: 1, text: ['Seen {visit_date}, weight {weight_kg} kg.'] },
        { form: 'CONMED', field: 'drug', text: ['metformin', 'ramipril'] },
      ],
      events: { week4: { entered: 1, lost: 0 }, anytime: { count: { '1': 1 } } },
      drafts: 0,
      withdrawn: 0,
    };
    const x = site(def);
    try {
      generateDemo(x.coord, { subjects: 200, seed: 9 });
      const rows = formsOf(x.coord);
      const arm = new Map(rows.filter((r) => r.form === 'ENROL').map((r) => [r.subject, r.values.arm]));
      const active = [...arm.values()].filter((v) => v === 'A').length / arm.size;
      expect(active).toBeGreaterThan(0.65);
      expect(active).toBeLessThan(0.85);
      const visits = rows.filter((r) => r.form === 'VISIT');
      const mean = (xs: number[]): number => xs.reduce((p, q) => p + q, 0) / xs.length;
      const weights = (a: string): number[] =>
        visits.filter((r) => arm.get(r.subject) === a).map((r) => r.values.weight_kg as number);
      expect(Math.abs(mean(weights('A')) - 70)).toBeLessThan(1);
      expect(Math.abs(mean(weights('P')) - 95)).toBeLessThan(1.5);
      for (const v of visits) {
        expect(v.values.smoker).toBe('N');
        expect(v.values.bp_sys ?? null).toBeNull();
        expect(v.values.visit_notes).toMatch(/^Seen .+, weight \d+(\.\d)? kg\.$/);
      }
      // Every due week-4 visit is entered: all but the enrolments of the last five weeks.
      const enrol = rows.filter((r) => r.form === 'ENROL').map((r) => r.values.enrol_date as string);
      const due = enrol.filter((d) => daysBetween(d, x.coord.today()) >= 35).length;
      expect(visits.filter((r) => r.event === 'week4').length).toBeGreaterThanOrEqual(due);
      const meds = rows.filter((r) => r.form === 'CONMED');
      expect(meds.length).toBe(200);
      for (const m of meds) expect(['metformin', 'ramipril']).toContain(m.values.drug);
    } finally {
      x.coord.close();
      x.admin.close();
    }
  });

  it('refuses a demo section that names what the study does not have, at its JSON path', () => {
    const def = structuredClone(MINI) as ProtocolInput;
    def.demo = {
      fields: [
        { form: 'VISIT', field: 'no_such_field', normal: { mean: 1, sd: 1 } },
        { form: 'ENROL', field: 'arm', codes: { A: 1, Z: 1 } },
        { form: 'VISIT', field: 'smoker', normal: { mean: 1, sd: 1 } },
        { form: 'VISIT', field: 'weight_kg', normal: { mean: 1, sd: 1 }, uniform: { min: 1, max: 2 } },
        { form: 'VISIT', field: 'bp_sys', scenario: 'no_such_scenario', fill: 1 },
        { form: 'VISIT', field: 'visit_notes', text: ['{ENROL.nope} {weight_kg:label} {@none} {smoker:label}'] },
        { form: 'VISIT', field: 'smoker', copy: { from: { form: 'VISIT', field: 'weight_kg' }, add: ['Y'] } },
        { form: 'VISIT', field: 'smoker', sets: [{ codes: ['Q'], weight: 1 }] },
      ],
      phrases: { p: ['{VISIT.nothing} {ENROL.arm:label}'] },
      groups: { A: { female: 0.5 } },
      events: { week4: { scenarios: { no_such_scenario: 1 } }, anytime: { days: [{ min: 1, max: 2, weight: 1 }] } },
      sexField: { form: 'ENROL', field: 'arm', female: 'X', male: 'P' },
      sites: [{ code: 'QQQ', hospital: 'Q', mrn: '#', areaCodes: ['217'], zips: ['62701'] }],
      network: { sites: [{ code: 'ZZZ', share: 1 }], subjects: 10 },
    };
    const r = checkStudyDefinition(def);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors.map((e) => `${e.path} ${e.rule}`);
    expect(errors).toEqual(['$.demo.fields[3].uniform oneDraw']);
    delete (def.demo.fields![3] as { uniform?: unknown }).uniform;
    const r2 = checkStudyDefinition(def);
    expect(r2.ok ? [] : r2.errors.map((e) => `${e.path} ${e.rule}`)).toEqual([
      '$.demo.fields[0].field unknownField',
      '$.demo.fields[1].codes.Z unknownCode',
      '$.demo.fields[2].normal drawType',
      '$.demo.fields[4].scenario unknownScenario',
      '$.demo.fields[5].text[0] unknownField',
      '$.demo.fields[5].text[0] labelOfUncoded',
      '$.demo.fields[5].text[0] unknownPhrase',
      '$.demo.fields[6].copy.from copyType',
      '$.demo.fields[6].copy drawType',
      '$.demo.fields[7].sets drawType',
      '$.demo.fields[7].sets[0].codes[0] unknownCode',
      '$.demo.groups noStratifyBy',
      '$.demo.phrases.p[0] unknownField',
      '$.demo.sexField.female unknownCode',
      '$.demo.events.week4.scenarios.no_such_scenario unknownScenario',
      '$.demo.events.week4.scenarios.no_such_scenario notRepeating',
      '$.demo.events.anytime.days repeating',
      '$.demo.sites[0].code unknownSite',
      '$.demo.network.sites[0].code unknownSite',
    ]);
  });
});

describe("a site's patients, from the definition's demo.sites", () => {
  it('draws record numbers in the hospital’s shape, ZIPs and area codes from its lists', () => {
    const def = structuredClone(MINI);
    def.demo = {
      sites: [
        { code: 'AAA', hospital: 'Alpha Clinic', mrn: 'A%-####', areaCodes: ['217'], zips: ['62701', '62702'] },
        { code: 'BBB', hospital: 'Beta Hospital', mrn: '######', areaCodes: ['309'], zips: ['61602'] },
      ],
    };
    const study = loadProtocol(def);
    const rng = new Rng(5);
    const a = siteGeo(study, 'AAA');
    expect(a.hospital).toBe('Alpha Clinic');
    for (let i = 0; i < 50; i++) expect(a.mrn(rng)).toMatch(/^A[1-9]-\d{4}$/);
    expect(siteGeo(study, 'BBB').mrn(rng)).toMatch(/^\d{6}$/);
    expect(siteGeo(study, 'BBB').zips).toEqual(['61602']);
    // A site the section does not list takes the first one's shapes; a study with none, generic ones.
    expect(siteGeo(study, 'ZZZ').hospital).toBe('Alpha Clinic');
    expect(siteGeo(loadProtocol(MINI), 'AAA').mrn(rng)).toMatch(/^00\d{6}$/);
  });
});
