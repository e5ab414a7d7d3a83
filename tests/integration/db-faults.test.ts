/**
 * Issue 11, faults and concurrency: another program writing, a full disk, a read-only database,
 * an empty file, a folder and a changed database id, each named plainly, on a real encrypted file.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { isCrfError, type CrfError } from '../../shared/errors';
import { createAppState } from '../../main/ipc/app-state';
import { dispatch } from '../../main/ipc/dispatch';
import { keyFilePath } from '../../main/db/keyslots';
import { registerSubject } from '../../main/services/subjects';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { makeSite, PASSWORDS, sitecrf, type Site } from './site-fixture';
import { holdLock } from '../support/lock-holder';

let site: Site;
beforeAll(() => (site = makeSite()));
afterAll(() => site.cleanup());

let holder: ChildProcess | undefined;
afterEach(() => {
  holder?.kill('SIGKILL');
  holder = undefined;
});

/** Starts "another program" holding the write lock; resolves once it holds it. */
const takeLock = (path: string, ms: number, mode?: string) => holdLock(path, ms, (c) => (holder = c), mode);

const caught = (f: () => unknown): CrfError => {
  try {
    f();
  } catch (e) {
    if (isCrfError(e)) return e;
    throw new Error(`not a CrfError: ${(e as Error & { code?: string }).code} ${(e as Error).message}`);
  }
  throw new Error('did not throw');
};

const subjectCount = (): number => {
  const s = site.login('admin');
  try {
    return (s.db.prepare('SELECT count(*) AS n FROM subjects').get() as { n: number }).n;
  } finally {
    s.close();
  }
};

describe('another program writing', () => {
  it('a read-then-write save waits for the lock (BEGIN IMMEDIATE) instead of failing at once', async () => {
    const s = site.login('coordinator');
    try {
      await takeLock(site.path, 1500);
      // Without BEGIN IMMEDIATE this read-then-write transaction gets SQLITE_BUSY at once.
      const subject = registerSubject(s);
      expect(subject.subjectId).toMatch(/^MMC-/);
    } finally {
      s.close();
    }
  });

  it('a save that still cannot proceed says the database is busy and that the entry is kept', async () => {
    const state = createAppState({ dataDir: site.dir });
    const login = await dispatch(state, 'auth.login', {
      database: 'site',
      username: 'coordinator',
      password: PASSWORDS.coordinator,
    });
    expect(login.ok).toBe(true);
    state.session!.db.pragma('busy_timeout = 50');
    const before = subjectCount();
    const logged: string[] = [];
    await takeLock(site.path, 0);
    const r = await dispatch(state, 'subjects.register', {}, { log: (l) => logged.push(l) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BUSY');
    expect(r.error.message).toMatch(/database is busy \(another SiteCRF window or the sitecrf command is writing\)/);
    expect(r.error.message).toMatch(/your entry is kept/);
    expect(logged.join('\n')).not.toMatch(/internal error/i);
    holder!.kill('SIGKILL');
    await new Promise((res) => holder!.once('exit', res));
    expect(subjectCount()).toBe(before);
    const again = await dispatch(state, 'subjects.register', {});
    expect(again.ok).toBe(true);
    state.session!.close();
  });

  it('the CLI on a database another program has locked says so and exits 75 (try again later)', async () => {
    await takeLock(site.path, 0, 'exclusive');
    const r = sitecrf(['audit', 'verify', '--db', site.path, '--user', 'admin'], { SITECRF_PASSWORD: PASSWORDS.admin });
    expect(r.err).toMatch(/is locked by another program/);
    expect(r.err).not.toMatch(/damaged|decrypted|unexpected error/);
    expect(r.code).toBe(75);
  }, 60_000);
});

describe('disk full and read-only', () => {
  it('a full disk answers "the disk is full", keeps nothing half-written and tells the operator', async () => {
    const state = createAppState({ dataDir: site.dir });
    await dispatch(state, 'auth.login', { database: 'site', username: 'coordinator', password: PASSWORDS.coordinator });
    const db = state.session!.db;
    // SQLite's own SQLITE_FULL: the file may not grow by another page.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const logged: string[] = [];
    let r;
    for (let i = 0; i < 400; i++) {
      r = await dispatch(state, 'subjects.register', {}, { log: (l) => logged.push(l) });
      if (!r.ok) break;
    }
    expect(r!.ok).toBe(false);
    if (r!.ok) return;
    expect(r!.error.code).toBe('DISK_FULL');
    expect(r!.error.message).toMatch(/^The disk is full: nothing was saved and your entry is kept/);
    expect(logged.join('\n')).toMatch(/subjects.register refused: The disk is full/);
    state.session!.close();
  });

  it('a database that may not be written says it is read-only, not "Internal error"', async () => {
    const state = createAppState({ dataDir: site.dir });
    await dispatch(state, 'auth.login', { database: 'site', username: 'coordinator', password: PASSWORDS.coordinator });
    // SQLite's SQLITE_READONLY, as from a read-only folder or file (tests run as root, so chmod cannot show it).
    state.session!.db.pragma('query_only = ON');
    const r = await dispatch(state, 'subjects.register', {}, { log: () => undefined });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('READ_ONLY');
    expect(r.error.message).toMatch(/cannot be written: the file or its folder is read-only/);
    state.session!.db.pragma('query_only = OFF');
    state.session!.close();
  });
});

describe('files that are not a database', () => {
  it('an empty file is refused and nothing is written into it', () => {
    const other = makeSite({ users: false });
    try {
      truncateSync(other.path, 0);
      const e = caught(() => other.login('admin'));
      expect(e.code).toBe('NOT_A_DATABASE');
      expect(e.message).toMatch(/is empty \(0 bytes\)/);
      expect(statSync(other.path).size).toBe(0);
    } finally {
      other.cleanup();
    }
  });

  it('a folder given as the database or as a workbook is named as a folder', () => {
    const dir = join(site.dir, 'a-folder.sitecrf');
    mkdirSync(dir);
    copyFileSync(keyFilePath(site.path), keyFilePath(dir));
    const e = caught(() => unlockSiteDatabase(dir, { username: 'admin', password: PASSWORDS.admin }));
    expect(e.message).toBe(`${dir} is a folder, not a SiteCRF database: give the file itself`);
    const r = sitecrf(['read', site.dir]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/is a folder, not a submission workbook/);
    expect(r.err).not.toMatch(/EISDIR|\n\s+at /);
  });

  it('a changed database id is named as such and does not count as a wrong password', () => {
    const other = makeSite({ users: false });
    try {
      const kfPath = keyFilePath(other.path);
      const kf = JSON.parse(readFileSync(kfPath, 'utf8')) as { dbId: string; failures: object };
      kf.dbId = '00000000-0000-4000-8000-000000000000';
      writeFileSync(kfPath, JSON.stringify(kf));
      const e = caught(() => other.login('admin'));
      expect(e.code).toBe('DAMAGED');
      expect(e.message).toMatch(/database id in the key file .* was changed/);
      expect(e.message).not.toMatch(/Wrong user name or password/);
      expect((JSON.parse(readFileSync(kfPath, 'utf8')) as { failures: object }).failures).toEqual({});
    } finally {
      other.cleanup();
    }
  });
});
