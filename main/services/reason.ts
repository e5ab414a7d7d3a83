/**
 * The one rule for a reason a user gives (withdraw, discard, lock, unlock, amend): required, and
 * at most 500 characters, the same limit as a reason for change, so a reason written once fits
 * everywhere it is recorded (audit trail, workbook Changes sheet, ODM AuditRecord).
 */
import { CrfError } from '../../shared/errors';

export const MAX_REASON = 500;

/** The trimmed reason, or a REASON_REQUIRED / VALIDATION error naming the field and the rule. */
export function requireReason(given: string | undefined, needs: string): string {
  const reason = (given ?? '').trim();
  if (!reason)
    throw new CrfError({
      code: 'REASON_REQUIRED',
      field: 'reason',
      rule: 'required',
      message: `${needs} needs a reason`,
    });
  if (reason.length > MAX_REASON)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'reason',
      rule: 'maxLength',
      message: `A reason has at most ${MAX_REASON} characters (this one has ${reason.length})`,
    });
  return reason;
}
