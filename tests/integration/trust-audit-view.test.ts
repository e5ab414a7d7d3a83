/**
 * Issue 10: the audit viewer's verdict checks the batch signatures, not only the hash chain,
 * incrementally (only rows written since the last verified head), on real encrypted files.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newSignPair, privateKeyOf, signBytes } from '../../main/db/crypto-keys';
import { signedBytes } from '../../main/services/audit';
import { listAudit } from '../../main/services/audit-view';
import { saveForm } from '../../main/services/save-form';
import { logout } from '../../main/services/site-db';
import { registerSubject } from '../../main/services/subjects';
import { makeSite, rawConnection, SACRO_CASE, type Site } from './site-fixture';

const sites: Site[] = [];
afterEach(() => {
  for (const s of sites.splice(0)) s.cleanup();
});

function enter(site: Site): void {
  const c = site.login('coordinator');
  const { subjectId } = registerSubject(c);
  saveForm(c, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
  saveForm(c, { subjectId, event: 'screening', form: 'BASE', values: SACRO_CASE.BASE, status: 'complete' });
  logout(c);
}

/**
 * Replaces the coordinator's last batch signature by one made with a key the site never
 * certified: well-formed, over the right bytes, by the wrong key (what an insider can make).
 */
function forgeLastSignature(site: Site): number {
  const db = rawConnection(site.path);
  try {
    const { audit_id: id, hash } = db
      .prepare(
        `SELECT s.audit_id, a.hash FROM audit_sigs s JOIN audit a ON a.id = s.audit_id
         WHERE s.signer = 'coordinator' ORDER BY s.audit_id DESC LIMIT 1`,
      )
      .get() as { audit_id: number; hash: string };
    const dbId = (db.prepare(`SELECT value FROM meta WHERE key = 'db_id'`).get() as { value: string }).value;
    const forged = signBytes(privateKeyOf(newSignPair().privateKey), signedBytes(dbId, id, hash, 'coordinator'));
    db.exec('DROP TRIGGER audit_sigs_no_update');
    db.prepare('UPDATE audit_sigs SET sig = ? WHERE audit_id = ?').run(forged, id);
    return id;
  } finally {
    db.close();
  }
}

describe('the audit viewer’s verdict', () => {
  it('names a forged signature that the hash chain alone would pass', () => {
    const site = makeSite();
    sites.push(site);
    enter(site);
    const before = site.login('admin');
    expect(listAudit(before, {}).chain.ok).toBe(true);
    logout(before);
    const id = forgeLastSignature(site);
    const a = site.login('admin');
    const v = listAudit(a, {}).chain;
    expect(v.ok).toBe(false);
    expect(v.problem).toMatch(/do not match the signature of coordinator/);
    expect(v.badRow).toBeLessThanOrEqual(id);
    // The monitor's viewer says the same.
    const m = site.login('monitor');
    expect(listAudit(m, {}).chain.problem).toMatch(/do not match the signature of coordinator/);
    m.close();
    a.close();
  });

  it('checks the rows written since its last verdict in an open session', () => {
    const site = makeSite();
    sites.push(site);
    enter(site);
    const a = site.login('admin');
    const first = listAudit(a, {}).chain;
    expect(first.ok).toBe(true);
    enter(site);
    const second = listAudit(a, {}).chain;
    expect(second).toMatchObject({ ok: true });
    expect(second.rows).toBeGreaterThan(first.rows);
    enter(site);
    forgeLastSignature(site);
    const third = listAudit(a, {}).chain;
    expect(third.ok).toBe(false);
    expect(third.problem).toMatch(/do not match the signature of coordinator/);
    expect(third.badRow).toBeGreaterThan(second.rows);
    a.close();
  });
});
