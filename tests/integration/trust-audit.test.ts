/**
 * Issue 10 attack 2: each of the five tamperings, and a flipped byte, on a real encrypted file,
 * is named by `audit verify`; a clean file verifies; the login warns about a rolled-back file.
 */
import { copyFileSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../main/services/backup';
import { keyFilePath } from '../../main/db/keyslots';
import { logout, unlockSiteDatabase } from '../../main/services/site-db';
import { GENESIS_HASH, rowHash, type AuditRow } from '../../main/services/audit';
import { verifyAudit } from '../../main/services/audit-verify';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { makeSite, PASSWORDS, rawConnection, SACRO_CASE, sitecrf, type Site } from './site-fixture';

let site: Site;
let work: string;
let backup: string;

function enter(n: number): void {
  const c = site.login('coordinator');
  for (let i = 0; i < n; i++) {
    const { subjectId } = registerSubject(c);
    saveForm(c, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
    saveForm(c, { subjectId, event: 'screening', form: 'BASE', values: SACRO_CASE.BASE, status: 'complete' });
  }
  logout(c);
}

beforeAll(() => {
  site = makeSite();
  work = mkdtempSync(join(tmpdir(), 'sitecrf-tamper-'));
  enter(2);
  backup = join(work, 'older.sitecrf');
  const a = site.login('admin');
  backupDatabase(a, backup);
  logout(a);
  enter(2);
});
afterAll(() => {
  site.cleanup();
  rmSync(work, { recursive: true, force: true });
});

let n = 0;
/** A copy of the site (database and key file) to tamper with. */
function copy(): string {
  const p = join(work, `t${n++}.sitecrf`);
  copyFileSync(site.path, p);
  copyFileSync(keyFilePath(site.path), keyFilePath(p));
  return p;
}

function verifyAs(path: string, who = 'admin'): ReturnType<typeof verifyAudit> {
  const s = unlockSiteDatabase(path, { username: who, password: PASSWORDS[who as 'admin'] }, { audit: false });
  try {
    return verifyAudit(s);
  } finally {
    s.close();
  }
}

const raw = rawConnection;

describe('audit verify names every tampering (attack 2)', () => {
  it('passes a clean file, as admin and as monitor, and through the CLI', () => {
    expect(verifyAs(copy())).toMatchObject({ ok: true, problems: [] });
    const m = verifyAs(copy(), 'monitor');
    expect(m.ok).toBe(true);
    const out = sitecrf(['audit', 'verify', '--db', copy(), '--user', 'admin'], { SITECRF_PASSWORD: PASSWORDS.admin });
    expect(out.out).toMatch(/audit trail verified: \d+ rows, chain intact, signatures valid, data matches the trail/);
  });

  it('names the deletion of the last 20 rows (trigger dropped, rows deleted, trigger recreated)', () => {
    const p = copy();
    const db = raw(p);
    db.exec(`DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > (SELECT max(id) - 20 FROM audit);
             CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`);
    db.close();
    const r = verifyAs(p);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/older than its own logout record .* \(rolled back or truncated\)/);
  });

  it('names a changed value whose later hashes were all recomputed', () => {
    const p = copy();
    const db = raw(p);
    const rows = db.prepare('SELECT * FROM audit ORDER BY id').all() as AuditRow[];
    const target = rows.find((r) => r.action === 'form.value' && r.field === 'vas_pre')!;
    db.exec('DROP TRIGGER audit_no_update');
    let prev = GENESIS_HASH;
    const upd = db.prepare('UPDATE audit SET new_value = ?, prev_hash = ?, hash = ? WHERE id = ?');
    for (const r of rows) {
      const nv = r.id === target.id ? '2' : r.new_value;
      const hash = rowHash({ ...r, new_value: nv, prev_hash: prev });
      upd.run(nv, prev, hash, r.id);
      prev = hash;
    }
    db.close();
    const r = verifyAs(p);
    expect(r.ok).toBe(false);
    const m = /audit row (\d+): rows (\d+)–(\d+) do not match the signature of coordinator/.exec(r.problems.join('\n'));
    expect(m).not.toBeNull();
    // The named batch holds the changed row.
    expect(Number(m![2])).toBeLessThanOrEqual(target.id);
    expect(Number(m![3])).toBeGreaterThanOrEqual(target.id);
  });

  it("names data changed without an audit row: UPDATE forms SET data = json_set(data, '$.vas_pre', 2)", () => {
    const p = copy();
    const db = raw(p);
    db.prepare(`UPDATE forms SET data = json_set(data, '$.vas_pre', 2) WHERE form = 'BASE'`).run();
    db.close();
    const r = verifyAs(p);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(
      /MMC-0001 screening\/BASE#1 vas_pre: the data differs from the trail's last value/,
    );
  });

  it("names UPDATE users SET role = 'admin' for the monitor", () => {
    const p = copy();
    const db = raw(p);
    db.prepare(`UPDATE users SET role = 'admin' WHERE username = 'monitor'`).run();
    db.close();
    const r = verifyAs(p);
    expect(r.ok).toBe(false);
    const all = r.problems.join('\n');
    expect(all).toMatch(/user monitor: the record \(role admin, active\) is not signed by the site/);
    expect(all).toMatch(/user monitor: role admin in the users table, monitor in the trail/);
  });

  it('names an older backup copied over the database, and the login warns', () => {
    const p = copy();
    copyFileSync(backup, p);
    const r = verifyAs(p);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/older than its own logout record/);
    const s = unlockSiteDatabase(p, { username: 'coordinator', password: PASSWORDS.coordinator });
    expect(s.warnings.join('\n')).toMatch(/The database is older than its own (logout|backup) record/);
    s.close();
  });

  it('names a byte flipped deep in the file (integrity_check)', () => {
    const p = copy();
    const size = statSync(p).size;
    const fd = openSync(p, 'r+');
    const at = Math.floor(size * 0.6);
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, at);
    b[0] = b[0]! ^ 0xff;
    writeSync(fd, b, 0, 1, at);
    closeSync(fd);
    let problems = '';
    try {
      problems = verifyAs(p).problems.join('\n');
    } catch (e) {
      problems = (e as Error).message;
    }
    expect(problems).toMatch(/integrity_check|damaged|malformed|not a database/i);
  });
});
