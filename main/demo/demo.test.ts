import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteDatabase, unlockSiteDatabase } from '../services/site-db';
import { verifyAuditChain } from '../services/audit';
import type { SiteSession } from '../services/session';
import { addUser } from '../services/users';
import { openValues } from '../services/identifier-values';
import { evaluateForm } from '../../shared/protocol/engine';
import { evaluateSubject } from '../../shared/protocol/subject';
import type { Casebook } from '../../shared/protocol/casebook';
import { generateDemo, type DemoStats } from './index';
import { scenarioSubjects } from './planner/quota';
import { DEFAULT_STUDY_ID, getStudy } from '../../shared/studies/index';
import { SACRO } from '../../shared/studies/sacro';
import { loadProtocol } from '../../shared/protocol/load';
import type { ProtocolInput } from '../../shared/protocol/schema';
import { calibrateScale, roundedClampedMoments, seedHash } from './random';

const FAST_KDF = { name: 'scrypt', N: 1024, r: 8, p: 1 } as const;
// A fixed site clock: the same seed reproduces the same content only on the same day.
const CLOCK = (): Date => new Date(2026, 2, 16, 10, 30);
const dirs: string[] = [];

function demoSite(): SiteSession {
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-demo-'));
  dirs.push(dir);
  const path = join(dir, 'site.sitecrf');
  createSiteDatabase({
    path,
    siteCode: 'MMC',
    kdf: FAST_KDF,
    admin: { username: 'admin', fullName: 'Ada Admin', password: 'admin-password-1' },
  });
  const admin = unlockSiteDatabase(path, { username: 'admin', password: 'admin-password-1' }, { clock: CLOCK });
  addUser(admin, {
    username: 'coord',
    fullName: 'Carla Coordinator',
    role: 'coordinator',
    password: 'coord-password-1',
  });
  admin.close();
  return unlockSiteDatabase(path, { username: 'coord', password: 'coord-password-1' }, { clock: CLOCK });
}

