/**
 * Issue 10, attack 2 seen from the sponsor: the Cover's chain head and signature on real
 * encrypted site files and their real workbooks. Each tampering is done on a copy of the site
 * between its October and November submissions; the sponsor's import of November names it
 * where the submitted heads can show it (the data edit without an audit row shows as a change
 * missing from the Changes sheet; a role edit alone cannot even log in, and the insider's way
 * round it, replacing the site key, shows as a changed key).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSignPair } from '../../main/db/crypto-keys';
import { signKeyFileId } from '../../main/db/keyfile-id';
import { keyFilePath, readKeyFile, writeKeyFile } from '../../main/db/keyslots';
import { issueSignerCert } from '../../main/db/signer-certs';
import { GENESIS_HASH, rowHash, type AuditRow } from '../../main/services/audit';
import { backupDatabase } from '../../main/services/backup';
import { logout, unlockSiteDatabase } from '../../main/services/site-db';
import { allUserRecords, signUserRecord } from '../../main/services/user-records';
import { exportSubmission } from '../../main/export/workbook-writer';
import { readSubmission } from '../../main/export/workbook-reader';
import { importWorkbook, type ImportOutcome } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import { enterPerson, PEOPLE } from '../support/export-fixture';
import { makeSite, PASSWORDS, rawConnection, type Site } from './site-fixture';

let site: Site;
let work: string;
let older: string;
let oct: string;
let n = 0;

beforeAll(async () => {
  site = makeSite();
  work = mkdtempSync(join(tmpdir(), 'sitecrf-sponsor-trust-'));
  let c = site.login('coordinator');
  PEOPLE.slice(0, 2).forEach((p, i) => enterPerson(c, p, i));
  logout(c);
  const a = site.login('admin');
  older = join(work, 'older.sitecrf');
  backupDatabase(a, older);
  logout(a);
  c = site.login('coordinator');
  enterPerson(c, PEOPLE[2]!, 2);
  oct = (await exportSubmission(c, { period: '2026-10', outDir: join(work, 'oct') })).file;
  logout(c);
});
afterAll(() => {
  site.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** A copy of the site after October (database and key file), to tamper with. */
function copy(): string {
  const p = join(work, `t${n++}.sitecrf`);
  copyFileSync(site.path, p);
  copyFileSync(keyFilePath(site.path), keyFilePath(p));
  return p;
}

async function november(path: string, who: 'coordinator' | 'monitor' | 'admin' = 'coordinator'): Promise<string> {
  const s = unlockSiteDatabase(path, { username: who, password: PASSWORDS[who] });
  try {
    return (await exportSubmission(s, { period: '2026-11', outDir: join(work, `out${n++}`) })).file;
  } finally {
    logout(s);
  }
}

/** A fresh store with October imported, then `file`: the outcome of the second import. */
async function afterOctober(file: string): Promise<ImportOutcome> {
  const store = await initStore(join(work, `s${n++}.duckdb`), oct);
  try {
    const first = await importWorkbook(store, oct);
    expect(first.trust).toEqual([]);
    return await importWorkbook(store, file);
  } finally {
    store.close();
  }
}

const kinds = (o: ImportOutcome): string[] => o.trust.map((p) => p.kind);

