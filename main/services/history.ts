/** Per-field history, read from the audit trail: who changed what, when, and why. */
import type { SiteSession } from './session';
import { subjectRow } from './subjects';
import { WITHHELD_TEXT, withheldFields } from './identifiers';
import type { FieldChange } from '../../shared/ipc/schemas';
import { readAuditJson } from './identifier-values';

export type { FieldChange } from '../../shared/ipc/schemas';

const parse = (v: string | null): unknown => {
  if (v === null) return null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

export function formHistory(
  s: SiteSession,
  input: { subjectId: string; event: string; form: string; instance: number; field?: string },
): FieldChange[] {
  s.require('form.read');
  const subject = subjectRow(s, input.subjectId);
  const rows = s.db
    .prepare(
      `SELECT at, user, action, field, old_value, new_value, reason FROM audit
       WHERE subject_id = ? AND event = ? AND form = ? AND instance = ? AND (? IS NULL OR field = ?) ORDER BY id`,
    )
    .all(subject.subject_id, input.event, input.form, input.instance, input.field ?? null, input.field ?? null) as {
    at: string;
    user: string;
    action: string;
    field: string | null;
    old_value: string | null;
    new_value: string | null;
    reason: string | null;
  }[];
  const withheld = new Set(withheldFields(s, input.form));
  const key = s.identifierKey();
  const shown = (r: (typeof rows)[number], stored: string | null): unknown => {
    if (r.action !== 'form.value') return stored;
    if (r.field && withheld.has(r.field) && stored !== null) return WITHHELD_TEXT;
    const v = readAuditJson(key, stored);
    return typeof v === 'object' && v !== null ? WITHHELD_TEXT : parse(v);
  };
  return rows.map((r) => ({
    at: r.at,
    user: r.user,
    action: r.action,
    field: r.field,
    oldValue: shown(r, r.old_value),
    newValue: shown(r, r.new_value),
    reason: r.reason,
  }));
}
