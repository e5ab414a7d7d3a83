/**
 * The admin screen's amendment through the IPC table: study.amendPreview reports what `study
 * amend` would refuse or add without writing anything; study.amend is that service (stored,
 * audited, run by this session); only an administrator may call either.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppState } from '../../main/ipc/app-state';
import { call, CHEAP_KDF, digestDatabase, must, PASSWORD } from '../support/ipc';

const dir = mkdtempSync(join(tmpdir(), 'sitecrf-ipc-amend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MINI_TEXT = readFileSync(join(__dirname, '../fixtures/studies/mini.json'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Def = any;
const fieldOf = (d: Def, form: string, id: string) =>
  d.forms.find((f: Def) => f.id === form).fields.find((x: Def) => x.id === id);

function compatible(): string {
  const d = JSON.parse(MINI_TEXT);
  d.version = '0.2';
  d.forms.find((f: Def) => f.id === 'VISIT').fields.push({ id: 'waist_cm', label: 'Waist', type: 'int', phi: 'none' });
  fieldOf(d, 'ENROL', 'arm').codes.push({ code: 'O', label: 'Open label' });
  return JSON.stringify(d, null, 2);
}
function refused(): string {
  const d = JSON.parse(MINI_TEXT);
  d.version = '0.2';
  fieldOf(d, 'ENROL', 'arm').codes = fieldOf(d, 'ENROL', 'arm').codes.filter((c: Def) => c.code !== 'A');
  fieldOf(d, 'VISIT', 'smoker').type = 'text';
  return JSON.stringify(d);
}

const state = createAppState({ dataDir: dir, kdf: CHEAP_KDF });
let subjectId: string;
const dbOf = () => state.session!.db;
beforeAll(async () => {
  const admin = { username: 'ada', fullName: 'Ada Admin', password: PASSWORD };
  await must(state, 'site.create', { name: 'mini', siteCode: 'AAA', admin, study: MINI_TEXT });
  await must(state, 'auth.login', { database: 'mini', username: 'ada', password: PASSWORD });
  await must(state, 'users.add', { username: 'cora', fullName: 'Cora C', role: 'coordinator', password: PASSWORD });
  await must(state, 'auth.logout', {});
  await must(state, 'auth.login', { database: 'mini', username: 'cora', password: PASSWORD });
  ({ subjectId } = await must(state, 'subjects.register', {}));
  await must(state, 'forms.save', {
    subjectId,
    event: 'baseline',
    form: 'ENROL',
    instance: 1,
    status: 'complete',
    values: { initials: 'JQ', dob: '1980-05-01', arm: 'A', enrol_date: '2025-03-01' },
  });
  await must(state, 'forms.save', {
    subjectId,
    event: 'baseline',
    form: 'VISIT',
    instance: 1,
    status: 'complete',
    values: { visit_date: '2025-03-01', weight_kg: 80.3, smoker: 'N' },
  });
});

describe('study.amendPreview and study.amend', () => {
  it('a coordinator may call neither', async () => {
    const refusedAs = { ok: false, error: { code: 'FORBIDDEN' } };
    expect(await call(state, 'study.amendPreview', { text: compatible() })).toMatchObject(refusedAs);
    expect(await call(state, 'study.amend', { text: compatible(), reason: 'Amendment 2' })).toMatchObject(refusedAs);
    await must(state, 'auth.logout', {});
    await must(state, 'auth.login', { database: 'mini', username: 'ada', password: PASSWORD });
  });

  it('lists every refusal without writing anything', async () => {
    const before = digestDatabase(dbOf());
    const r = await must(state, 'study.amendPreview', { text: refused() });
    expect(r).toMatchObject({ ok: false, from: '0.1', to: '0.2', stage: 'amendment' });
    expect(r.problems.map((p: Def) => `${p.where} ${p.rule}`).sort()).toEqual(['ENROL.arm codes', 'VISIT.smoker type']);
    expect(r.problems.find((p: Def) => p.rule === 'codes').message).toMatch(/code A .*1 saved form instance/);
    expect(digestDatabase(dbOf())).toBe(before);
    // The amend itself refuses the same file, with the same problems.
    const amend = await call(state, 'study.amend', { text: refused(), reason: 'Amendment 2' });
    expect(amend).toMatchObject({ ok: false, error: { code: 'VALIDATION', rule: 'amendment' } });
    expect(amend.ok ? [] : amend.error.issues!.map((i) => `${i.field} ${i.rule}`).sort()).toEqual([
      'ENROL.arm codes',
      'VISIT.smoker type',
    ]);
  });

  it('a file that is not a valid study: its errors by JSON path', async () => {
    const d = JSON.parse(MINI_TEXT);
    d.forms[1].fields[0].showIf = { field: 'nope', eq: 'Y' };
    const r = await must(state, 'study.amendPreview', { text: JSON.stringify(d) });
    expect(r).toMatchObject({ ok: false, to: null, stage: 'file' });
    expect(r.problems.map((p: Def) => `${p.where} ${p.rule}`)).toEqual([
      '$.forms[1].fields[0].showIf.field unknownField',
    ]);
  });

  it('shows what a compatible version adds; study.amend stores it, audits it and the session runs it', async () => {
    // The casebook names the version the site runs and its definition's SHA-256, the one the database stores.
    const installed = createHash('sha256').update(MINI_TEXT, 'utf8').digest('hex');
    expect((await must(state, 'casebook.get', { subjectId })).protocol).toEqual({ version: '0.1', sha256: installed });
    const before = digestDatabase(dbOf());
    expect(await must(state, 'study.amendPreview', { text: compatible() })).toEqual({
      ok: true,
      from: '0.1',
      to: '0.2',
      title: 'MINI: a two-visit test study',
      added: { forms: [], fields: ['VISIT.waist_cm'], codes: ['ENROL.arm=O'], events: [] },
    });
    expect(digestDatabase(dbOf())).toBe(before);
    expect(await call(state, 'study.amend', { text: compatible(), reason: '  ' })).toMatchObject({
      ok: false,
      error: { code: 'REASON_REQUIRED' },
    });
    const done = await must(state, 'study.amend', { text: compatible(), reason: 'Protocol amendment 2' });
    expect(done).toMatchObject({ from: '0.1', to: '0.2', added: { fields: ['VISIT.waist_cm'] } });
    expect(done.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await must(state, 'auth.session', {})).study.version).toBe('0.2');
    const def = await must(state, 'protocol.get', {});
    expect(def.forms.find((f: Def) => f.id === 'VISIT').fields.map((x: Def) => x.id)).toContain('waist_cm');
    const audit = dbOf().prepare(`SELECT old_value, new_value, reason FROM audit WHERE action = 'study.amend'`).all();
    expect(audit).toEqual([{ old_value: '0.1', new_value: '0.2', reason: 'Protocol amendment 2' }]);
    // Each instance keeps the version it was saved under; the casebook says which, until it is saved again.
    const versions = async () =>
      Object.fromEntries(
        (await must(state, 'casebook.get', { subjectId })).events
          .flatMap((e: Def) => e.forms)
          .filter((f: Def) => f.status !== 'empty')
          .map((f: Def) => [f.form, f.protocolVersion]),
      );
    expect(await versions()).toEqual({ ENROL: '0.1', VISIT: '0.1' });
    expect((await must(state, 'casebook.get', { subjectId })).protocol).toEqual({
      version: '0.2',
      sha256: createHash('sha256').update(compatible(), 'utf8').digest('hex'),
    });
    await must(state, 'auth.logout', {});
    await must(state, 'auth.login', { database: 'mini', username: 'cora', password: PASSWORD });
    await must(state, 'forms.save', {
      subjectId,
      event: 'baseline',
      form: 'VISIT',
      instance: 1,
      status: 'complete',
      values: { visit_date: '2025-03-01', weight_kg: 80.9, smoker: 'N' },
      reason: 'Weight re-read from the scale log',
    });
    expect(await versions()).toEqual({ ENROL: '0.1', VISIT: '0.2' });
    await must(state, 'auth.logout', {});
    await must(state, 'auth.login', { database: 'mini', username: 'ada', password: PASSWORD });
    // The same version again is refused: it is installed.
    const again = await must(state, 'study.amendPreview', { text: compatible() });
    expect(again).toMatchObject({ ok: false, stage: 'amendment', problems: [{ rule: 'version' }] });
  });
});
