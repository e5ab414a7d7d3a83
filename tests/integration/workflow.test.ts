/** Every status transition of protocol.md, and the refusals (21 CFR Part 11). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCasebook } from '../../main/services/casebook';
import { getForm } from '../../main/services/forms';
import { saveForm } from '../../main/services/save-form';
import type { SiteSession } from '../../main/services/session';
import { closeQuery, openQuery } from '../../main/services/queries';
import { registerSubject } from '../../main/services/subjects';
import { lockForms, signCasebook, unlockForm, verifyForms, SIGNATURE_MEANING } from '../../main/services/workflow';
import { makeSite, PASSWORDS, SACRO_CASE, type Site } from './site-fixture';

let site: Site;
let c: SiteSession, m: SiteSession, inv: SiteSession, adm: SiteSession;
let subjectId: string;
const BASE = { event: 'screening', form: 'BASE' } as const;
const status = (s: SiteSession, form: { event: string; form: string } = BASE) =>
  getForm(s, { subjectId, ...form }).status;
const actions = (s: SiteSession) =>
  s.db.prepare('SELECT action, old_value, new_value FROM audit WHERE subject_id = ? ORDER BY id').all(subjectId) as {
    action: string;
    old_value: string | null;
    new_value: string | null;
  }[];

beforeEach(() => {
  site = makeSite();
  [c, m, inv, adm] = (['coordinator', 'monitor', 'investigator', 'admin'] as const).map((r) => site.login(r)) as [
    SiteSession,
    SiteSession,
    SiteSession,
    SiteSession,
  ];
  subjectId = registerSubject(c).subjectId;
});
afterEach(() => {
  for (const s of [c, m, inv, adm]) s.close();
  site.cleanup();
});

describe('form status workflow', () => {
  it('empty → draft → complete', () => {
    expect(status(c)).toBe('empty');
    saveForm(c, { subjectId, ...BASE, values: { vas_pre: 9 }, status: 'draft' });
    expect(status(c)).toBe('draft');
    expect(() => saveForm(c, { subjectId, ...BASE, values: { vas_pre: 9 }, status: 'complete' })).toThrow(/required/);
    saveForm(c, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' });
    expect(status(c)).toBe('complete');
    expect(
      actions(c)
        .filter((a) => a.action === 'form.status')
        .map((a) => `${a.old_value}>${a.new_value}`),
    ).toEqual(['empty>draft', 'draft>complete']);
  });

  it('complete → verified by a monitor, form by form or the whole casebook; never a draft', () => {
    saveForm(c, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' });
    saveForm(c, { subjectId, event: 'screening', form: 'ELIG', values: { severe_pain: 'Y' }, status: 'draft' });
    expect(() => verifyForms(m, { subjectId, forms: [{ event: 'screening', form: 'ELIG', instance: 1 }] })).toThrow(
      /only a complete form can be verified/,
    );
    expect(verifyForms(m, { subjectId, forms: [{ ...BASE, instance: 1 }] }).verified).toBe(1);
    expect(status(m)).toBe('verified');
    saveForm(c, { subjectId, event: 'screening', form: 'ELIG', values: SACRO_CASE.ELIG, status: 'complete' });
    expect(verifyForms(m, { subjectId }).verified).toBe(1);
    expect(status(m, { event: 'screening', form: 'ELIG' })).toBe('verified');
  });

  it('skips and lists a complete form with a query not closed, in bulk and one by one', () => {
    saveForm(c, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' });
    saveForm(c, { subjectId, event: 'screening', form: 'ELIG', values: SACRO_CASE.ELIG, status: 'complete' });
    const q = openQuery(m, {
      subjectId,
      ...BASE,
      instance: 1,
      field: 'vas_pre',
      text: 'Please check against the note.',
    });
    expect(verifyForms(m, { subjectId })).toEqual({
      verified: 1,
      skipped: [{ event: 'screening', form: 'BASE', instance: 1, openQueries: 1 }],
    });
    expect(status(m)).toBe('complete');
    expect(status(m, { event: 'screening', form: 'ELIG' })).toBe('verified');
    // Named on its own, it is skipped too: main, not the screen, keeps the rule.
    expect(verifyForms(m, { subjectId, forms: [{ ...BASE, instance: 1 }] }).skipped).toHaveLength(1);
    expect(status(m)).toBe('complete');
    closeQuery(m, { queryId: q.id, text: 'Confirmed.' });
    expect(verifyForms(m, { subjectId })).toEqual({ verified: 1, skipped: [] });
    expect(status(m)).toBe('verified');
  });

  it('refuses a monitor editing data and a coordinator verifying or signing', () => {
    expect(() => saveForm(m, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' })).toThrow(
      /A monitor may not do this/,
    );
    saveForm(c, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' });
    expect(() => verifyForms(c, { subjectId })).toThrow(/A coordinator may not do this/);
    expect(() => signCasebook(c, { subjectId, password: PASSWORDS.coordinator })).toThrow(
      /A coordinator may not do this/,
    );
  });

  it('verified → signed by the investigator with the password, the meaning, name, role and UTC time', () => {
    saveForm(c, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' });
    verifyForms(m, { subjectId });
    expect(() => signCasebook(inv, { subjectId, password: 'not-my-password' })).toThrow(
      /Wrong password: the casebook was not signed/,
    );
    expect(status(inv)).toBe('verified');
    const sig = signCasebook(inv, { subjectId, password: PASSWORDS.investigator });
    expect(sig).toMatchObject({
      username: 'investigator',
      fullName: 'Ivan Investigator',
      role: 'investigator',
      meaning: SIGNATURE_MEANING,
    });
    expect(sig.signedAt).toMatch(/Z$/);
    expect(status(inv)).toBe('signed');
    expect(getCasebook(c, subjectId).signature).toMatchObject({
      fullName: 'Ivan Investigator',
      meaning: 'I attest that the data in this casebook are accurate',
    });
    expect(actions(inv).map((a) => a.action)).toEqual(expect.arrayContaining(['signature.failed', 'signature.sign']));
  });

  it('an edit after signing needs a reason, drops the form to complete and voids the signature (audited)', () => {
    saveForm(c, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' });
    saveForm(c, { subjectId, event: 'screening', form: 'ELIG', values: SACRO_CASE.ELIG, status: 'complete' });
    verifyForms(m, { subjectId });
    signCasebook(inv, { subjectId, password: PASSWORDS.investigator });
    expect(() =>
      saveForm(c, { subjectId, ...BASE, values: { ...SACRO_CASE.BASE, vas_pre: 8 }, status: 'complete' }),
    ).toThrow(/needs a reason for change/);
    const r = saveForm(c, {
      subjectId,
      ...BASE,
      values: { ...SACRO_CASE.BASE, vas_pre: 8 },
      status: 'complete',
      reason: 'Source says 8',
    });
    expect(r.signatureVoided).toBe(true);
    expect(status(c)).toBe('complete');
    expect(status(c, { event: 'screening', form: 'ELIG' })).toBe('verified');
    expect(getCasebook(c, subjectId).signature).toBeNull();
    expect(actions(c).map((a) => a.action)).toContain('signature.void');
  });

  it('locked refuses edits; an admin unlocks with a reason back to the earlier status', () => {
    saveForm(c, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' });
    expect(() => lockForms(c, { reason: 'cut' })).toThrow(/A coordinator may not do this/);
    expect(() => lockForms(adm, { reason: ' ' })).toThrow(/needs a reason/);
    // The same 500-character limit as a reason for change, and nothing locked by the refusal.
    expect(() => lockForms(adm, { reason: 'x'.repeat(501) })).toThrow(/at most 500 characters \(this one has 501\)/);
    expect(status(c)).toBe('complete');
    expect(lockForms(adm, { reason: 'Data cut 2026-10' }).locked).toBe(1);
    expect(status(c)).toBe('locked');
    expect(() =>
      saveForm(c, { subjectId, ...BASE, values: { ...SACRO_CASE.BASE, vas_pre: 7 }, status: 'complete', reason: 'x' }),
    ).toThrow(/locked/);
    expect(() => unlockForm(adm, { subjectId, ...BASE, instance: 1, reason: '' })).toThrow(/needs a reason/);
    unlockForm(adm, { subjectId, ...BASE, instance: 1, reason: 'Query resolution after cut' });
    expect(status(c)).toBe('complete');
  });

  it('a draft stays editable without a reason, and a complete form cannot lose a required answer', () => {
    saveForm(c, { subjectId, ...BASE, values: { vas_pre: 9 }, status: 'draft' });
    saveForm(c, { subjectId, ...BASE, values: { vas_pre: 8 }, status: 'draft' });
    saveForm(c, { subjectId, ...BASE, values: SACRO_CASE.BASE, status: 'complete' });
    expect(() =>
      saveForm(c, { subjectId, ...BASE, values: { ...SACRO_CASE.BASE, vas_pre: null }, status: 'draft', reason: 'x' }),
    ).toThrow(/required/);
    const r = saveForm(c, {
      subjectId,
      ...BASE,
      values: { ...SACRO_CASE.BASE, vas_pre: { missing: 'UNK' } },
      status: 'complete',
      reason: 'Not in the chart',
    });
    expect(r.form.values.vas_pre).toEqual({ missing: 'UNK' });
  });

  it('refuses a stale save (someone else saved since the form was opened)', () => {
    saveForm(c, { subjectId, ...BASE, values: { vas_pre: 9 }, status: 'draft' });
    expect(() =>
      saveForm(c, { subjectId, ...BASE, values: { vas_pre: 7 }, status: 'draft', expectedVersion: 0 }),
    ).toThrow(/saved by coordinator since you opened it/);
  });
});
