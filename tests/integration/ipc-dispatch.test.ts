import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import { createAppState, type AppState } from '../../main/ipc/app-state';
import { dispatch } from '../../main/ipc/dispatch';
import { isPublic, publicHandlers, sessionHandlers } from '../../main/ipc/handlers';
import { CHEAP_KDF, DATABASE, PASSWORD, USERS, call, loginAs, must, siteWithUsers } from '../support/ipc';

let dir: string;
let state: AppState;
let recoveryCode: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-ipc-'));
  ({ state, recoveryCode } = await siteWithUsers(dir));
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the table', () => {
  it('maps every contract channel to exactly one handler', () => {
    const mapped = [...Object.keys(publicHandlers), ...Object.keys(sessionHandlers)].sort();
    expect(mapped).toEqual([...CHANNELS].sort());
    for (const c of Object.keys(publicHandlers)) expect(isPublic(c as never)).toBe(true);
    for (const c of Object.keys(sessionHandlers)) expect(isPublic(c as never)).toBe(false);
  });

  it('answers an unknown channel with a typed error, never a throw', async () => {
    for (const c of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await dispatch(state, c, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'channel' } });
    }
  });
});

describe('input validation', () => {
  it('names the field path and the rule', async () => {
    await loginAs(state, 'coordinator');
    const r = await call(state, 'forms.get', { subjectId: 'bad', event: 'screening', form: 'REG' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'subjectId', rule: 'invalid_format' } });
    if (!r.ok) expect(r.error.message).toMatch(/^subjectId: /);
    const extra = await call(state, 'subjects.find', { query: 'x', admin: true });
    expect(extra).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'admin', rule: 'unrecognized_keys' },
    });
    const nested = await call(state, 'forms.save', {
      subjectId: 'MMC-0001',
      event: 'screening',
      form: 'REG',
      values: { sex: { a: 1 } },
      status: 'draft',
    });
    expect(nested).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!nested.ok) expect(nested.error.field).toMatch(/^values\.sex/);
  });

  it('refuses prototype-pollution keys anywhere in the input', async () => {
    for (const raw of [
      JSON.parse('{"__proto__":{"x":1}}'),
      JSON.parse(
        '{"subjectId":"MMC-0001","event":"screening","form":"REG","status":"draft","values":{"__proto__":{"polluted":true}}}',
      ),
      { query: 'x', nested: [{ constructor: { prototype: 1 } }] },
      { prototype: 1 },
    ]) {
      const r = await call(state, 'forms.save', raw);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', rule: 'forbiddenKey' } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses absurd nesting without overflowing the stack', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const r = await call(state, 'subjects.find', { query: deep });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', rule: 'depth' } });
  });
});

