/**
 * The form status workflow of protocol.md: draft → complete → verified (a monitor's source
 * data verification) → signed (the investigator signs the casebook); locked for a data cut,
 * unlocked by an administrator with a reason. 21 CFR 11.50/11.200: a signature re-asks the
 * password and records its meaning, the signer's name and role, and the UTC time.
 */
import { requireReason } from './reason';
import { CrfError } from '../../shared/errors';
import { SIGNATURE_MEANING } from '../../shared/signature';
import { appendAudit, type AuditEntry } from './audit';
import { checkFormKey, type FormRow } from './forms';
import type { SignatureInfo } from './casebook';
import type { SiteSession } from './session';
import { subjectRow } from './subjects';
import { checkOwnPassword } from './users';
import { plural, pluralWord } from '../../shared/plural';

/** Re-exported for callers that know the workflow only; the text lives in shared/signature.ts. */
export { SIGNATURE_MEANING };

/** A complete form left unverified because a query on it is not closed (open or answered). */
export interface SkippedForm {
  event: string;
  form: string;
  instance: number;
  openQueries: number;
}

/**
 * Marks complete forms verified. A form with a query that is not closed is skipped and listed,
 * never verified: the monitor who just raised a query has not verified that value (issue 11).
 */
export function verifyForms(
  s: SiteSession,
  input: { subjectId: string; forms?: { event: string; form: string; instance: number }[] },
): { verified: number; skipped: SkippedForm[] } {
  s.require('form.verify');
  return s.db.transaction(() => {
    const subject = subjectRow(s, input.subjectId);
    const rows = s.db.prepare('SELECT * FROM forms WHERE subject = ? ORDER BY id').all(subject.id) as FormRow[];
    const queried = s.db
      .prepare(
        `SELECT event, form, coalesce(instance, 1) AS instance, count(*) AS n FROM queries
         WHERE subject = ? AND status != 'closed' AND form IS NOT NULL GROUP BY event, form, coalesce(instance, 1)`,
      )
      .all(subject.id) as { event: string | null; form: string; instance: number; n: number }[];
    const openOn = (r: FormRow): number =>
      queried
        .filter((q) => q.form === r.form && (q.event === null || q.event === r.event) && q.instance === r.instance)
        .reduce((a, q) => a + q.n, 0);
    let targets: FormRow[];
    if (input.forms) {
      targets = input.forms.map((k) => {
        checkFormKey(s, k);
        const r = rows.find((x) => x.event === k.event && x.form === k.form && x.instance === k.instance);
        if (!r)
          throw new CrfError({
            code: 'NOT_FOUND',
            field: 'form',
            rule: 'exists',
            message: `${k.form} at ${k.event} is not entered`,
          });
        if (r.status !== 'complete')
          throw new CrfError({
            code: 'VALIDATION',
            field: 'form',
            rule: 'status',
            message: `${k.form} is ${r.status}: only a complete form can be verified`,
          });
        return r;
      });
    } else targets = rows.filter((r) => r.status === 'complete');
    const skipped: SkippedForm[] = [];
    targets = targets.filter((r) => {
      const n = openOn(r);
      if (n > 0) skipped.push({ event: r.event, form: r.form, instance: r.instance, openQueries: n });
      return n === 0;
    });
    const at = s.now().toISOString();
    const entries: AuditEntry[] = [];
    const upd = s.db.prepare(`UPDATE forms SET status = 'verified', updated_at = ?, updated_by = ? WHERE id = ?`);
    for (const r of targets) {
      upd.run(at, s.user.username, r.id);
      entries.push({
        user: s.user.username,
        action: 'form.status',
        subjectId: subject.subject_id,
        event: r.event,
        form: r.form,
        instance: r.instance,
        field: '_status',
        oldValue: r.status,
        newValue: 'verified',
      });
    }
    appendAudit(s.db, entries, s.now());
    return { verified: targets.length, skipped };
  })();
}

