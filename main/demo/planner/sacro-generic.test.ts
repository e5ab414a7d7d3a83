/**
 * The generic planner on the shipped study with its demo section taken away: SACRO's definition
 * alone (cross-form rules, a death condition, branching, missing-data codes, a repeating AE form)
 * is enough for a casebook the services accept. SACRO's own demo section is checked in
 * main/demo/demo.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Casebook } from '../../../shared/protocol/casebook';
import { evaluateForm } from '../../../shared/protocol/engine';
import type { ProtocolInput } from '../../../shared/protocol/schema';
import { evaluateSubject } from '../../../shared/protocol/subject';
import { subjectDied } from '../../../shared/protocol/visit-status';
import { SACRO } from '../../../shared/studies/sacro';
import { openValues } from '../../services/identifier-values';
import type { SiteSession } from '../../services/session';
import { createSiteDatabase, unlockSiteDatabase } from '../../services/site-db';
import { addUser } from '../../services/users';
import { generateDemo, type DemoStats } from '../index';

const FAST_KDF = { name: 'scrypt', N: 1024, r: 8, p: 1 } as const;
const CLOCK = (): Date => new Date(2026, 9, 20, 10, 30);
let dir: string;
let s: SiteSession;
let stats: DemoStats;
let cases: Map<number, Casebook & { status: string[] }>;

beforeAll(() => {
  const def = structuredClone(SACRO) as ProtocolInput;
  delete def.demo;
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-generic-sacro-'));
  const path = join(dir, 'site.sitecrf');
  const admin = { username: 'admin', fullName: 'Ada Admin', password: 'admin-password-1' };
  createSiteDatabase({ path, siteCode: 'MMC', studyText: JSON.stringify(def), kdf: FAST_KDF, admin });
  const a = unlockSiteDatabase(path, admin, { clock: CLOCK });
  addUser(a, { username: 'coord', fullName: 'Carla Coordinator', role: 'coordinator', password: 'coord-password-1' });
  a.close();
  s = unlockSiteDatabase(path, { username: 'coord', password: 'coord-password-1' }, { clock: CLOCK });
  stats = generateDemo(s, { subjects: 80, seed: 2 });
  cases = new Map();
  const rows = s.db.prepare('SELECT subject, event, form, instance, status, data FROM forms ORDER BY id').all() as {
    subject: number;
    event: string;
    form: string;
    instance: number;
    status: string;
    data: string;
  }[];
  for (const r of rows) {
    const cb = cases.get(r.subject) ?? { subjectId: String(r.subject), forms: [], status: [] };
    const values = openValues(s.identifierKey(), JSON.parse(r.data) as Record<string, unknown>);
    cb.forms.push({
      event: r.event,
      form: r.form,
      instance: r.instance,
      values: values as Casebook['forms'][0]['values'],
    });
    cb.status.push(r.status);
    cases.set(r.subject, cb);
  }
}, 120_000);
afterAll(() => {
  s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the generic planner on SACRO's definition, without its demo section", () => {
  it('enters every subject with the forms of the index event', () => {
    expect(stats.subjects).toBe(80);
    expect(cases.size).toBe(80);
    for (const cb of cases.values()) {
      for (const form of s.study.eventsOfForm(s.study.def.indexDate.form)[0]!.forms)
        expect(cb.forms.some((f) => f.form === form)).toBe(true);
      expect(cb.forms.some((f) => f.form === s.study.def.indexDate.form)).toBe(true);
    }
    expect(stats.aes).toBeGreaterThan(30);
  });

  it('saved only what the engine accepts, every rule across forms holding', () => {
    const today = s.today();
    for (const cb of cases.values()) {
      cb.forms.forEach((f, i) => {
        const errors = evaluateForm(s.study, f, f.values, cb, today).issues.filter(
          (x) =>
            x.severity === 'error' && (cb.status[i] === 'complete' || !['required', 'requiredIf'].includes(x.rule)),
        );
        expect(errors).toEqual([]);
      });
      expect(evaluateSubject(s.study, cb, today).rules.filter((r) => !r.ok && r.severity === 'error')).toEqual([]);
    }
  });

  it('plans no visit after the one that records a death', () => {
    let died = 0;
    for (const cb of cases.values()) {
      const visits = cb.forms.filter((f) => !s.study.event(f.event).repeating);
      const at = visits.findIndex((_, i) => subjectDied(s.study, { ...cb, forms: visits.slice(0, i + 1) }));
      if (at < 0) continue;
      died++;
      const event = visits[at]!.event;
      expect(visits.slice(at + 1).every((f) => f.event === event)).toBe(true);
    }
    expect(died).toBe(stats.dead);
  });
});

/**
 * SACRO's chains in isolation, each with clear-cut data (sacro.json says them with the published
 * weights): the one decompression in 243 as a cohort quota with its own AE instance, the side
 * treated from the fracture side (a protocol `when` on a value already planned) and the AE's
 * narrative from the procedure's facts (code labels of an earlier form).
 */
