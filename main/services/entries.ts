/**
 * Scripted data entry (`sitecrf enter`): a JSON file of entries applied through the same
 * services and rules as the screens. Each entry is its own transaction: a rejected entry is
 * reported with subject, form, field and rule, and the valid ones are applied. A fault that is
 * not the entry's own (a full disk, a busy or read-only database, anything unexpected) stops the
 * run at that entry, and the outcome still says what was committed and what was not. An entry's
 * `key` is recorded with its writes, so a rerun skips it as "already applied".
 */
import { CrfError, isCrfError } from '../../shared/errors';
import { sqliteFault } from '../db/sqlite-faults';
import { stmt } from '../db/statements';
import { saveForm } from './save-form';
import type { SiteSession } from './session';
import { registerSubject } from './subjects';
import { entriesFileSchema, entrySchema, type Entry } from './entries-schema';

export { entrySchema, entriesFileSchema, type Entry } from './entries-schema';

export interface EntryResult {
  index: number;
  ok: boolean;
  /** Skipped: its key was applied by an earlier run. */
  alreadyApplied?: boolean;
  key?: string;
  subjectId?: string;
  form?: string;
  event?: string;
  instance?: number;
  field?: string;
  rule?: string;
  message?: string;
  warnings?: string[];
}

/** Where a run stopped: the entry (0-based) that met the fault; it and every later one are not applied. */
export interface EntriesStop {
  index: number;
  /** The fault as a CrfError when it is one a person can act on (busy, disk full, read-only). */
  fault: CrfError | null;
  /** What was thrown, for the caller to rethrow after reporting. */
  error: unknown;
  message: string;
}

export interface EntriesOutcome {
  results: EntryResult[];
  aliases: Record<string, string>;
  total: number;
  stopped?: EntriesStop;
}

/** Codes of a fault outside the entry: retrying the same entry later may succeed. */
const FAULT_CODES = new Set(['BUSY', 'DISK_FULL', 'READ_ONLY']);

export function applyEntries(
  s: SiteSession,
  raw: unknown,
  opts: { onProgress?: (done: number, total: number) => void } = {},
): EntriesOutcome {
  s.require('form.save');
  const file = entriesFileSchema.safeParse(raw);
  if (!file.success)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'entries',
      rule: 'shape',
      message: `The entries file must be {"entries": [...]}: ${file.error.issues[0]?.message}`,
    });
  const entries = file.data.entries;
  const out: EntriesOutcome = { results: [], aliases: {}, total: entries.length };
  for (let index = 0; index < entries.length; index++) {
    const parsed = entrySchema.safeParse(entries[index]);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      out.results.push({
        index,
        ok: false,
        field: i?.path.join('.') || 'action',
        rule: 'shape',
        message: i?.message ?? 'invalid entry',
      });
      continue;
    }
    const e = parsed.data;
    const subjectOf = (ref: string): string => out.aliases[ref] ?? ref;
    try {
      const done = e.key !== undefined ? appliedBefore(s, e.key) : undefined;
      if (done) {
        if (e.action === 'register' && e.as && done.subjectId) out.aliases[e.as] = done.subjectId;
        out.results.push({ index, ok: true, alreadyApplied: true, key: e.key, subjectId: done.subjectId ?? undefined });
      } else {
        // The entry and its key commit together: a fault in between leaves neither.
        const r = s.db.transaction(() => {
          const result = applyOne(s, e, index, subjectOf);
          if (e.key !== undefined)
            stmt(s.db, 'INSERT INTO entry_keys (key, subject_id, applied_at, applied_by) VALUES (?, ?, ?, ?)').run(
              e.key,
              result.subjectId ?? null,
              s.now().toISOString(),
              s.user.username,
            );
          return result;
        })();
        if (e.action === 'register' && e.as && r.subjectId) out.aliases[e.as] = r.subjectId;
        out.results.push(e.key !== undefined ? { ...r, key: e.key } : r);
      }
    } catch (err) {
      const fault = isCrfError(err) ? (FAULT_CODES.has(err.code) ? err : null) : sqliteFault(err);
      if (fault || !isCrfError(err)) {
        out.stopped = { index, fault, error: err, message: fault?.message ?? (err as Error).message ?? String(err) };
        return out;
      }
      const first = err.issues?.[0];
      out.results.push({
        index,
        ok: false,
        key: e.key,
        subjectId: 'subject' in e ? subjectOf(e.subject) : undefined,
        form: 'form' in e ? e.form : undefined,
        event: 'event' in e ? e.event : undefined,
        field: first?.field ?? err.field,
        rule: first?.rule ?? err.rule ?? err.code.toLowerCase(),
        message: err.message,
      });
    }
    opts.onProgress?.(index + 1, entries.length);
  }
  return out;
}

function appliedBefore(s: SiteSession, key: string): { subjectId: string | null } | undefined {
  const row = stmt(s.db, 'SELECT subject_id FROM entry_keys WHERE key = ?').get(key) as
    { subject_id: string | null } | undefined;
  return row && { subjectId: row.subject_id };
}

function applyOne(s: SiteSession, e: Entry, index: number, subjectOf: (ref: string) => string): EntryResult {
  if (e.action === 'register') {
    const sub = registerSubject(s);
    return { index, ok: true, subjectId: sub.subjectId };
  }
  let event = e.event;
  if (e.action === 'add' && !event) {
    const form = e.form;
    event = s.study.def.events.find(
      (ev) => ev.forms.includes(form) && (ev.repeating || (s.study.hasForm(form) && s.study.form(form).repeating)),
    )?.id;
    if (!event)
      throw new CrfError({
        code: 'VALIDATION',
        field: 'form',
        rule: 'repeating',
        message: `${e.form} is not a repeating form: use "save" with its event`,
      });
  }
  const r = saveForm(s, {
    subjectId: subjectOf(e.subject),
    event: event!,
    form: e.form,
    instance: e.action === 'save' ? e.instance : undefined,
    values: e.values,
    status: e.status,
    reason: e.action === 'save' ? e.reason : undefined,
    merge: e.action === 'save' ? e.merge : false,
  });
  return {
    index,
    ok: true,
    subjectId: r.form.subjectId,
    event: r.form.event,
    form: r.form.form,
    instance: r.form.instance,
    warnings: r.form.issues.filter((i) => i.severity === 'warning').map((i) => `${i.field}: ${i.message}`),
  };
}