describe('sessions', () => {
  it('needs a session for every non-public channel', async () => {
    const fresh = createAppState({ dataDir: dir, kdf: CHEAP_KDF });
    for (const c of CHANNELS.filter((c) => !isPublic(c))) {
      const r = await dispatch(fresh, c, {});
      expect(r, c).toMatchObject({ ok: false, error: { code: 'SESSION' } });
    }
    expect(await call(fresh, 'auth.session', {})).toEqual({ ok: true, value: null });
  });

  it('opens only databases of the data directory, by name', async () => {
    writeFileSync(join(dir, 'loose.keys.json'), '{}');
    for (const database of ['../mmc', '/etc/passwd', 'mmc.sitecrf', '..', 'a/b', 'C:\\x', 'mmc\0']) {
      const r = await call(state, 'auth.login', { database, username: USERS.admin, password: PASSWORD });
      expect(r, database).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'database' } });
    }
    const missing = await call(state, 'auth.login', { database: 'loose', username: USERS.admin, password: PASSWORD });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'database' } });
    const status = await must(state, 'app.status', {});
    expect(status.databases).toEqual([DATABASE]);
    expect(status.sites.map((s: { code: string }) => s.code)).toContain('MMC');
  });

  it('locks, refuses everything but the public channels, and unlocks with the own password only', async () => {
    await loginAs(state, 'coordinator');
    await must(state, 'auth.lock', {});
    expect((await must(state, 'auth.session', {})).locked).toBe(true);
    expect(await call(state, 'subjects.dashboard', {})).toMatchObject({
      ok: false,
      error: { code: 'SESSION', rule: 'locked' },
    });
    expect(await call(state, 'auth.unlock', { password: 'wrong password!' })).toMatchObject({
      ok: false,
      error: { code: 'AUTH', field: 'password' },
    });
    const info = await must(state, 'auth.unlock', { password: PASSWORD });
    expect(info).toMatchObject({ locked: false, user: { username: USERS.coordinator, role: 'coordinator' } });
    expect((await call(state, 'subjects.dashboard', {})).ok).toBe(true);
  });

  it('delays the next unlock after five wrong passwords', async () => {
    await loginAs(state, 'monitor');
    await must(state, 'auth.lock', {});
    for (let i = 0; i < 5; i++)
      expect((await call(state, 'auth.unlock', { password: 'nope nope nope' })).ok).toBe(false);
    const r = await call(state, 'auth.unlock', { password: PASSWORD });
    expect(r).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT' } });
    if (!r.ok) expect(r.error.retryAfterSeconds).toBeGreaterThan(0);
    await must(state, 'auth.logout', {});
  });

  it("locks by itself after the user's idle minutes", async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const st = createAppState({ dataDir: dir, kdf: CHEAP_KDF, clock: () => new Date(now) });
    await loginAs(st, 'coordinator');
    await must(st, 'users.setLockMinutes', { minutes: 5 });
    now += 4 * 60_000;
    expect((await call(st, 'subjects.dashboard', {})).ok).toBe(true);
    now += 4 * 60_000;
    await must(st, 'app.status', {}); // polling is not activity...
    now += 2 * 60_000;
    expect(await call(st, 'subjects.dashboard', {})).toMatchObject({
      ok: false,
      error: { code: 'SESSION', rule: 'locked' },
    });
    await must(st, 'auth.unlock', { password: PASSWORD });
    await must(st, 'users.setLockMinutes', { minutes: 15 });
    await must(st, 'auth.logout', {});
  });

  it('creates a site once, and recovers an administrator with the recovery code', async () => {
    const again = await call(state, 'site.create', {
      name: DATABASE,
      siteCode: 'MMC',
      admin: { username: 'x1', fullName: 'X', password: PASSWORD },
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const weak = await call(state, 'site.create', {
      name: 'weak',
      siteCode: 'MMC',
      admin: { username: 'x1', fullName: 'X', password: 'short' },
    });
    expect(weak).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'password' } });
    expect(existsSync(join(dir, 'weak.sitecrf'))).toBe(false);

    const notAdmin = await call(state, 'auth.recover', {
      database: DATABASE,
      username: USERS.coordinator,
      recoveryCode,
      newPassword: 'a brand new password',
    });
    expect(notAdmin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const wrong = await call(state, 'auth.recover', {
      database: DATABASE,
      username: USERS.admin,
      recoveryCode: 'AAAA-BBBB-CCCC',
      newPassword: 'a brand new password',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    const info = await must(state, 'auth.recover', {
      database: DATABASE,
      username: USERS.admin,
      recoveryCode,
      newPassword: 'a brand new password',
    });
    expect(info.user).toMatchObject({ username: USERS.admin, role: 'admin' });
    await must(state, 'auth.logout', {});
    expect(
      (await call(state, 'auth.login', { database: DATABASE, username: USERS.admin, password: PASSWORD })).ok,
    ).toBe(false);
    await must(state, 'auth.login', { database: DATABASE, username: USERS.admin, password: 'a brand new password' });
    await must(state, 'users.changePassword', { currentPassword: 'a brand new password', newPassword: PASSWORD });
    await must(state, 'auth.logout', {});
  });

  it('returns the study definition for the screens', async () => {
    await loginAs(state, 'monitor');
    const def = await must(state, 'protocol.get', {});
    expect(def.id).toBe('SACRO');
    expect(def.forms.map((f: { id: string }) => f.id)).toContain('REG');
    await must(state, 'auth.logout', {});
  });
});

describe('internal errors', () => {
  it('answer INTERNAL and log no message (which may hold PHI)', async () => {
    await loginAs(state, 'coordinator');
    const lines: string[] = [];
    const spy = vi.spyOn(state.session!.db, 'prepare').mockImplementation(() => {
      throw new Error('UNIQUE constraint failed: Jane Doe MRN-0012345');
    });
    const r = await dispatch(state, 'subjects.dashboard', {}, { log: (l) => lines.push(l) });
    spy.mockRestore();
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } });
    expect(lines.join('\n')).toContain('subjects.dashboard');
    expect(lines.join('\n')).not.toMatch(/Jane|MRN/);
    await must(state, 'auth.logout', {});
  });
});
