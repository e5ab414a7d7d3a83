/**
 * Who last saved a form instance's data, and who verified it, from the audit trail. The form
 * row's `updated_by` is whoever changed the row last, which after a monitor's verification is
 * the monitor: the header must still say who entered the data (issue 11).
 */
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';

export interface Stamp {
  at: string;
  by: string;
}

const SQL = `SELECT action, new_value AS newValue, at, user FROM audit
  WHERE subject_id = ? AND event = ? AND form = ? AND instance = ? AND action IN ('form.value', 'form.status')
  ORDER BY id DESC`;

export function formProvenance(
  db: Db,
  subjectId: string,
  key: { event: string; form: string; instance: number },
  status: string,
): { saved: Stamp | null; verified: Stamp | null } {
  let saved: Stamp | null = null;
  let verified: Stamp | null = null;
  const rows = stmt(db, SQL).iterate(subjectId, key.event, key.form, key.instance) as Iterable<{
    action: string;
    newValue: string | null;
    at: string;
    user: string;
  }>;
  for (const r of rows) {
    const isVerify = r.action === 'form.status' && r.newValue === 'verified';
    if (isVerify) {
      if (status === 'verified' && !verified && !saved) verified = { at: r.at, by: r.user };
      continue;
    }
    saved = { at: r.at, by: r.user };
    break;
  }
  return { saved, verified };
}
