/**
 * Saving form instances. Main is the authority: every save is validated by the engine against
 * the subject's whole casebook, hidden fields are cleared, and the change and its audit rows
 * commit in one transaction. Editing a complete or later form needs a reason, drops it back to
 * complete and voids the casebook's signature; a locked form refuses edits.
 */
import { CrfError, type IssueData } from '../../shared/errors';
import { sameKey, type Casebook, type FormKey } from '../../shared/protocol/casebook';
import { evaluateForm, issueId, type Issue } from '../../shared/protocol/engine';
import { evaluateAfterSave } from '../../shared/protocol/subject';
import type { FieldValue } from '../../shared/protocol/schema';
import { appendAudit, auditValue, type AuditEntry } from './audit';
import type { SiteSession } from './session';
import { stmt } from '../db/statements';
import { withheldFields } from './identifiers';
import { subjectRow, type SubjectRow } from './subjects';
import type { z } from 'zod';
import type { formStateSchema } from '../../shared/ipc/schemas';
import { formsWithSubjectColumns, writeSubjectColumns } from './subject-columns';
import { voidSignatureIn } from './signature-void';
import type { FormStatus } from '../../shared/status';
import { openValues, sealValues, sealedFields } from './identifier-values';
import { requireCurrentStudy } from './study-store';

export { FORM_STATUSES, type FormStatus } from '../../shared/status';

export interface FormRow {
  id: number;
  subject: number;
  event: string;
  form: string;
  instance: number;
  status: FormStatus;
  locked_from: string | null;
  signed_from: string | null;
  data: string;
  version: number;
  updated_at: string;
  updated_by: string;
  protocol_version: string | null;
}

/** A form as the screens receive it (shared/ipc/schemas.ts formStateSchema). */
export type FormState = z.infer<typeof formStateSchema>;

export interface SaveFormInput {
  subjectId: string;
  event: string;
  form: string;
  /** For a repeating form: the instance to edit, or none to add a new one. */
  instance?: number;
  values: Record<string, unknown>;
  status: 'draft' | 'complete';
  reason?: string;
  /** Optimistic concurrency: the version the user started from. */
  expectedVersion?: number;
  /** Keep stored values of fields not given (scripted entry); the screens send whole forms. */
  merge?: boolean;
}

export interface SaveResult {
  form: FormState;
  changed: string[];
  signatureVoided: boolean;
}

export function casebookOf(s: SiteSession, subject: SubjectRow): { casebook: Casebook; rows: FormRow[] } {
  const rows = stmt(s.db, 'SELECT * FROM forms WHERE subject = ? ORDER BY id').all(subject.id) as FormRow[];
  return {
    casebook: {
      subjectId: subject.subject_id,
      forms: rows.map((r) => ({
        event: r.event,
        form: r.form,
        instance: r.instance,
        values: openValues(s.identifierKey(), JSON.parse(r.data) as Record<string, unknown>),
      })),
    },
    rows,
  };
}

/** The event, form and instance must exist in the protocol and fit together. */
export function checkFormKey(
  s: SiteSession,
  input: { event: string; form: string; instance?: number },
): { repeating: boolean } {
  const study = s.study;
  if (typeof input.event !== 'string' || !study.hasEvent(input.event))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'event',
      rule: 'exists',
      message: `Unknown event "${String(input.event).slice(0, 40)}"`,
    });
  if (typeof input.form !== 'string' || !study.hasForm(input.form))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'form',
      rule: 'exists',
      message: `Unknown form "${String(input.form).slice(0, 40)}"`,
    });
  const ev = study.event(input.event);
  if (!ev.forms.includes(input.form))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'form',
      rule: 'event',
      message: `Form ${input.form} is not collected at ${ev.label}`,
    });
  const repeating = study.form(input.form).repeating || ev.repeating;
  if (
    input.instance !== undefined &&
    (!Number.isInteger(input.instance) || input.instance < 1 || (!repeating && input.instance !== 1))
  )
    throw new CrfError({
      code: 'VALIDATION',
      field: 'instance',
      rule: 'range',
      message: repeating ? 'The instance must be a whole number from 1' : `${input.form} has one instance per event`,
    });
  return { repeating };
}

