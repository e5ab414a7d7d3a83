/** First run through the IPC table: a study file is checked, then stored by site.create, and the session runs it. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppState } from '../../main/ipc/app-state';
import { call, CHEAP_KDF, must, PASSWORD } from '../support/ipc';

const dir = mkdtempSync(join(tmpdir(), 'sitecrf-ipc-study-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MINI_TEXT = readFileSync(join(__dirname, '../fixtures/studies/mini.json'), 'utf8');

describe('study.check and site.create with a study file', () => {
  const state = createAppState({ dataDir: dir, kdf: CHEAP_KDF });

  it('names the shipped study in app.status', async () => {
    const st = await must(state, 'app.status', {});
    expect(st.shippedStudy).toMatchObject({ id: 'SACRO', version: '1.0' });
  });

  it('lists every error of a bad file by its JSON path, and describes a good one', async () => {
    const bad = JSON.parse(MINI_TEXT);
    bad.events[1].window.minDays = 'soon';
    bad.sites[0].code = 'a';
    const r = await must(state, 'study.check', { text: JSON.stringify(bad) });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '$.events[1].window.minDays',
      '$.sites[0].code',
    ]);
    expect(await must(state, 'study.check', { text: 'not json' })).toMatchObject({
      ok: false,
      errors: [{ path: '$', rule: 'json' }],
    });
    expect(await must(state, 'study.check', { text: MINI_TEXT })).toEqual({
      ok: true,
      study: {
        id: 'MINI',
        title: 'MINI: a two-visit test study',
        version: '0.1',
        forms: 3,
        sites: [
          { code: 'AAA', name: 'Alpha Clinic, Springfield' },
          { code: 'BBB', name: 'Beta Hospital, Shelbyville' },
        ],
      },
    });
  });

  it('creates the database with the file; the session and protocol.get run MINI', async () => {
    const admin = { username: 'ada', fullName: 'Ada Admin', password: PASSWORD };
    // A site the file does not list is refused, whatever the shipped study lists.
    const wrong = await call(state, 'site.create', { name: 'mini', siteCode: 'MMC', admin, study: MINI_TEXT });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'site' } });
    const broken = await call(state, 'site.create', { name: 'mini', siteCode: 'AAA', admin, study: '{"id": 1}' });
    expect(broken).toMatchObject({ ok: false, error: { code: 'VALIDATION', rule: 'studyFile' } });
    expect(broken.ok ? [] : broken.error.issues?.map((i) => i.field)).toContain('$.id');

    await must(state, 'site.create', { name: 'mini', siteCode: 'AAA', admin, study: MINI_TEXT });
    const session = await must(state, 'auth.login', { database: 'mini', username: 'ada', password: PASSWORD });
    expect(session.study).toEqual({ id: 'MINI', title: 'MINI: a two-visit test study', version: '0.1' });
    expect(session.site.code).toBe('AAA');
    const def = await must(state, 'protocol.get', {});
    expect(def.forms.map((f: { id: string }) => f.id)).toEqual(['ENROL', 'VISIT', 'CONMED']);
    await must(state, 'auth.logout', {});
  });
});
