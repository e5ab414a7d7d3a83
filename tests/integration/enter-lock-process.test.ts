/**
 * Issue 11, `sitecrf enter` under a lock held by ANOTHER PROCESS (enter-faults.test.ts holds it
 * in-process): a child process holds a write transaction on the same encrypted file while the
 * real command runs in its own process. A lock released within the busy timeout is waited out;
 * one held past it stops the run at the entry it reached, with the applied/rejected summary and
 * exit code 75 (README); a rerun of the same keyed file after the lock is gone applies the rest
 * and registers nobody twice.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, PASSWORDS, rawConnection, SACRO_CASE, sitecrf, type Site } from './site-fixture';
import { holdLock } from '../support/lock-holder';

let site: Site;
beforeAll(() => (site = makeSite()));
afterAll(() => site.cleanup());

let holder: ChildProcess | undefined;
afterEach(() => {
  holder?.kill('SIGKILL');
  holder = undefined;
});

/** Another program takes the write lock (BEGIN IMMEDIATE) and keeps it `ms` (0: until killed). */
const takeLock = (ms: number) => holdLock(site.path, ms, (c) => (holder = c));

/** n subjects, each registered and its REG saved, every entry keyed. */
function entriesFile(name: string, n: number, upTo = 2 * n): string {
  const entries: unknown[] = [];
  for (let i = 1; i <= n; i++) {
    entries.push({ action: 'register', as: `S${i}`, key: `${name}-reg-${i}` });
    entries.push({
      action: 'save',
      key: `${name}-REG-${i}`,
      subject: `S${i}`,
      event: 'screening',
      form: 'REG',
      values: { ...SACRO_CASE.REG, mrn: `MR-${name}-${1000 + i}` },
    });
  }
  const file = join(site.dir, `${name}-${upTo}.json`);
  writeFileSync(file, JSON.stringify({ entries: entries.slice(0, upTo) }));
  return file;
}

const enter = (file: string) =>
  sitecrf(['enter', '--db', site.path, '--user', 'coordinator', '--file', file], {
    SITECRF_PASSWORD: PASSWORDS.coordinator,
  });

/** Read behind the application's back: a login would write (its audit row) and wait on the lock. */
const subjectCount = (): number => {
  const db = rawConnection(site.path);
  try {
    return (db.prepare('SELECT count(*) AS n FROM subjects').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('sitecrf enter while another process holds the write lock', () => {
  it('a lock released within the busy timeout is waited out: every entry applied, exit 0', async () => {
    const before = subjectCount();
    const file = entriesFile('wait', 2);
    await takeLock(1500);
    const t0 = Date.now();
    const r = enter(file);
    const waited = Date.now() - t0;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ applied: 4, rejected: 0, notApplied: 0, stoppedAt: null });
    // The command started before the holder let go, so its first write waited for it.
    expect(waited).toBeGreaterThan(1000);
    expect(subjectCount() - before).toBe(2);
  }, 60_000);

  it('a lock held past the busy timeout: the run stops with the summary (nothing applied) and exit 75; the rerun adds no duplicate', async () => {
    const before = subjectCount();
    const partial = entriesFile('held', 4, 3);
    const full = entriesFile('held', 4);
    // Three entries (S1 registered and saved, S2 registered) went in before the other program wrote.
    expect(enter(partial).code).toBe(0);
    await takeLock(0);
    const t0 = Date.now();
    const stopped = enter(full);
    const waited = Date.now() - t0;
    expect(stopped.code).toBe(75);
    // Opening the session writes its login row, so the run stops before entry 1 and says so.
    expect(JSON.parse(stopped.out)).toEqual({
      applied: 0,
      alreadyApplied: 0,
      rejected: 0,
      notApplied: 8,
      stoppedAt: 1,
      subjects: {},
    });
    expect(stopped.err).toMatch(
      /entries: 8 in the file; 0 applied, 0 already applied \(skipped\), 0 rejected\. STOPPED at entry 1: The database is busy.*Entries 1–8 \(8\) were NOT applied/s,
    );
    // It waited out the busy timeout (5 s, connection.ts) before giving up.
    expect(waited).toBeGreaterThan(4500);
    expect(subjectCount() - before).toBe(2);

    holder!.kill('SIGKILL');
    await new Promise((r) => holder!.once('exit', r));
    const again = enter(full);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.out) as { subjects: Record<string, string> };
    expect(summary).toMatchObject({ applied: 5, alreadyApplied: 3, rejected: 0, notApplied: 0, stoppedAt: null });
    expect(Object.keys(summary.subjects)).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(subjectCount() - before).toBe(4);
  }, 90_000);
});
