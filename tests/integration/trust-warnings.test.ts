/**
 * Issue 10: what the login finds wrong reaches the user. A database older than its own last
 * logout record warns in the IPC session (the app's banner reads it) and on stderr of every CLI
 * verb that opens a session. The recovery code is spent on use through IPC too: the new one is
 * returned once, the old one opens nothing.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../main/ipc/app-state';
import { databasePath } from '../../main/ipc/databases';
import { DATABASE, PASSWORD, USERS, call, loginAs, must, siteWithUsers } from '../support/ipc';
import { sitecrf } from './site-fixture';

let dir: string;
let state: AppState;
let recoveryCode: string;
let path: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-warn-'));
  ({ state, recoveryCode } = await siteWithUsers(dir));
  path = databasePath(dir, DATABASE);
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the login warnings are shown', () => {
  it('a clean login has none', async () => {
    await loginAs(state, 'coordinator');
    expect((await must(state, 'auth.session', {})).warnings).toEqual([]);
    await must(state, 'auth.logout', {});
  });

  it('an older copy put back: the IPC session and every CLI verb say so', async () => {
    const older = join(dir, 'older.sitecrf');
    copyFileSync(path, older);
    await loginAs(state, 'coordinator');
    await must(state, 'subjects.register', {});
    await must(state, 'auth.logout', {});
    copyFileSync(older, path);

    const info = await must(state, 'auth.login', {
      database: DATABASE,
      username: USERS.coordinator,
      password: PASSWORD,
    });
    expect(info.warnings.join('\n')).toMatch(/The database is older than its own logout record/);
    expect((await must(state, 'app.status', {})).session.warnings).toEqual(info.warnings);
    await must(state, 'auth.logout', {});

    const out = sitecrf(['audit', 'verify', '--db', path, '--user', USERS.admin], { SITECRF_PASSWORD: PASSWORD });
    expect(out.err).toMatch(/^Warning: The database is older than its own logout record/m);
    expect(out.out).not.toMatch(/Warning:/);
  });
});

describe('auth.recover replaces the recovery code', () => {
  it('returns the new code once; the used one is refused, the new one opens', async () => {
    const r = await must(state, 'auth.recover', {
      database: DATABASE,
      username: USERS.admin,
      recoveryCode,
      newPassword: 'a brand new password',
    });
    expect(r.newRecoveryCode).toMatch(/\w{4}/);
    expect(r.newRecoveryCode).not.toBe(recoveryCode);
    expect((await must(state, 'auth.session', {})).newRecoveryCode).toBeUndefined();
    await must(state, 'auth.logout', {});
    const used = await call(state, 'auth.recover', {
      database: DATABASE,
      username: USERS.admin,
      recoveryCode,
      newPassword: 'another new password',
    });
    expect(used).toMatchObject({ ok: false, error: { code: 'AUTH' } });
    const again = await must(state, 'auth.recover', {
      database: DATABASE,
      username: USERS.admin,
      recoveryCode: r.newRecoveryCode,
      newPassword: 'another new password',
    });
    expect(again.newRecoveryCode).not.toBe(r.newRecoveryCode);
    await must(state, 'auth.logout', {});
    await must(state, 'auth.login', { database: DATABASE, username: USERS.admin, password: 'another new password' });
    await must(state, 'auth.logout', {});
  });
});
