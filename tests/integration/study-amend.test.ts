/**
 * Amendments on a real encrypted file: a compatible next version is stored, audited and run;
 * one that would orphan or invalidate saved data is refused with every problem listed; each
 * form instance keeps the version it was saved under.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getForm } from '../../main/services/forms';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { studyVersions } from '../../main/services/study-store';
import { amendStudy } from '../../main/study/amend';
import { readSubmission } from '../../main/export/workbook-reader';
import { registerStudy } from '../../shared/studies/index';
import { makeSite, PASSWORDS, sitecrf, type Site } from './site-fixture';

const MINI_TEXT = readFileSync(join(__dirname, '../fixtures/studies/mini.json'), 'utf8');
type Def = {
  version: string;
  forms: {
    id: string;
    fields: { id: string; type: string; max?: number; codes?: { code: string; label: string }[] }[];
  }[];
  events: { id: string; label: string; forms: string[]; repeating?: boolean }[];
};
const mini = (): Def => JSON.parse(MINI_TEXT);
const field = (d: Def, form: string, id: string) =>
  d.forms.find((f) => f.id === form)!.fields.find((x) => x.id === id)!;

/** 0.2: a new field, a new code, a wider range, a new event, a changed label. */
function v02(): Def {
  const d = mini();
  d.version = '0.2';
  d.forms
    .find((f) => f.id === 'VISIT')!
    .fields.push({ id: 'waist_cm', label: 'Waist', type: 'int', phi: 'none' } as never);
  field(d, 'ENROL', 'arm').codes!.push({ code: 'O', label: 'Open label' });
  field(d, 'VISIT', 'weight_kg').max = 350;
  d.events.push({ id: 'week12', label: 'Week 12', forms: ['VISIT'] });
  d.events[0]!.label = 'Baseline visit';
  return d;
}

let site: Site;
let subjectId: string;
beforeAll(() => {
  registerStudy(JSON.parse(MINI_TEXT));
  site = makeSite({ studyId: 'MINI', siteCode: 'AAA' });
  const c = site.login('coordinator');
  ({ subjectId } = registerSubject(c));
  saveForm(c, {
    subjectId,
    event: 'baseline',
    form: 'ENROL',
    status: 'complete',
    values: { initials: 'JQ', dob: '1980-05-01', arm: 'A', enrol_date: '2025-03-01' },
  });
  saveForm(c, {
    subjectId,
    event: 'baseline',
    form: 'VISIT',
    status: 'complete',
    values: { visit_date: '2025-03-01', weight_kg: 80.3, smoker: 'N' },
  });
  c.close();
});
afterAll(() => site.cleanup());