function toState(
  s: SiteSession,
  subjectId: string,
  key: FormKey,
  row: FormRow | undefined,
  casebook: Casebook,
): FormState {
  const values = row ? openValues(s.identifierKey(), JSON.parse(row.data) as Record<string, unknown>) : {};
  const ev = evaluateForm(s.study, key, values, casebook, s.today());
  return {
    subjectId,
    ...key,
    status: row?.status ?? 'empty',
    values,
    version: row?.version ?? 0,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
    protocolVersion: row?.protocol_version ?? null,
    visible: ev.visible,
    issues: row ? ev.issues : [],
    withheld: [],
  };
}

export function getForm(
  s: SiteSession,
  input: { subjectId: string; event: string; form: string; instance?: number },
): FormState {
  s.require('form.read');
  checkFormKey(s, input);
  const subject = subjectRow(s, input.subjectId);
  const key = { event: input.event, form: input.form, instance: input.instance ?? 1 };
  return formStateOf(s, subject, key, casebookOf(s, subject));
}

/** One form's state from a casebook the caller has read, without the fields the role may not see. */
export function formStateOf(
  s: SiteSession,
  subject: SubjectRow,
  key: FormKey,
  { casebook, rows }: { casebook: Casebook; rows: FormRow[] },
): FormState {
  const row = rows.find((r) => sameKey(r, key));
  const state = toState(s, subject.subject_id, key, row, casebook);
  const withheld = withheldFields(s, key.form);
  if (!withheld.length) return state;
  const values = { ...state.values };
  for (const f of withheld) delete values[f];
  // Issues about a withheld field would tell its value (an age out of range, a pattern).
  return { ...state, values, withheld, issues: state.issues.filter((i) => !i.field || !withheld.includes(i.field)) };
}