export function signCasebook(s: SiteSession, input: { subjectId: string; password: string }): SignatureInfo {
  s.require('casebook.sign');
  // The password is checked before anything is written: a wrong one leaves no trace but the audit row.
  if (!checkOwnPassword(s, input.password)) {
    s.db.transaction(() =>
      appendAudit(s.db, [{ user: s.user.username, action: 'signature.failed', subjectId: input.subjectId }], s.now()),
    )();
    throw new CrfError({
      code: 'AUTH',
      field: 'password',
      rule: 'password',
      message: 'Wrong password: the casebook was not signed',
    });
  }
  return s.db.transaction((): SignatureInfo => {
    const subject = subjectRow(s, input.subjectId);
    const rows = s.db.prepare('SELECT * FROM forms WHERE subject = ?').all(subject.id) as FormRow[];
    if (!rows.length)
      throw new CrfError({ code: 'VALIDATION', rule: 'empty', message: `${subject.subject_id} has no forms to sign` });
    const open = rows.filter((r) => r.status === 'draft');
    if (open.length)
      throw new CrfError({
        code: 'VALIDATION',
        rule: 'status',
        message: `${plural(open.length, 'form')} ${pluralWord(open.length, 'is still a draft', 'are still drafts')} (${open.map((r) => r.form).join(', ')}): complete them before signing`,
      });
    if (s.db.prepare('SELECT 1 FROM signatures WHERE subject = ? AND voided_at IS NULL').get(subject.id))
      throw new CrfError({ code: 'CONFLICT', rule: 'signed', message: `${subject.subject_id} is already signed` });
    const at = s.now().toISOString();
    s.db
      .prepare(
        'INSERT INTO signatures (subject, username, full_name, role, meaning, signed_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(subject.id, s.user.username, s.user.fullName, s.user.role, SIGNATURE_MEANING, at);
    const entries: AuditEntry[] = [
      {
        user: s.user.username,
        action: 'signature.sign',
        subjectId: subject.subject_id,
        detail: { meaning: SIGNATURE_MEANING, name: s.user.fullName, role: s.user.role },
      },
    ];
    const upd = s.db.prepare(`UPDATE forms SET status = 'signed', signed_from = status WHERE id = ?`);
    for (const r of rows) {
      if (r.status !== 'complete' && r.status !== 'verified') continue;
      upd.run(r.id);
      entries.push({
        user: s.user.username,
        action: 'form.status',
        subjectId: subject.subject_id,
        event: r.event,
        form: r.form,
        instance: r.instance,
        field: '_status',
        oldValue: r.status,
        newValue: 'signed',
      });
    }
    appendAudit(s.db, entries, s.now());
    return {
      username: s.user.username,
      fullName: s.user.fullName,
      role: s.user.role,
      meaning: SIGNATURE_MEANING,
      signedAt: at,
    };
  })();
}

/** Locks every saved form of one subject, or of the whole site (a data cut). */
export function lockForms(s: SiteSession, input: { subjectId?: string; reason: string }): { locked: number } {
  s.require('form.lock');
  const reason = requireReason(input.reason, 'Locking (for example for a data cut)');
  return s.db.transaction(() => {
    const subject = input.subjectId ? subjectRow(s, input.subjectId) : null;
    const rows = (
      subject
        ? s.db
            .prepare(
              `SELECT f.*, s.subject_id FROM forms f JOIN subjects s ON s.id = f.subject WHERE f.subject = ? AND f.status != 'locked'`,
            )
            .all(subject.id)
        : s.db
            .prepare(
              `SELECT f.*, s.subject_id FROM forms f JOIN subjects s ON s.id = f.subject WHERE f.status != 'locked'`,
            )
            .all()
    ) as (FormRow & { subject_id: string })[];
    const upd = s.db.prepare(`UPDATE forms SET status = 'locked', locked_from = status WHERE id = ?`);
    const entries: AuditEntry[] = [];
    for (const r of rows) {
      upd.run(r.id);
      entries.push({
        user: s.user.username,
        action: 'form.lock',
        subjectId: r.subject_id,
        event: r.event,
        form: r.form,
        instance: r.instance,
        field: '_status',
        oldValue: r.status,
        newValue: 'locked',
        reason,
      });
    }
    appendAudit(s.db, entries, s.now());
    return { locked: rows.length };
  })();
}

export function unlockForm(
  s: SiteSession,
  input: { subjectId: string; event: string; form: string; instance: number; reason: string },
): { unlocked: number } {
  s.require('form.lock');
  checkFormKey(s, input);
  const reason = requireReason(input.reason, 'Unlocking');
  return s.db.transaction(() => {
    const subject = subjectRow(s, input.subjectId);
    const r = s.db
      .prepare('SELECT * FROM forms WHERE subject = ? AND event = ? AND form = ? AND instance = ?')
      .get(subject.id, input.event, input.form, input.instance) as FormRow | undefined;
    if (!r || r.status !== 'locked')
      throw new CrfError({ code: 'VALIDATION', field: 'form', rule: 'status', message: `${input.form} is not locked` });
    const back = r.locked_from ?? 'complete';
    s.db.prepare('UPDATE forms SET status = ?, locked_from = NULL WHERE id = ?').run(back, r.id);
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'form.unlock',
          subjectId: subject.subject_id,
          event: r.event,
          form: r.form,
          instance: r.instance,
          field: '_status',
          oldValue: 'locked',
          newValue: back,
          reason,
        },
      ],
      s.now(),
    );
    return { unlocked: 1 };
  })();
}