describe('study amend', () => {
  it('refuses an amendment that would orphan or invalidate saved data, listing every problem', () => {
    const d = mini();
    d.version = '0.3';
    const arm = field(d, 'ENROL', 'arm');
    arm.codes = arm.codes!.filter((c) => c.code !== 'A'); // in use
    field(d, 'VISIT', 'weight_kg').max = 50; // a saved 80.3
    field(d, 'VISIT', 'smoker').type = 'text'; // a type change
    const visit = d.forms.find((f) => f.id === 'VISIT')!;
    visit.fields = visit.fields.filter((x) => x.id !== 'visit_notes'); // never filled: fine
    const enrol = d.forms.find((f) => f.id === 'ENROL')!;
    enrol.fields.push({ id: 'site_notes', label: 'Notes', type: 'text', phi: 'none' } as never);
    arm.codes!.push({ code: 'X', label: 'Other' });
    const a = site.login('admin');
    try {
      let err: { rule?: string; issues?: { field?: string; rule: string; message: string }[] } = {};
      try {
        amendStudy(a, { text: JSON.stringify(d), reason: 'protocol v0.3' });
      } catch (e) {
        err = e as typeof err;
      }
      expect(err.rule).toBe('amendment');
      expect(err.issues!.map((i) => `${i.field} ${i.rule}`).sort()).toEqual([
        'ENROL.arm codes',
        'VISIT.smoker type',
        'VISIT.weight_kg range',
      ]);
      expect(err.issues!.find((i) => i.rule === 'codes')!.message).toBe(
        'code A removed while 1 saved form instance uses it',
      );
      // Nothing changed.
      expect(a.study.def.version).toBe('0.1');
      expect(studyVersions(a.db).map((v) => v.version)).toEqual(['0.1']);
      expect(a.db.prepare(`SELECT count(*) AS n FROM audit WHERE action = 'study.amend'`).get()).toEqual({ n: 0 });
    } finally {
      a.close();
    }
  });

  it('installs a compatible next version: stored, audited, run; instances keep their version', () => {
    const c = site.login('coordinator');
    const a = site.login('admin');
    try {
      const text = JSON.stringify(v02(), null, 2);
      const r = amendStudy(a, { text, reason: 'Amendment 1: waist circumference' });
      expect(r).toMatchObject({
        from: '0.1',
        to: '0.2',
        added: { forms: [], fields: ['VISIT.waist_cm'], codes: ['ENROL.arm=O'], events: ['week12'] },
      });
      expect(studyVersions(a.db).map((v) => [v.version, v.installedBy, v.reason])).toEqual([
        ['0.1', 'admin', null],
        ['0.2', 'admin', 'Amendment 1: waist circumference'],
      ]);
      const audit = a.db
        .prepare(`SELECT user, field, old_value, new_value, reason, detail FROM audit WHERE action = 'study.amend'`)
        .get() as Record<string, string>;
      expect(audit).toMatchObject({
        user: 'admin',
        field: 'protocol_version',
        old_value: '0.1',
        new_value: '0.2',
        reason: 'Amendment 1: waist circumference',
      });
      expect(JSON.parse(audit.detail!).sha256).toBe(r.sha256);
      expect(a.study.def.version).toBe('0.2');

      // A session opened before the amendment may not save under the old version.
      expect(() =>
        saveForm(c, {
          subjectId,
          event: 'week4',
          form: 'VISIT',
          status: 'complete',
          values: { visit_date: '2025-03-29', weight_kg: 78.1, smoker: 'N' },
        }),
      ).toThrow(/amended to version 0\.2 since you logged in/);
    } finally {
      c.close();
      a.close();
    }
    const c2 = site.login('coordinator');
    try {
      expect(c2.study.def.version).toBe('0.2');
      const saved = saveForm(c2, {
        subjectId,
        event: 'week4',
        form: 'VISIT',
        status: 'complete',
        values: { visit_date: '2025-03-29', weight_kg: 340, smoker: 'N', waist_cm: 92 },
      });
      expect(saved.form.protocolVersion).toBe('0.2');
      expect(getForm(c2, { subjectId, event: 'week4', form: 'VISIT' }).protocolVersion).toBe('0.2');
      expect(getForm(c2, { subjectId, event: 'baseline', form: 'VISIT' }).protocolVersion).toBe('0.1');
      expect(getForm(c2, { subjectId, event: 'week12', form: 'VISIT' }).protocolVersion).toBeNull();
    } finally {
      c2.close();
    }
  });

  it('sitecrf study amend: the same version again is refused with its reason; exit 1', () => {
    const file = join(site.dir, 'v02.json');
    writeFileSync(file, JSON.stringify(v02()));
    const r = sitecrf(['study', 'amend', '--db', site.path, '--user', 'admin', '--file', file, '--reason', 'again'], {
      SITECRF_PASSWORD: PASSWORDS.admin,
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain('study: version: version 0.2 is already installed');
    expect(r.err).toContain('not a compatible amendment');
  });

  it('the workbook names the versions: Cover protocol_forms per version, Dictionary one row per version', async () => {
    const out = join(site.dir, 'out');
    const x = sitecrf(['export', '--db', site.path, '--user', 'admin', '--period', '2025-03', '--out', out], {
      SITECRF_PASSWORD: PASSWORDS.admin,
    });
    expect(x.code, x.err).toBe(0);
    const wb = await readSubmission(join(out, 'MINI_AAA_2025-03_safe-harbor.xlsx'));
    expect(wb.hashCheck.ok).toBe(true);
    expect(wb.cover.protocolVersion).toBe('0.2');
    expect(wb.cover.protocolForms).toEqual({ '0.1': 2, '0.2': 1 });
    const rows = wb.sheets.Dictionary!.filter((r) => String(r.field).startsWith('protocol_version:'));
    expect(rows.map((r) => [r.field, r.label])).toEqual([
      ['protocol_version:0.1', 'Protocol version 0.1'],
      ['protocol_version:0.2', 'Protocol version 0.2 (current)'],
    ]);
    expect(String(rows[1]!.export_rule)).toMatch(/^installed in \d{4}; 1 form instance last saved under it$/);
    expect(String(rows[1]!.codes)).toMatch(/^SHA-256 [0-9a-f]{64}$/);
    // The amendment's reason (free text) stays at the site.
    expect(JSON.stringify(wb.sheets)).not.toContain('waist circumference');
  });

  it('refuses a non-administrator', () => {
    const c = site.login('coordinator');
    try {
      expect(() => amendStudy(c, { text: MINI_TEXT, reason: 'x' })).toThrow(
        /A coordinator may not do this \(site.manage/,
      );
    } finally {
      c.close();
    }
  });
});
