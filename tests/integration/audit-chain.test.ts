/** The audit trail is append-only and hash-chained: a raw edit is caught by `sitecrf audit verify`, naming the row. */
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../main/services/audit';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { makeSite, PASSWORDS, rawConnection, SACRO_CASE, sitecrf, type Site } from './site-fixture';

let site: Site;
afterEach(() => site?.cleanup());

describe('audit trail', () => {
  it('records user, UTC time, subject, event, form, instance, field, old and new value, and reason', () => {
    site = makeSite();
    const s = site.login('coordinator');
    const { subjectId } = registerSubject(s);
    saveForm(s, { subjectId, event: 'screening', form: 'BASE', values: SACRO_CASE.BASE, status: 'complete' });
    saveForm(s, {
      subjectId,
      event: 'screening',
      form: 'BASE',
      values: { ...SACRO_CASE.BASE, vas_pre: 8 },
      status: 'complete',
      reason: 'Corrected from the source note',
    });
    const row = s.db
      .prepare(`SELECT * FROM audit WHERE action = 'form.value' AND field = 'vas_pre' ORDER BY id DESC LIMIT 1`)
      .get() as Record<string, unknown>;
    expect(row).toMatchObject({
      user: 'coordinator',
      subject_id: subjectId,
      event: 'screening',
      form: 'BASE',
      instance: 1,
      field: 'vas_pre',
      old_value: '9',
      new_value: '8',
      reason: 'Corrected from the source note',
    });
    expect(String(row.at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    s.close();
  });

  it('refuses UPDATE and DELETE through triggers', () => {
    site = makeSite({ users: false });
    const db = rawConnection(site.path);
    expect(() => db.prepare(`UPDATE audit SET user = 'mallory' WHERE id = 1`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE id = 1').run()).toThrow(/append-only/);
    db.close();
  });

  it('fails `sitecrf audit verify` naming the row changed behind the application', () => {
    site = makeSite();
    const s = site.login('coordinator');
    const { subjectId } = registerSubject(s);
    saveForm(s, { subjectId, event: 'screening', form: 'BASE', values: SACRO_CASE.BASE, status: 'complete' });
    s.close();
    const ok = sitecrf(['audit', 'verify', '--db', site.path, '--user', 'admin'], {
      SITECRF_PASSWORD: PASSWORDS.admin,
    });
    expect(ok.out).toMatch(/audit trail verified: \d+ rows/);
    expect(ok.code).toBe(0);

    const db = rawConnection(site.path);
    const target = db.prepare(`SELECT id FROM audit WHERE field = 'vas_pre'`).get() as { id: number };
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare(`UPDATE audit SET new_value = '3' WHERE id = ?`).run(target.id);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, badRow: target.id });
    db.close();
    const bad = sitecrf(['audit', 'verify', '--db', site.path, '--user', 'admin'], {
      SITECRF_PASSWORD: PASSWORDS.admin,
    });
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain(`row ${target.id}`);
    expect(bad.err).toMatch(/does NOT verify/);
  });

  it('notices a deleted row', () => {
    site = makeSite();
    const db = rawConnection(site.path);
    db.exec('DROP TRIGGER audit_no_delete');
    db.prepare('DELETE FROM audit WHERE id = 2').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, badRow: 3 });
    db.close();
  });
});
