/**
 * Unsaved work kept as the user types: a per-user draft inside the encrypted database. It is
 * not a recorded value (nothing is audited until the form is saved), and reopening the form
 * offers it back with what differs from the saved record, after a crash, a closed window or a lock.
 */
import { CrfError } from '../../shared/errors';
import { checkFormKey } from './forms';
import type { SiteSession } from './session';
import { openText, openValues, sealText, type IdKeyring } from './identifier-values';
import { subjectRow } from './subjects';
import type { DraftView } from '../../shared/ipc/casebook-schemas';

export interface DraftKey {
  subjectId: string;
  event: string;
  form: string;
  /** 0 for a repeating form's instance not yet saved. */
  instance: number;
}

/** A kept draft as the contract states it (values as typed; `differs`: fields unlike the saved record). */
export type Draft = DraftView;

const MAX_DRAFT_BYTES = 256 * 1024;

function keyOf(s: SiteSession, k: DraftKey): { subject: number } {
  checkFormKey(s, { event: k.event, form: k.form });
  if (!Number.isInteger(k.instance) || k.instance < 0)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'instance',
      rule: 'range',
      message: 'The instance must be 0 or more',
    });
  return { subject: subjectRow(s, k.subjectId).id };
}

export function keepDraft(
  s: SiteSession,
  input: DraftKey & { values: Record<string, unknown>; baseVersion: number },
): { updatedAt: string } {
  s.require('draft.keep');
  const { subject } = keyOf(s, input);
  const data = JSON.stringify(input.values);
  if (data.length > MAX_DRAFT_BYTES)
    throw new CrfError({ code: 'VALIDATION', field: 'values', rule: 'maxLength', message: 'The draft is too large' });
  const at = s.now().toISOString();
  s.db
    .prepare(
      `INSERT INTO drafts (user_id, subject, event, form, instance, data, base_version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, subject, event, form, instance) DO UPDATE SET data = excluded.data, base_version = excluded.base_version, updated_at = excluded.updated_at`,
    )
    .run(s.user.id, subject, input.event, input.form, input.instance, sealDraft(s, data), input.baseVersion, at);
  return { updatedAt: at };
}

export function getDraft(s: SiteSession, k: DraftKey): Draft | null {
  s.require('draft.keep');
  const { subject } = keyOf(s, k);
  const row = s.db
    .prepare(
      'SELECT data, base_version, updated_at FROM drafts WHERE user_id = ? AND subject = ? AND event = ? AND form = ? AND instance = ?',
    )
    .get(s.user.id, subject, k.event, k.form, k.instance) as
    { data: string; base_version: number; updated_at: string } | undefined;
  if (!row) return null;
  const key = s.identifierKey();
  // A draft sealed under an earlier key (before a rotation) cannot be read: it is dropped.
  const plain = row.data.startsWith('v1.') ? (key ? tryOpen(key, row.data) : null) : row.data;
  if (plain === null) return null;
  const values = JSON.parse(plain) as Record<string, unknown>;
  const saved =
    k.instance > 0
      ? (s.db
          .prepare('SELECT data FROM forms WHERE subject = ? AND event = ? AND form = ? AND instance = ?')
          .get(subject, k.event, k.form, k.instance) as { data: string } | undefined)
      : undefined;
  const savedValues = saved ? openValues(key, JSON.parse(saved.data) as Record<string, unknown>) : {};
  const norm = (v: unknown): string =>
    JSON.stringify(v === '' || v === undefined || (Array.isArray(v) && !v.length) ? null : v);
  const differs = s.study
    .form(k.form)
    .fields.filter((f) => f.type !== 'computed' && norm(values[f.id]) !== norm(savedValues[f.id]))
    .map((f) => f.id);
  return { ...k, values, baseVersion: row.base_version, updatedAt: row.updated_at, differs };
}

export function discardDraft(s: SiteSession, k: DraftKey): void {
  s.require('draft.keep');
  const { subject } = keyOf(s, k);
  s.db
    .prepare('DELETE FROM drafts WHERE user_id = ? AND subject = ? AND event = ? AND form = ? AND instance = ?')
    .run(s.user.id, subject, k.event, k.form, k.instance);
}

/** What a user typed may name the patient: the whole draft is sealed under the identified-access key. */
function sealDraft(s: SiteSession, json: string): string {
  const key = s.identifierKey();
  return key ? sealText(key, json) : json;
}

function tryOpen(key: IdKeyring, token: string): string | null {
  try {
    return openText(key, token);
  } catch {
    return null;
  }
}