interface Row {
  subject: number;
  event: string;
  form: string;
  instance: number;
  status: string;
  data: string;
}
/** The forms as their values read (identifier values are stored sealed, with a fresh IV each time). */
const formsOf = (s: SiteSession): Row[] =>
  (s.db.prepare('SELECT subject, event, form, instance, status, data FROM forms ORDER BY id').all() as Row[]).map(
    (r) => ({
      ...r,
      data: JSON.stringify(openValues(s.identifierKey(), JSON.parse(r.data) as Record<string, unknown>)),
    }),
  );

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]): number => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('generateDemo: 300 subjects like the published series', () => {
  let s: SiteSession;
  let stats: DemoStats;
  let rows: Row[];
  const progress: [number, number][] = [];
  const indication = new Map<number, string>();
  const values = (r: Row): Record<string, unknown> => JSON.parse(r.data) as Record<string, unknown>;

  beforeAll(() => {
    s = demoSite();
    stats = generateDemo(s, { subjects: 300, seed: 1, onProgress: (d, t) => progress.push([d, t]) });
    rows = formsOf(s);
    for (const r of rows) if (r.form === 'ELIG') indication.set(r.subject, values(r).indication as string);
  });
  afterAll(() => s.close());

  it('registers every subject and reports what it did', () => {
    expect(stats.subjects).toBe(300);
    expect(stats.byIndication.SIF! + stats.byIndication.LESION!).toBe(300);
    expect(s.db.prepare('SELECT count(*) AS n FROM subjects').get()).toEqual({ n: 300 });
    expect(stats.forms).toBe(rows.length);
    expect(stats.aes).toBe(rows.filter((r) => r.form === 'AE').length);
    expect(progress.at(-1)).toEqual([300, 300]);
    expect(stats.seconds).toBeGreaterThan(0);
  });

  it('splits indications about 84/16', () => {
    expect(stats.byIndication.SIF! / 300).toBeGreaterThan(0.84 - 0.07);
    expect(stats.byIndication.SIF! / 300).toBeLessThan(0.84 + 0.07);
    expect([...indication.values()].filter((i) => i === 'LESION').length).toBe(stats.byIndication.LESION!);
  });

  it('matches the published pain scores per indication', () => {
    const vasBy = (form: string, event: string, field: string, ind: string): number[] =>
      rows
        .filter((r) => r.form === form && r.event === event && indication.get(r.subject) === ind)
        .map((r) => values(r)[field])
        .filter((v): v is number => typeof v === 'number');
    const preSif = vasBy('BASE', 'screening', 'vas_pre', 'SIF');
    const preLes = vasBy('BASE', 'screening', 'vas_pre', 'LESION');
    const postSif = vasBy('FU', 'fu_1m', 'vas_post', 'SIF');
    const postLes = vasBy('FU', 'fu_1m', 'vas_post', 'LESION');
    // About four standard errors for these group sizes (≈250 SIF, ≈50 lesions).
    expect(Math.abs(mean(preSif) - 9.2)).toBeLessThan(0.3);
    expect(Math.abs(mean(preLes) - 9.0)).toBeLessThan(0.5);
    expect(Math.abs(mean(postSif) - 1.9)).toBeLessThan(0.45);
    expect(Math.abs(mean(postLes) - 2.6)).toBeLessThan(1.3);
    expect(Math.abs(sd(preSif) - 1.1)).toBeLessThan(0.35);
    expect(Math.abs(sd(postSif) - 1.7)).toBeLessThan(0.45);
    for (const v of [...preSif, ...preLes, ...postSif, ...postLes])
      expect(Number.isInteger(v) && v >= 0 && v <= 10).toBe(true);
  });

  it('has the one radicular pain after symptomatic extravasation that needed surgical decompression', () => {
    const decompressions = rows.filter((r) => r.form === 'AE' && values(r).ae_treatment === 'SURGICAL_DECOMPRESSION');
    // The quota: one in 243, so exactly one in 300 (demo.scenarios.radicular).
    expect(decompressions.length).toBe(1);
    for (const ae of decompressions) {
      expect(values(ae).ae_term).toBe('RADICULAR_PAIN');
      expect(['C', 'D']).toContain(values(ae).ae_grade);
      const proc = rows.find((r) => r.subject === ae.subject && r.form === 'PROC')!;
      expect(values(proc)).toMatchObject({ extravasation: 'Y', extravasation_symptomatic: 'Y' });
    }
    // Otherwise complications are minor (SIR A/B), as published.
    const major = rows.filter((r) => r.form === 'AE' && ['C', 'D', 'E', 'F'].includes(values(r).ae_grade as string));
    expect(major.length).toBe(decompressions.length);
  });

  it("follows the definition's chains: the primary tumour the person's sex, the side treated the fracture's", () => {
    const reg = new Map(rows.filter((r) => r.form === 'REG').map((r) => [r.subject, values(r)]));
    const proc = new Map(rows.filter((r) => r.form === 'PROC').map((r) => [r.subject, values(r)]));
    const seen = new Set<string>();
    for (const e of rows.filter((r) => r.form === 'ELIG').map((r) => ({ subject: r.subject, v: values(r) }))) {
      const tumour = e.v.primary_tumor;
      if (typeof tumour === 'string') {
        seen.add(tumour);
        if (tumour === 'breast') expect(reg.get(e.subject)!.sex).toBe('F');
        if (tumour === 'prostate') expect(reg.get(e.subject)!.sex).toBe('M');
      }
      const side = { UNI_L: 'LEFT', UNI_R: 'RIGHT', BILAT: 'BILAT' }[e.v.fracture_side as 'BILAT'];
      if (side) expect(proc.get(e.subject)?.side_treated ?? side).toBe(side);
    }
    expect(seen.has('breast') && seen.has('lung')).toBe(true);
    // SIF is a disease of elderly women (86 % in the generator's groups).
    const sif = [...reg].filter(([id]) => indication.get(id) === 'SIF').map(([, v]) => v.sex);
    expect(sif.filter((x) => x === 'F').length / sif.length).toBeGreaterThan(0.78);
  });

  it('records extravasation in about a third, mostly asymptomatic', () => {
    const procs = rows.filter((r) => r.form === 'PROC').map(values);
    const leaks = procs.filter((p) => p.extravasation === 'Y');
    expect(leaks.length / procs.length).toBeGreaterThan(0.25);
    expect(leaks.length / procs.length).toBeLessThan(0.45);
    expect(leaks.filter((p) => p.extravasation_symptomatic === 'Y').length).toBeLessThan(leaks.length * 0.15);
    for (const p of procs) expect((p.cement_ml as number) >= 2 && (p.cement_ml as number) <= 10).toBe(true);
  });

  it('uses missing-data codes, drafts, deaths and losses to follow-up', () => {
    const coded = rows.flatMap((r) =>
      Object.entries(values(r)).filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v)),
    );
    expect(coded.length).toBeGreaterThan(10);
    expect(coded.some(([f, v]) => f === 'symptom_weeks' && (v as { missing: string }).missing === 'UNK')).toBe(true);
    expect(rows.some((r) => r.status === 'draft')).toBe(true);
    const fus = rows.filter((r) => r.form === 'FU').map(values);
    expect(fus.some((v) => v.vital_status === 'DEAD')).toBe(true);
    expect(fus.some((v) => v.vital_status === 'LOST')).toBe(true);
    expect(stats.dead).toBeGreaterThan(0);
    expect(stats.lost).toBeGreaterThan(0);
  });

  it('keeps dates plausible: referral and baseline before the procedure, follow-ups after, none in the future', () => {
    const today = s.today();
    const bySubject = new Map<number, Row[]>();
    for (const r of rows) bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r]);
    let fu1y = 0;
    for (const forms of bySubject.values()) {
      const get = (form: string, event?: string): Record<string, unknown> | undefined => {
        const r = forms.find((f) => f.form === form && (!event || f.event === event));
        return r ? values(r) : undefined;
      };
      const proc = get('PROC')!.proc_date as string;
      expect(proc <= today).toBe(true);
      const ref = get('REG')!.referral_date;
      if (typeof ref === 'string') expect(ref <= proc).toBe(true);
      expect((get('BASE')!.baseline_date as string) <= proc).toBe(true);
      const m = get('FU', 'fu_1m');
      const y = get('FU', 'fu_1y');
      if (m) expect((m.fu_date as string) > proc && (m.fu_date as string) <= today).toBe(true);
      if (y) fu1y++;
      if (m?.vital_status === 'DEAD') expect(y).toBeUndefined();
      for (const fu of [m, y]) if (fu?.vital_status === 'DEAD') expect((fu.death_date as string) >= proc).toBe(true);
    }
    // Procedures over three years: some 1-year visits are not due yet.
    expect(fu1y).toBeGreaterThan(50);
    expect(fu1y).toBeLessThan(bySubject.size * 0.8);
  });

  it('saved only forms the engine accepts, and audited every save', () => {
    const today = s.today();
    const subjects = new Map<number, Row[]>();
    for (const r of rows) subjects.set(r.subject, [...(subjects.get(r.subject) ?? []), r]);
    for (const [id, forms] of subjects) {
      const cb: Casebook = {
        subjectId: String(id),
        forms: forms.map((f) => ({
          event: f.event,
          form: f.form,
          instance: f.instance,
          values: values(f) as Casebook['forms'][number]['values'],
        })),
      };
      for (const f of forms) {
        const ev = evaluateForm(s.study, { event: f.event, form: f.form, instance: f.instance }, values(f), cb, today);
        const errors = ev.issues.filter(
          (i) => i.severity === 'error' && (f.status === 'complete' || !['required', 'requiredIf'].includes(i.rule)),
        );
        expect(errors).toEqual([]);
      }
      expect(evaluateSubject(s.study, cb, today).rules.filter((r) => !r.ok && r.severity === 'error')).toEqual([]);
    }
    expect(verifyAuditChain(s.db).ok).toBe(true);
    const saves = s.db.prepare(`SELECT count(*) AS n FROM audit WHERE action = 'form.status'`).get() as { n: number };
    expect(saves.n).toBe(rows.length);
  });

  it('writes identifiers and notes in the shapes the PHI scanner must handle', () => {
    const regs = rows.filter((r) => r.form === 'REG').map(values);
    expect(new Set(regs.map((r) => r.mrn)).size).toBe(regs.length);
    for (const r of regs) {
      expect(r.mrn).toMatch(/^[A-Za-z0-9-]{1,20}$/);
      if (r.phone !== undefined && r.phone !== null) expect(r.phone).toMatch(/^\(\d{3}\) 555-01\d\d$/);
      if (r.zip !== undefined && r.zip !== null) expect(r.zip).toMatch(/^10[4-7]\d\d$/);
    }
    const notes = rows.flatMap((r) =>
      ['proc_notes', 'fu_notes', 'ae_narrative']
        .map((f) => values(r)[f])
        .filter((v): v is string => typeof v === 'string'),
    );
    expect(notes.some((n) => /\d{3}[-.) ]+555[-. ]01\d\d/.test(n))).toBe(true);
    expect(notes.some((n) => /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/.test(n))).toBe(true);
    expect(notes.some((n) => /MRN/.test(n))).toBe(true);
    expect(notes.some((n) => /\bDr\. [A-Z]/.test(n))).toBe(true);
    expect(notes.some((n) => regs.some((r) => n.includes(`${r.first_name as string} ${r.last_name as string}`)))).toBe(
      true,
    );
  });
});

