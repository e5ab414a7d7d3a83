/** An edit after signing voids the casebook's signature (21 CFR 11.70: a signature is bound to the record it signed). */
import { appendAudit } from './audit';
import type { SiteSession } from './session';
import { stmt } from '../db/statements';
import type { SubjectRow } from './subjects';

export function voidSignatureIn(s: SiteSession, subject: SubjectRow, reason: string): boolean {
  const sig = stmt(s.db, 'SELECT id FROM signatures WHERE subject = ? AND voided_at IS NULL').get(subject.id) as
    { id: number } | undefined;
  if (!sig) return false;
  const at = s.now().toISOString();
  stmt(s.db, 'UPDATE signatures SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?').run(
    at,
    s.user.username,
    reason,
    sig.id,
  );
  // The other signed forms return to the status they had before signing.
  stmt(
    s.db,
    `UPDATE forms SET status = COALESCE(signed_from, 'complete'), signed_from = NULL WHERE subject = ? AND status = 'signed'`,
  ).run(subject.id);
  appendAudit(
    s.db,
    [
      {
        user: s.user.username,
        action: 'signature.void',
        subjectId: subject.subject_id,
        reason,
        detail: { signature: sig.id },
      },
    ],
    s.now(),
  );
  return true;
}