const BASE_ANALGESIC = { form: 'BASE', field: 'analgesic' };
const afterBy = (change: string) => ({
  form: 'FU',
  field: 'analgesic',
  when: { field: 'analgesic_change', eq: change },
  fill: 1,
});

describe("SACRO's chains as demo data on the generic planner", () => {
  let t: SiteSession;
  let rows: { subject: number; form: string; values: Record<string, unknown> }[];
  beforeAll(() => {
    const def = structuredClone(SACRO) as ProtocolInput;
    // Every answer of the scenario is given: its case is the one the complication table needs.
    const radicular = { scenario: 'radicular', fill: 1 } as const;
    const side = (from: string, to: string) =>
      ({
        form: 'PROC',
        field: 'side_treated',
        when: { form: 'ELIG', field: 'fracture_side', eq: from },
        value: to,
      }) as const;
    def.demo = {
      // Fractures are a disease of elderly women; the lesions' people are set apart to be told apart.
      sexField: { form: 'REG', field: 'sex', female: 'F', male: 'M' },
      groups: { SIF: { female: 0.95, age: { mean: 80, sd: 5 } }, LESION: { female: 0.05, age: { mean: 55, sd: 5 } } },
      // No form left a draft, so every planned answer is saved.
      drafts: 0,
      scenarios: { radicular: { count: 1, per: 243, atLeastOneFrom: 50 } },
      events: { ae: { count: { '0': 1 }, scenarios: { radicular: 1 } } },
      fields: [
        side('UNI_L', 'LEFT'),
        side('UNI_R', 'RIGHT'),
        side('BILAT', 'BILAT'),
        { form: 'PROC', field: 'extravasation', ...radicular, value: 'Y' },
        { form: 'PROC', field: 'extravasation', value: 'N' },
        { form: 'PROC', field: 'extravasation_site', ...radicular, value: ['FORAMINAL'] },
        { form: 'PROC', field: 'extravasation_symptomatic', ...radicular, value: 'Y' },
        { form: 'AE', field: 'ae_term', ...radicular, value: 'RADICULAR_PAIN' },
        { form: 'AE', field: 'ae_treatment', ...radicular, value: 'SURGICAL_DECOMPRESSION' },
        { form: 'AE', field: 'ae_grade', ...radicular, codes: { C: 1, D: 1 } },
        { form: 'AE', field: 'ae_related', ...radicular, value: 'RELATED' },
        // The analgesics after the procedure from those before, by the change the visit records.
        {
          form: 'ELIG',
          field: 'imaging_modality',
          fill: 1,
          sets: [
            { codes: ['MRI'], weight: 30 },
            { codes: ['CT', 'MRI'], weight: 30 },
            { codes: ['CT', 'BONESCAN'], weight: 10 },
          ],
        },
        { ...afterBy('STOPPED'), value: ['NONE'] },
        { ...afterBy('UNCHANGED'), copy: { from: BASE_ANALGESIC } },
        { ...afterBy('INCREASED'), copy: { from: BASE_ANALGESIC, remove: ['NONE'], add: ['STRONG_OPIOID'] } },
        { ...afterBy('DECREASED'), copy: { from: BASE_ANALGESIC, remove: ['NONE', 'STRONG_OPIOID'] } },
        {
          form: 'AE',
          field: 'ae_narrative',
          ...radicular,
          fill: 1,
          text: ['{PROC.side_treated:label} sacroplasty, {PROC.extravasation_site:label} cement; {@surgery}.'],
        },
      ],
      phrases: { surgery: ['decompressed by {doctor}', '{doctor} (neurosurgery) performed decompression'] },
    };
    const dir2 = mkdtempSync(join(tmpdir(), 'sitecrf-sacro-data-'));
    const path = join(dir2, 'site.sitecrf');
    const admin = { username: 'admin', fullName: 'Ada Admin', password: 'admin-password-1' };
    createSiteDatabase({ path, siteCode: 'MMC', studyText: JSON.stringify(def), kdf: FAST_KDF, admin });
    const a = unlockSiteDatabase(path, admin, { clock: CLOCK });
    addUser(a, { username: 'coord', fullName: 'Carla Coordinator', role: 'coordinator', password: 'coord-password-1' });
    a.close();
    t = unlockSiteDatabase(path, { username: 'coord', password: 'coord-password-1' }, { clock: CLOCK });
    generateDemo(t, { subjects: 60, seed: 5 });
    rows = (
      t.db.prepare('SELECT subject, form, data FROM forms ORDER BY id').all() as {
        subject: number;
        form: string;
        data: string;
      }[]
    ).map((r) => ({ ...r, values: openValues(t.identifierKey(), JSON.parse(r.data) as Record<string, unknown>) }));
    return () => {
      t.close();
      rmSync(dir2, { recursive: true, force: true });
    };
  }, 120_000);

  it('has exactly the quota: one decompression in 60 subjects, after a symptomatic foraminal leak', () => {
    const aes = rows.filter((r) => r.form === 'AE');
    expect(aes.length).toBe(1);
    const ae = aes[0]!.values;
    expect([ae.ae_term, ae.ae_treatment, ae.ae_related]).toEqual([
      'RADICULAR_PAIN',
      'SURGICAL_DECOMPRESSION',
      'RELATED',
    ]);
    expect(['C', 'D']).toContain(ae.ae_grade);
    const proc = rows.find((r) => r.form === 'PROC' && r.subject === aes[0]!.subject)!.values;
    expect([proc.extravasation, proc.extravasation_site, proc.extravasation_symptomatic]).toEqual([
      'Y',
      ['FORAMINAL'],
      'Y',
    ]);
    const label = { LEFT: 'Left', RIGHT: 'Right', BILAT: 'Bilateral' }[proc.side_treated as 'LEFT'];
    expect(ae.ae_narrative).toMatch(
      new RegExp(
        `^${label} sacroplasty, Foraminal cement; (decompressed by Dr\\. .+|Dr\\. .+ \\(neurosurgery\\) performed decompression)\\.$`,
      ),
    );
    // Everyone else had no leak: the scenario's rules reached no one else.
    const leaks = rows.filter((r) => r.form === 'PROC' && r.values.extravasation === 'Y');
    expect(leaks.map((r) => r.subject)).toEqual([aes[0]!.subject]);
  });

  it('gives the analgesics after from those before, by the change recorded', () => {
    const before = new Map(rows.filter((r) => r.form === 'BASE').map((r) => [r.subject, r.values.analgesic]));
    const seen = new Set<string>();
    for (const fu of rows.filter((r) => r.form === 'FU' && r.values.analgesic_change)) {
      const pre = before.get(fu.subject) as string[];
      const change = fu.values.analgesic_change as string;
      const after = fu.values.analgesic as string[];
      seen.add(change);
      if (change === 'STOPPED') expect(after).toEqual(['NONE']);
      if (change === 'UNCHANGED') expect(after).toEqual(pre);
      if (change === 'INCREASED') {
        expect(after).toContain('STRONG_OPIOID');
        for (const c of pre.filter((x) => x !== 'NONE')) expect(after).toContain(c);
      }
      const lighter = pre.filter((x) => x !== 'NONE' && x !== 'STRONG_OPIOID');
      if (change === 'DECREASED' && lighter.length) expect(after).toEqual(lighter);
    }
    expect(seen).toEqual(new Set(['STOPPED', 'UNCHANGED', 'INCREASED', 'DECREASED']));
  });

  it('draws the imaging as whole weighted combinations, in the codes order', () => {
    const sets = rows.filter((r) => r.form === 'ELIG').map((r) => JSON.stringify(r.values.imaging_modality));
    expect(new Set(sets)).toEqual(new Set(['["MRI"]', '["MRI","CT"]', '["CT","BONESCAN"]']));
  });

  it("draws each group's people: sex and age follow the indication", () => {
    const sex = new Map(rows.filter((r) => r.form === 'REG').map((r) => [r.subject, r.values]));
    const by = { SIF: [] as Record<string, unknown>[], LESION: [] as Record<string, unknown>[] };
    for (const e of rows.filter((r) => r.form === 'ELIG')) by[e.values.indication as 'SIF'].push(sex.get(e.subject)!);
    const women = (xs: Record<string, unknown>[]): number => xs.filter((x) => x.sex === 'F').length / xs.length;
    const age = (xs: Record<string, unknown>[]): number =>
      xs.reduce((p, x) => p + (Date.parse('2026-10-20') - Date.parse(String(x.birth_date))) / 3.156e10, 0) / xs.length;
    expect(by.SIF.length).toBeGreaterThan(15);
    expect(by.LESION.length).toBeGreaterThan(15);
    expect(women(by.SIF)).toBeGreaterThan(0.8);
    expect(women(by.LESION)).toBeLessThan(0.2);
    expect(age(by.SIF) - age(by.LESION)).toBeGreaterThan(20);
  });

  it('treats the side the fracture is on', () => {
    const elig = new Map(rows.filter((r) => r.form === 'ELIG').map((r) => [r.subject, r.values.fracture_side]));
    const sides = { UNI_L: 'LEFT', UNI_R: 'RIGHT', BILAT: 'BILAT' } as Record<string, string>;
    let fractures = 0;
    for (const p of rows.filter((r) => r.form === 'PROC')) {
      const f = elig.get(p.subject);
      if (typeof f !== 'string') continue;
      fractures++;
      expect(p.values.side_treated).toBe(sides[f]);
    }
    expect(fractures).toBeGreaterThan(20);
  });
});