describe('generateDemo: reproducible from its seed', () => {
  it('gives identical forms for the same seed on the same day, and different ones for another seed', () => {
    const a = demoSite();
    const b = demoSite();
    const c = demoSite();
    try {
      generateDemo(a, { subjects: 60, seed: 'twin' });
      generateDemo(b, { subjects: 60, seed: 'twin', batchSize: 7 });
      generateDemo(c, { subjects: 60, seed: 'other' });
      const fa = formsOf(a);
      expect(fa.length).toBeGreaterThan(250);
      expect(formsOf(b)).toEqual(fa);
      expect(formsOf(c)).not.toEqual(fa);
    } finally {
      for (const s of [a, b, c]) s.close();
    }
  });
});

describe('demo helpers', () => {
  it('calibrates the latent normal so rounded, clamped VAS scores have the published moments', () => {
    for (const [m, sdev] of [
      [9.2, 1.1],
      [9.0, 0.9],
      [1.9, 1.7],
      [2.6, 2.4],
    ] as const) {
      const c = calibrateScale(m, sdev, 0, 10);
      const got = roundedClampedMoments(c.mu, c.sigma, 0, 10);
      expect(got.mean).toBeCloseTo(m, 4);
      expect(got.sd).toBeCloseTo(sdev, 4);
    }
  });

  it('places about one surgical decompression per 243 subjects, at least one from 50', () => {
    // The quota is the definition's (demo.scenarios.radicular), read by the generic planner.
    const demo = getStudy(DEFAULT_STUDY_ID).def.demo!;
    const radicular = (seed: number, size: number): Set<number> =>
      scenarioSubjects(demo, { seed, size }).get('radicular')!;
    for (const n of [50, 51, 100, 243, 300]) expect(radicular(seedHash(n), n).size).toBe(1);
    expect(radicular(seedHash('x'), 1000).size).toBe(4);
    for (const i of radicular(seedHash('y'), 1000)) expect(i >= 0 && i < 1000).toBe(true);
  });

  it('refuses a definition that names a demo plug-in, before touching the database', () => {
    const def = structuredClone(SACRO) as ProtocolInput;
    def.demo!.generator = 'sacro';
    const s = demoSite();
    try {
      s.runStudy(loadProtocol(def));
      expect(() => generateDemo(s, { subjects: 5, seed: 1 })).toThrow(
        /demo generator "sacro", which this build does not have/,
      );
      expect(s.db.prepare('SELECT count(*) AS n FROM subjects').get()).toEqual({ n: 0 });
    } finally {
      s.close();
    }
  });

  it('treats a seed given as text or number alike', () => {
    expect(seedHash(42)).toBe(seedHash('42'));
    expect(seedHash(42)).not.toBe(seedHash(43));
  });

  it('refuses a bad subject count before touching the database', () => {
    const s = demoSite();
    try {
      const audit = s.db.prepare('SELECT count(*) AS n FROM audit').get();
      expect(() => generateDemo(s, { subjects: 0, seed: 1 })).toThrow(/whole number/);
      expect(() => generateDemo(s, { subjects: 2.5, seed: 1 })).toThrow(/whole number/);
      expect(s.db.prepare('SELECT count(*) AS n FROM subjects').get()).toEqual({ n: 0 });
      expect(s.db.prepare('SELECT count(*) AS n FROM audit').get()).toEqual(audit);
    } finally {
      s.close();
    }
  });

  it('lets an administrator run it, entered by a demo account that cannot log in', () => {
    const s = demoSite();
    const admin = unlockSiteDatabase(s.dbPath, { username: 'admin', password: 'admin-password-1' }, { clock: CLOCK });
    try {
      expect(generateDemo(admin, { subjects: 5, seed: 1 }).subjects).toBe(5);
      const users = admin.db.prepare(`SELECT DISTINCT user FROM audit WHERE action = 'form.value'`).all();
      expect(users).toEqual([{ user: 'demo' }]);
      expect(admin.db.prepare(`SELECT user, detail FROM audit WHERE action = 'demo.generate'`).get()).toMatchObject({
        user: 'admin',
      });
      expect(() => unlockSiteDatabase(s.dbPath, { username: 'demo', password: 'anything-at-all' })).toThrow(
        /Wrong user name or password/,
      );
      expect(generateDemo(admin, { subjects: 2, seed: 2 }).subjects).toBe(2);
    } finally {
      admin.close();
      s.close();
    }
  });
});
