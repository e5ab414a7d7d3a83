/**
 * Issue 11, backup and restore faults: a failed backup leaves no .partial and writes no
 * "backup" audit row; a restore is verified before it takes its name, is admin-only like a
 * backup, and a failed one leaves nothing behind.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCrfError } from '../../shared/errors';
import { backupDatabase, restoreDatabase } from '../../main/services/backup';
import { makeSite, PASSWORDS, rawConnection, sitecrf, type Site } from './site-fixture';

let site: Site;
beforeAll(() => (site = makeSite()));
afterAll(() => site.cleanup());

const backupRows = (): number => {
  const s = site.login('admin');
  try {
    return (s.db.prepare(`SELECT count(*) AS n FROM audit WHERE action = 'backup'`).get() as { n: number }).n;
  } finally {
    s.close();
  }
};

describe('a failed backup', () => {
  it('leaves no .partial and no backup audit row', () => {
    const before = backupRows();
    // The snapshot cannot be written: its folder does not exist.
    const s = site.login('admin');
    try {
      expect(() => backupDatabase(s, join(site.dir, 'no-such-folder', 'b.sitecrf'))).toThrow();
      expect(existsSync(join(site.dir, 'no-such-folder'))).toBe(false);
    } finally {
      s.close();
    }
    expect(readdirSync(site.dir).filter((f) => f.includes('.partial'))).toEqual([]);
    expect(backupRows()).toBe(before);
  });

  it('a good one is recorded, with its SHA-256, after it verified', () => {
    const before = backupRows();
    const s = site.login('admin');
    const r = backupDatabase(s, join(site.dir, 'good.sitecrf'));
    s.close();
    expect(backupRows()).toBe(before + 1);
    expect(readdirSync(site.dir).filter((f) => f.includes('.partial'))).toEqual([]);
    const db = rawConnection(site.path);
    const row = db.prepare(`SELECT detail FROM audit WHERE action = 'backup' ORDER BY id DESC LIMIT 1`).get() as {
      detail: string;
    };
    db.close();
    expect(JSON.parse(row.detail)).toMatchObject({ sha256: r.sha256 });
  });
});

describe('restore', () => {
  let backup: string;
  beforeAll(() => {
    const s = site.login('admin');
    backup = backupDatabase(s, join(site.dir, 'for-restore.sitecrf')).file;
    s.close();
  });

  it('is refused to a monitor and to a coordinator, leaving nothing at the target', () => {
    for (const role of ['monitor', 'coordinator'] as const) {
      const to = join(site.dir, `restored-by-${role}.sitecrf`);
      const err = (() => {
        try {
          restoreDatabase(backup, to, { username: role, password: PASSWORDS[role] });
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(isCrfError(err) && err.code, role).toBe('FORBIDDEN');
      expect(
        readdirSync(site.dir).filter((f) => f.startsWith(`restored-by-${role}`)),
        role,
      ).toEqual([]);
    }
    const r = sitecrf(
      ['restore', '--from', backup, '--db', join(site.dir, 'cli-monitor.sitecrf'), '--user', 'monitor'],
      {
        SITECRF_PASSWORD: PASSWORDS.monitor,
      },
    );
    expect(r.code).toBe(3);
    expect(readdirSync(site.dir).filter((f) => f.startsWith('cli-monitor'))).toEqual([]);
  });

  it('with a wrong password leaves no file, partial or key file', () => {
    const to = join(site.dir, 'wrong.sitecrf');
    expect(() => restoreDatabase(backup, to, { username: 'admin', password: 'not-the-password' })).toThrow();
    expect(readdirSync(site.dir).filter((f) => f.startsWith('wrong.sitecrf'))).toEqual([]);
  });

  it('by the admin: verified, then renamed; the copy opens and records the restore', () => {
    const to = join(site.dir, 'restored.sitecrf');
    const r = restoreDatabase(backup, to, { username: 'admin', password: PASSWORDS.admin });
    expect(r.auditRows).toBeGreaterThan(0);
    expect(
      readdirSync(site.dir)
        .filter((f) => f.startsWith('restored.sitecrf'))
        .sort(),
    ).toEqual(['restored.sitecrf', 'restored.sitecrf.keys.json']);
    const db = rawConnection(to);
    const last = db.prepare('SELECT action FROM audit ORDER BY id DESC LIMIT 1').get() as { action: string };
    db.close();
    expect(last.action).toBe('restore');
  });
});
