/**
 * Issue 11: `sitecrf enter` meeting a fault part-way (a lock held by another program, a full
 * disk) still says what was committed and what was not, exits non-zero, and a rerun of the same
 * file skips the entries whose key was applied: no subject is registered twice. Real encrypted files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCrfError } from '../../shared/errors';
import { runEnter } from '../../main/cli/commands/enter';
import { getForm } from '../../main/services/forms';
import { makeSite, PASSWORDS, SACRO_CASE, sitecrf, type Site } from './site-fixture';

/** n subjects, each registered and its REG saved, every entry with a key. */
function entriesFor(n: number, prefix: string): { entries: unknown[] } {
  const entries: unknown[] = [];
  for (let i = 1; i <= n; i++) {
    entries.push({ action: 'register', as: `S${i}`, key: `${prefix}-reg-${i}` });
    entries.push({
      action: 'save',
      key: `${prefix}-REG-${i}`,
      subject: `S${i}`,
      event: 'screening',
      form: 'REG',
      values: { ...SACRO_CASE.REG, mrn: `MR-${prefix}-${1000 + i}` },
    });
  }
  return { entries };
}

/** Another program holding the write lock until released. */
function holdLock(site: Site): () => void {
  const other = site.login('admin');
  other.db.exec('BEGIN IMMEDIATE');
  return () => {
    other.db.exec('ROLLBACK');
    other.close();
  };
}

interface Run {
  out: string;
  err: string;
  thrown: unknown;
}

/** After `after` entries: another program takes the write lock ('lock'), or the file may not grow ('disk'). */
function run(site: Site, raw: unknown, inject?: { after: number; fault: 'lock' | 'disk' }): Run {
  const s = site.login('coordinator');
  const r: Run = { out: '', err: '', thrown: undefined };
  let release: (() => void) | undefined;
  try {
    runEnter(s, raw, {
      out: (t) => (r.out += t),
      err: (t) => (r.err += t),
      progress: (done) => {
        if (inject && done === inject.after) {
          s.db.pragma('busy_timeout = 200');
          if (inject.fault === 'lock') release = holdLock(site);
          // SQLite's own SQLITE_FULL, as on a full disk: the file may not grow by another page.
          else s.db.pragma(`max_page_count = ${s.db.pragma('page_count', { simple: true }) as number}`);
        }
      },
    });
  } catch (e) {
    r.thrown = e;
  } finally {
    release?.();
    s.close();
  }
  return r;
}

const subjects = (site: Site): string[] => {
  const s = site.login('admin');
  try {
    return (s.db.prepare('SELECT subject_id FROM subjects ORDER BY seq').all() as { subject_id: string }[]).map(
      (x) => x.subject_id,
    );
  } finally {
    s.close();
  }
};

describe('sitecrf enter: a fault part-way, then a rerun', () => {
  let site: Site;
  beforeAll(() => (site = makeSite()));
  afterAll(() => site.cleanup());

  it('a lock held by another program after 3 entries: the summary says 3 applied, stopped at entry 4, then the rerun skips them', () => {
    const raw = entriesFor(4, 'lock');
    const first = run(site, raw, { after: 3, fault: 'lock' });
    expect(isCrfError(first.thrown) && first.thrown.code).toBe('BUSY');
    expect(JSON.parse(first.out)).toEqual({
      applied: 3,
      alreadyApplied: 0,
      rejected: 0,
      notApplied: 5,
      stoppedAt: 4,
      subjects: { S1: 'MMC-0001', S2: 'MMC-0002' },
    });
    expect(first.err).toMatch(
      /entries: 8 in the file; 3 applied, 0 already applied \(skipped\), 0 rejected\. STOPPED at entry 4: The database is busy.*Entries 4–8 \(5\) were NOT applied/,
    );
    expect(subjects(site)).toEqual(['MMC-0001', 'MMC-0002']);

    const again = run(site, raw);
    expect(again.thrown).toBeUndefined();
    expect(JSON.parse(again.out)).toEqual({
      applied: 5,
      alreadyApplied: 3,
      rejected: 0,
      notApplied: 0,
      stoppedAt: null,
      subjects: { S1: 'MMC-0001', S2: 'MMC-0002', S3: 'MMC-0003', S4: 'MMC-0004' },
    });
    expect(subjects(site)).toEqual(['MMC-0001', 'MMC-0002', 'MMC-0003', 'MMC-0004']);
    const s = site.login('coordinator');
    try {
      // S2's register was skipped on the rerun, yet its REG (entry 4) went to the same subject.
      expect(getForm(s, { subjectId: 'MMC-0002', event: 'screening', form: 'REG' }).values.mrn).toBe('MR-lock-1002');
    } finally {
      s.close();
    }
    // A third run applies nothing at all.
    expect(JSON.parse(run(site, raw).out)).toMatchObject({ applied: 0, alreadyApplied: 8 });
    expect(subjects(site)).toHaveLength(4);
  });

  it('a full disk part-way: stops at the failing entry with "the disk is full", and a rerun completes without a duplicate', () => {
    const before = subjects(site).length;
    const raw = entriesFor(150, 'disk');
    const first = run(site, raw, { after: 2, fault: 'disk' });
    expect(isCrfError(first.thrown) && first.thrown.code).toBe('DISK_FULL');
    const summary = JSON.parse(first.out) as { applied: number; stoppedAt: number; notApplied: number };
    expect(summary.stoppedAt).toBeGreaterThan(2);
    expect(summary.applied).toBe(summary.stoppedAt - 1);
    expect(summary.notApplied).toBe(300 - summary.stoppedAt + 1);
    expect(first.err).toMatch(new RegExp(`STOPPED at entry ${summary.stoppedAt}: The disk is full`));
    // What the summary calls applied is exactly what is in the file: a register is every other entry.
    expect(subjects(site).length - before).toBe(Math.ceil(summary.applied / 2));

    const again = run(site, raw);
    expect(again.thrown).toBeUndefined();
    expect(JSON.parse(again.out)).toMatchObject({ alreadyApplied: summary.applied, rejected: 0, stoppedAt: null });
    expect(subjects(site).length - before).toBe(150);
  });

  it('the command itself: keys make a rerun report "already applied", a bad key is rejected by name', () => {
    const file = join(site.dir, 'keyed.json');
    writeFileSync(
      file,
      JSON.stringify({
        entries: [
          { action: 'register', as: 'K', key: 'cli-reg' },
          { action: 'register', key: '' },
        ],
      }),
    );
    const args = ['enter', '--db', site.path, '--user', 'coordinator', '--file', file];
    const first = sitecrf(args, { SITECRF_PASSWORD: PASSWORDS.coordinator });
    expect(first.code).toBe(1);
    expect(first.err).toMatch(/rejected entry 2: .*field key rule shape: a key is 1–200 characters/);
    const id = (JSON.parse(first.out) as { subjects: Record<string, string> }).subjects.K!;
    const second = sitecrf(args, { SITECRF_PASSWORD: PASSWORDS.coordinator });
    expect(JSON.parse(second.out)).toMatchObject({ applied: 0, alreadyApplied: 1, rejected: 1, subjects: { K: id } });
    expect(second.err).toMatch(/0 applied, 1 already applied \(skipped\), 1 rejected/);
    expect(subjects(site).filter((x) => x === id)).toHaveLength(1);
  }, 60_000);
});
