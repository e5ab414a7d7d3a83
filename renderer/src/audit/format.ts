/** Audit rows in words: values as entered (codes, missing-data codes, lists), places from the protocol. */
import type { Study } from '../../../shared/protocol/load';
import type { Role } from '../../../shared/roles';
import { may } from '../../../shared/roles';

/**
 * A recorded value in words: a code, a list of codes, a number, a missing-data code. The audit
 * viewer gets values as JSON text and the field history gets them parsed: both read the same.
 */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') {
    try {
      return showParsed(JSON.parse(v) as unknown, v);
    } catch {
      return v; // plain text
    }
  }
  return showParsed(v, JSON.stringify(v));
}

function showParsed(p: unknown, fallback: string): string {
  if (p && typeof p === 'object' && 'missing' in p) return String((p as { missing: string }).missing);
  if (Array.isArray(p)) return p.join(', ');
  if (typeof p === 'number' || typeof p === 'string') return String(p);
  return fallback;
}

export function showDetail(detail: string | null): string {
  if (!detail) return '';
  try {
    const d = JSON.parse(detail) as unknown;
    if (d && typeof d === 'object' && !Array.isArray(d))
      return Object.entries(d as Record<string, unknown>)
        .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join(' · ');
  } catch {
    /* plain text */
  }
  return detail;
}

export function whereText(
  study: Study,
  r: { event: string | null; form: string | null; instance: number | null },
): string {
  if (!r.form) return r.event && study.hasEvent(r.event) ? study.event(r.event).label : '';
  const form = study.hasForm(r.form) ? study.form(r.form) : null;
  const ev = r.event && study.hasEvent(r.event) ? study.event(r.event).label : r.event;
  return `${ev ? ev + ' › ' : ''}${form?.label ?? r.form}${form?.repeating ? ` #${r.instance ?? 1}` : ''}`;
}

export function fieldText(study: Study, form: string | null, field: string | null): string {
  if (!field) return '';
  if (field === '_status') return 'Form status';
  if (form && study.hasForm(form)) return study.form(form).fields.find((f) => f.id === field)?.label ?? field;
  return field;
}

/**
 * Whether a value may be shown to this role: a field whose PHI class identifies the patient is
 * masked for roles that never see identifiers (the monitor), whatever main sends. Free text is
 * shown: for those roles main sends only the scanner's redacted copy (identifier-values.ts).
 */
export function valueVisible(study: Study, role: Role, form: string | null, field: string | null): boolean {
  if (may(role, 'subject.identified') || !form || !field || !study.hasForm(form)) return true;
  const phi = study.form(form).fields.find((f) => f.id === field)?.phi;
  // free text comes from main as the PHI scanner's redacted copy for a role without identified access
  return !phi || phi === 'none' || phi === 'freetext';
}

/** The action prefixes of the trail a person filters by (audit.list matches by prefix). */
export const ACTION_OPTIONS: { value: string; label: string }[] = [
  { value: 'form.value', label: 'Value changed (form.value)' },
  { value: 'form.status', label: 'Form status (form.status)' },
  { value: 'form.lock', label: 'Form locked (form.lock)' },
  { value: 'form.unlock', label: 'Form unlocked (form.unlock)' },
  { value: 'query', label: 'Any query action (query.*)' },
  { value: 'query.open', label: 'Query opened' },
  { value: 'query.reply', label: 'Query answered' },
  { value: 'query.comment', label: 'Query comment' },
  { value: 'query.close', label: 'Query closed' },
  { value: 'query.reopen', label: 'Query re-opened' },
  { value: 'signature', label: 'Any signature action (signature.*)' },
  { value: 'signature.sign', label: 'Casebook signed' },
  { value: 'signature.void', label: 'Signature voided' },
  { value: 'signature.failed', label: 'Signature refused (wrong password)' },
  { value: 'subject', label: 'Subject registered or withdrawn' },
  { value: 'export', label: 'Exports (accounting of disclosures)' },
  { value: 'user', label: 'Users and passwords' },
  { value: 'unlock.failed', label: 'Failed unlock of a session' },
];