const sameValue = (a: FieldValue | undefined, b: FieldValue | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function toIssueData(key: FormKey, issues: Issue[]): IssueData[] {
  return issues.map((i) => ({
    event: key.event,
    form: key.form,
    instance: key.instance,
    field: i.field,
    rule: i.rule,
    severity: i.severity,
    message: i.message,
  }));
}

const MAX_REASON = 500;

export function saveForm(s: SiteSession, input: SaveFormInput): SaveResult {
  s.require('form.save');
  const { repeating } = checkFormKey(s, input);
  if (input.status !== 'draft' && input.status !== 'complete')
    throw new CrfError({ code: 'VALIDATION', field: 'status', rule: 'code', message: 'A save is a draft or complete' });
  if (typeof input.values !== 'object' || input.values === null || Array.isArray(input.values))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'values',
      rule: 'type',
      message: 'values must be an object of field codes',
    });

  return s.db.transaction((): SaveResult => {
    requireCurrentStudy(s.db, s.study);
    const subject = subjectRow(s, input.subjectId);
    if (subject.status === 'withdrawn')
      throw new CrfError({
        code: 'CONFLICT',
        field: 'subjectId',
        rule: 'withdrawn',
        message: `${subject.subject_id} is withdrawn: its casebook is read-only`,
      });
    const { casebook, rows } = casebookOf(s, subject);
    let instance = input.instance ?? 1;
    if (repeating && input.instance === undefined)
      instance =
        1 + Math.max(0, ...rows.filter((r) => r.event === input.event && r.form === input.form).map((r) => r.instance));
    const key: FormKey = { event: input.event, form: input.form, instance };
    const existing = rows.find((r) => sameKey(r, key));
    if (repeating && input.instance !== undefined && !existing)
      throw new CrfError({
        code: 'NOT_FOUND',
        field: 'instance',
        rule: 'exists',
        message: `${key.form} #${instance} does not exist: leave the instance out to add a new one`,
      });
    if (input.expectedVersion !== undefined && input.expectedVersion !== (existing?.version ?? 0))
      throw new CrfError({
        code: 'CONFLICT',
        rule: 'version',
        message: `${key.form} was saved by ${existing?.updated_by ?? 'someone'} since you opened it: reopen it to see their changes`,
      });
    if (existing?.status === 'locked')
      throw new CrfError({
        code: 'LOCKED',
        rule: 'locked',
        message: `${key.form} is locked for a data cut: an administrator must unlock it first`,
      });

    const oldStored = existing ? (JSON.parse(existing.data) as Record<string, unknown>) : {};
    const idKey = s.identifierKey();
    const oldValues = openValues(idKey, oldStored);
    const raw = input.merge ? { ...oldValues, ...input.values } : input.values;
    const ev = evaluateForm(s.study, key, raw, casebook, s.today());
    const blocking = ev.issues.filter(
      (i) => i.severity === 'error' && (input.status === 'complete' || !['required', 'requiredIf'].includes(i.rule)),
    );
    // Completed forms stay complete: an edit must leave every required field answered.
    const wasComplete = existing !== undefined && existing.status !== 'draft';
    const mustComplete = input.status === 'complete' || wasComplete;
    const blockingAll = mustComplete ? ev.issues.filter((i) => i.severity === 'error') : blocking;
    if (blockingAll.length) {
      const first = blockingAll[0]!;
      throw new CrfError({
        code: 'VALIDATION',
        field: first.field,
        rule: first.rule,
        message: `${subject.subject_id} ${key.form}: ${first.message}${blockingAll.length > 1 ? ` (and ${blockingAll.length - 1} more)` : ''}`,
        issues: toIssueData(key, blockingAll),
      });
    }

    // Cross-form rules may not be made worse by this save (an older failure does not block it).
    const after: Casebook = {
      subjectId: casebook.subjectId,
      forms: [...casebook.forms.filter((f) => !sameKey(f, key)), { ...key, values: ev.values }],
    };
    // Only forms that read the saved one can change their issues (the saved form's own are in ev).
    const afterEval = evaluateAfterSave(s.study, after, key.form, s.today());
    // Only a failure after the save needs the state before it (to tell old failures from new).
    const failsAfter =
      afterEval.rules.some((r) => !r.ok && r.severity === 'error') ||
      afterEval.formIssues.some((i) => i.severity === 'error' && !['required', 'requiredIf'].includes(i.rule));
    const beforeEval = failsAfter
      ? evaluateAfterSave(s.study, casebook, key.form, s.today())
      : { rules: [], formIssues: [] };
    const beforeIds = new Set([
      ...beforeEval.rules.filter((r) => !r.ok && r.severity === 'error').map((r) => r.id),
      ...beforeEval.formIssues.filter((i) => i.severity === 'error').map(issueId),
    ]);
    const newRuleFailures = afterEval.rules.filter((r) => !r.ok && r.severity === 'error' && !beforeIds.has(r.id));
    const newFormFailures = afterEval.formIssues.filter(
      (i) =>
        i.severity === 'error' &&
        !['required', 'requiredIf'].includes(i.rule) &&
        !beforeIds.has(issueId(i)) &&
        !sameKey(i.form, key),
    );
    if (newRuleFailures.length || newFormFailures.length) {
      const issues: IssueData[] = [
        ...newRuleFailures.map((r) => ({ rule: r.id, severity: 'error' as const, message: r.message })),
        ...newFormFailures.map((i) => ({
          event: i.form.event,
          form: i.form.form,
          instance: i.form.instance,
          field: i.field,
          rule: i.rule,
          severity: 'error' as const,
          // The form travels as data (event, form, instance): the message is not prefixed with it.
          message: i.message,
        })),
      ];
      throw new CrfError({
        code: 'VALIDATION',
        rule: issues[0]!.rule,
        field: issues[0]!.field,
        message: `${subject.subject_id} ${issues[0]!.form ?? key.form}: ${issues[0]!.message}`,
        issues,
      });
    }

    const form = s.study.form(key.form);
    const changed = form.fields.map((f) => f.id).filter((f) => !sameValue(oldValues[f], ev.values[f]));
    const newStatus: FormStatus = mustComplete ? 'complete' : 'draft';
    const oldStatus: FormStatus | 'empty' = existing?.status ?? 'empty';
    if (!changed.length && oldStatus === newStatus)
      return { form: toState(s, subject.subject_id, key, existing, after), changed, signatureVoided: false };
    if (existing && oldStatus !== 'draft' && changed.length) {
      const reason = (input.reason ?? '').trim();
      if (!reason)
        throw new CrfError({
          code: 'REASON_REQUIRED',
          field: 'reason',
          rule: 'required',
          message: `${key.form} is ${oldStatus}: a change needs a reason for change`,
        });
      if (reason.length > MAX_REASON)
        throw new CrfError({
          code: 'VALIDATION',
          field: 'reason',
          rule: 'maxLength',
          message: `A reason for change has at most ${MAX_REASON} characters`,
        });
    }

    const now = s.now();
    const at = now.toISOString();
    const reason = existing && oldStatus !== 'draft' ? (input.reason ?? '').trim() : null;
    const sealed = sealedFields(s.study, key.form);
    if (sealed.size && !idKey)
      throw new CrfError({
        code: 'FORBIDDEN',
        message: `${key.form} holds identifiers: saving it needs identified access`,
      });
    // Identifier values are stored and audited sealed under the identified-access key.
    const stored = (
      idKey
        ? sealValues(s.study, idKey, key.form, ev.values, after, { stored: oldStored, values: oldValues })
        : ev.values
    ) as Record<string, unknown>;
    const data = JSON.stringify(stored);
    let version: number;
    if (existing) {
      version = existing.version + 1;
      stmt(
        s.db,
        'UPDATE forms SET status = ?, data = ?, version = ?, updated_at = ?, updated_by = ?, signed_from = NULL, protocol_version = ? WHERE id = ?',
      ).run(newStatus, data, version, at, s.user.username, s.study.def.version, existing.id);
    } else {
      version = 1;
      stmt(
        s.db,
        'INSERT INTO forms (subject, event, form, instance, status, data, version, updated_at, updated_by, protocol_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        subject.id,
        key.event,
        key.form,
        key.instance,
        newStatus,
        data,
        version,
        at,
        s.user.username,
        s.study.def.version,
      );
    }
    const base = {
      user: s.user.username,
      subjectId: subject.subject_id,
      event: key.event,
      form: key.form,
      instance: key.instance,
      reason,
    };
    const entries: AuditEntry[] = changed.map((f) => ({
      ...base,
      action: 'form.value',
      field: f,
      oldValue: auditValue(sealed.has(f) ? oldStored[f] : oldValues[f]),
      newValue: auditValue(sealed.has(f) ? stored[f] : ev.values[f]),
    }));
    if (oldStatus !== newStatus)
      entries.push({ ...base, action: 'form.status', field: '_status', oldValue: oldStatus, newValue: newStatus });
    appendAudit(s.db, entries, now);

    const signatureVoided =
      changed.length > 0 ? voidSignatureIn(s, subject, `${key.form} edited: ${reason ?? 'data entry'}`) : false;
    if (formsWithSubjectColumns(s.study).has(key.form) && idKey)
      writeSubjectColumns(s.db, s.study, subject.id, after, idKey);
    stmt(s.db, 'DELETE FROM drafts WHERE user_id = ? AND subject = ? AND event = ? AND form = ? AND instance = ?').run(
      s.user.id,
      subject.id,
      key.event,
      key.form,
      key.instance,
    );
    // The state is built from this save's own evaluation: the form is not evaluated a third time.
    const form_: FormState = {
      subjectId: subject.subject_id,
      ...key,
      status: newStatus,
      values: ev.values,
      version,
      updatedAt: at,
      updatedBy: s.user.username,
      protocolVersion: s.study.def.version,
      visible: ev.visible,
      issues: ev.issues,
      withheld: [],
    };
    return { form: form_, changed, signatureVoided };
  })();
}
