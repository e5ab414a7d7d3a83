/**
 * Discarding an abandoned registration (issue 11): "Register a new subject" takes the next ID at
 * once, so a subject registered by mistake, or whose first form was never saved, would stay as an
 * empty row for good. Site staff may discard such a subject with a reason: the row goes (it is
 * not listed, counted or exported), the audit trail keeps `subject.register` and a
 * `subject.discard` row with the reason, and the ID is never given again (the counter only grows),
 * so the gap it leaves is explained by the trail.
 *
 * Only a subject that never held anything may go: no saved form, no query, no signature, no
 * other user's draft, and not in any export already made (a sponsor who received the ID must
 * never see it vanish: withdraw it instead). The checks and the delete are one write
 * transaction (BEGIN IMMEDIATE), so a save racing the discard either lands first (and the discard
 * is refused) or finds no subject.
 */
import { requireReason } from './reason';
import { CrfError } from '../../shared/errors';
import { appendAudit } from './audit';
import type { SiteSession } from './session';
import { subjectRow } from './subjects';
import { stmt } from '../db/statements';

function refuse(subjectId: string, why: string): never {
  throw new CrfError({
    code: 'CONFLICT',
    field: 'subjectId',
    rule: 'empty',
    message: `${subjectId} cannot be discarded: ${why}. Withdraw the subject instead.`,
  });
}

export function discardSubject(s: SiteSession, input: { subjectId: string; reason: string }): { discarded: string } {
  s.require('subject.register');
  const reason = requireReason(input.reason, 'Discarding a registration');
  return s.db.transaction(() => {
    const r = subjectRow(s, input.subjectId);
    const id = r.subject_id;
    const count = (sql: string, ...args: unknown[]): number => (stmt(s.db, sql).get(...args) as { n: number }).n;
    if (r.status !== 'active') refuse(id, 'it is withdrawn');
    if (count('SELECT count(*) AS n FROM forms WHERE subject = ?', r.id)) refuse(id, 'a form of it is saved');
    if (count('SELECT count(*) AS n FROM queries WHERE subject = ?', r.id)) refuse(id, 'it has a query');
    if (count('SELECT count(*) AS n FROM signatures WHERE subject = ?', r.id)) refuse(id, 'its casebook was signed');
    if (count('SELECT count(*) AS n FROM exports WHERE cutoff >= ?', r.created_at))
      refuse(id, 'it went out in an export already made');
    const others = count(
      'SELECT count(*) AS n FROM drafts d JOIN users u ON u.id = d.user_id WHERE d.subject = ? AND lower(u.username) <> lower(?)',
      r.id,
      s.user.username,
    );
    if (others) refuse(id, 'another user has unsaved changes on it');
    // The discarding user's own drafts go with the subject (they were never recorded values).
    stmt(s.db, 'DELETE FROM drafts WHERE subject = ?').run(r.id);
    stmt(s.db, 'DELETE FROM subjects WHERE id = ?').run(r.id);
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'subject.discard',
          subjectId: id,
          field: 'status',
          oldValue: 'active',
          newValue: 'discarded',
          reason,
        },
      ],
      s.now(),
    );
    return { discarded: id };
  })();
}