describe('the Cover carries the chain head and a signature', () => {
  it('a coordinator’s Cover is signed by a site-certified key; an admin’s by the site key; the export head is in the key file', async () => {
    const read = await readSubmission(oct);
    const t = read.cover.trust!;
    expect(t.signer).toMatchObject({ kind: 'user', role: 'coordinator' });
    expect(t.siteKey).toBe(readKeyFile(site.path).sitePublicKey);
    expect(t.auditRows).toBeGreaterThan(0);
    expect(t.auditHead).toMatch(/^[0-9a-f]{64}$/);
    expect(readKeyFile(site.path).heads.filter((h) => h.kind === 'export')).toHaveLength(1);
    const byAdmin = await readSubmission(await november(copy(), 'admin'));
    expect(byAdmin.cover.trust!.signer.kind).toBe('site');
    // November proves October's head: the hash at October's row count.
    expect(byAdmin.cover.trust!.proofs[String(t.auditRows)]).toBe(t.auditHead);
    expect(byAdmin.cover.trust!.auditRows).toBeGreaterThan(t.auditRows);
  });

  it('a clean November (coordinator, monitor) is imported with no trust problem and the site key pinned', async () => {
    const o = await afterOctober(await november(copy()));
    expect(o.status).toBe('imported');
    expect(o.trust).toEqual([]);
    const m = await afterOctober(await november(copy(), 'monitor'));
    expect(m.trust).toEqual([]);
    expect((await readSubmission(oct)).cover.trust!.signer.kind).toBe('user');
  });

  it('names a Cover whose chain head was edited after export (bad signature)', async () => {
    const file = await november(copy());
    const head = (await readSubmission(file)).cover.trust!.auditHead;
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toContain(head);
    zip.file('xl/worksheets/sheet1.xml', xml.replace(head, 'f'.repeat(64)));
    const forged = join(work, 'forged.xlsx');
    writeFileSync(forged, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const o = await afterOctober(forged);
    expect(kinds(o)).toContain('bad-signature');
    expect(o.message).toMatch(/BAD-SIGNATURE: .*signature of user #\d+ \(coordinator\) does not verify/);
  });
});

describe('the sponsor names each tampering between two submissions (attack 2)', () => {
  it('deleting the last 20 audit rows: truncated', async () => {
    const p = copy();
    const db = rawConnection(p);
    db.exec(`DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id > (SELECT max(id) - 20 FROM audit);
             CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`);
    db.close();
    const o = await afterOctober(await november(p));
    expect(kinds(o)).toContain('truncated');
    expect(o.message).toMatch(
      /TRUNCATED: #2 \(2026-11\) has \d+ audit rows, #1 \(2026-10\) had \d+: rows were deleted/,
    );
  });

  it('a value changed and every later hash recomputed: re-chained', async () => {
    const p = copy();
    const db = rawConnection(p);
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
    const o = await afterOctober(await november(p));
    expect(kinds(o)).toEqual(['re-chained']);
    expect(o.message).toMatch(/RE-CHAINED: audit row \d+ of #2 \(2026-11\) differs from the head of #1 \(2026-10\)/);
  });

  it('data changed without an audit row: no head problem, but the change is missing from the Changes sheet', async () => {
    const p = copy();
    const db = rawConnection(p);
    const changed = db.prepare(`UPDATE forms SET data = json_set(data, '$.vas_pre', 2) WHERE form = 'BASE'`).run();
    expect(changed.changes).toBeGreaterThan(0);
    db.close();
    const o = await afterOctober(await november(p));
    expect(o.trust).toEqual([]);
    expect(o.history!.notInChangesSheet).toBeGreaterThan(0);
    expect(o.message).toMatch(/not listed in the Changes sheet/);
  });

  it("UPDATE users SET role = 'admin' logs nobody in; replacing the site key to get round it: key changed", async () => {
    const p = copy();
    let db = rawConnection(p);
    db.prepare(`UPDATE users SET role = 'admin' WHERE username = 'monitor'`).run();
    db.close();
    expect(() => unlockSiteDatabase(p, { username: 'monitor', password: PASSWORDS.monitor })).toThrow(
      /not signed by this site/,
    );
    // The insider's way round: a site key of his own in the key file and the database, every
    // record and his certificate re-signed with it.
    const q = copy();
    const fake = newSignPair();
    db = rawConnection(q);
    const kf = readKeyFile(q);
    db.prepare(`UPDATE meta SET value = ? WHERE key = 'site_public_key'`).run(fake.publicKey);
    for (const r of allUserRecords(db)) {
      db.prepare('UPDATE user_keys SET record_sig = ? WHERE user_id = ?').run(
        signUserRecord(fake.privateKey, kf.dbId, r),
        r.id,
      );
      if (r.signPublic) issueSignerCert(db, fake.privateKey, kf.dbId, { ...r, signPublic: r.signPublic });
    }
    db.close();
    const forged = { ...kf, sitePublicKey: fake.publicKey, heads: [] };
    signKeyFileId(forged, fake.privateKey);
    writeKeyFile(q, forged);
    const o = await afterOctober(await november(q, 'monitor'));
    expect(kinds(o)).toContain('key-changed');
    expect(o.message).toMatch(
      /KEY-CHANGED: #2 \(2026-11\) is of site key [0-9a-f:]+, but MMC's key is [0-9a-f:]+ \(pinned at #1 \(2026-10\)\)/,
    );
  });

  it('an older backup copied over the database: rolled back', async () => {
    const p = copy();
    copyFileSync(older, p);
    const o = await afterOctober(await november(p));
    expect(kinds(o)).toContain('rolled-back');
    expect(o.message).toMatch(
      /ROLLED-BACK: #2 \(2026-11\) (comes from a database older than|does not know) #1 \(2026-10\)/,
    );
  });
});
