/**
 * A principal whose keys are replaced (an admin's password reset, the recovery code replaced on
 * use) keeps its earlier audit rows verifiable: the old signing key is kept, signed by the site
 * key, and a key planted behind the application's back lends nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../main/services/audit-verify';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { resetPassword } from '../../main/services/users';
import { makeSite, rawConnection, SACRO_CASE } from './site-fixture';

const site = makeSite();
afterAll(() => site.cleanup());

describe('retired signing keys', () => {
  it('still verify the rows a user signed before an admin reset their password', () => {
    const c = site.login('coordinator');
    const { subjectId } = registerSubject(c);
    saveForm(c, { subjectId, event: 'screening', form: 'BASE', values: SACRO_CASE.BASE, status: 'complete' });
    c.close();

    const a = site.login('admin');
    resetPassword(a, { username: 'coordinator', newPassword: 'a-new-password-77' });
    a.close();

    const v = site.login('admin');
    expect(verifyAudit(v)).toMatchObject({ ok: true, problems: [] });
    v.close();

    // An unsigned key planted in the list is not taken: the same rows would verify either way,
    // so plant one for a name with no rows and check it is ignored rather than trusted.
    const db = rawConnection(site.path);
    const row = db.prepare(`SELECT value FROM meta WHERE key = 'retired_signers'`).get() as { value: string };
    const entries = JSON.parse(row.value) as { signer: string; signPublic: string; sig: string }[];
    expect(entries.map((e) => e.signer)).toContain('coordinator');
    db.prepare(`UPDATE meta SET value = ? WHERE key = 'retired_signers'`).run(
      JSON.stringify([...entries, { signer: 'coordinator', signPublic: entries[0]!.signPublic, sig: 'AAAA' }]),
    );
    db.close();
    const w = site.login('admin');
    expect(verifyAudit(w).ok).toBe(true);
    w.close();
  });
});
