/**
 * Saving a form instance, in the steps a monitor would check: the request, the instance it
 * writes, the form's own rules, the cross-form rules, the reason for change, then the write,
 * its audit rows, the signature it voids and the subject's look-up columns, in one
 * transaction. Main is the authority: every save is validated against the subject's whole
 * casebook; identifiers are stored and audited sealed.
 */
import { CrfError, type IssueData } from '../../shared/errors';
import { sameKey, type Casebook, type FormKey } from '../../shared/protocol/casebook';
import { evaluateForm, issueId, type Issue } from '../../shared/protocol/engine';
import type { FieldValue } from '../../shared/protocol/schema';
import { evaluateAfterSave } from '../../shared/protocol/subject';
import { issuesFor } from '../../shared/protocol/form-rules';
import type { FormStatus } from '../../shared/status';
import { stmt } from '../db/statements';
import { appendAudit, auditValue, type AuditEntry } from './audit';
import { casebookOf, checkFormKey, toState, type FormRow, type FormState } from './forms';
import { openValues, sealValues, sealedFields, type IdKeyring } from './identifier-values';
import type { SiteSession } from './session';
import { voidSignatureIn } from './signature-void';
import { requireCurrentStudy } from './study-store';
import { formsWithSubjectColumns, writeSubjectColumns } from './subject-columns';
import { subjectRow, type SubjectRow } from './subjects';

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

const MAX_REASON = 500;
const REQUIRED_RULES = ['required', 'requiredIf'];

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
    const { key, existing } = instanceToWrite(input, repeating, rows);

    const oldStored = existing ? (JSON.parse(existing.data) as Record<string, unknown>) : {};
    const idKey = s.identifierKey();
    const oldValues = openValues(idKey, oldStored);
    const raw = input.merge ? { ...oldValues, ...input.values } : input.values;
    const ev = evaluateForm(s.study, key, raw, casebook, s.today());
    // Completed forms stay complete: an edit must leave every required field answered.
    const mustComplete = input.status === 'complete' || (existing !== undefined && existing.status !== 'draft');
    checkFormRules(subject, key, ev.issues, mustComplete);
    const after: Casebook = {
      subjectId: casebook.subjectId,
      forms: [...casebook.forms.filter((f) => !sameKey(f, key)), { ...key, values: ev.values }],
    };
    checkCrossFormRules(s, subject, key, casebook, after);

    const changed = s.study
      .form(key.form)
      .fields.map((f) => f.id)
      .filter((f) => !sameValue(oldValues[f], ev.values[f]));
    const newStatus: FormStatus = mustComplete ? 'complete' : 'draft';
    const oldStatus: FormStatus | 'empty' = existing?.status ?? 'empty';
    if (!changed.length && oldStatus === newStatus)
      return { form: toState(s, subject.subject_id, key, existing, after), changed, signatureVoided: false };
    const reason = reasonForChange(key, oldStatus, changed, input.reason);

    const now = s.now();
    const at = now.toISOString();
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
    const version = writeForm(s, subject, key, existing, newStatus, stored, at);
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
    afterWrite(s, subject, key, after, idKey);
    // The state is built from this save's own evaluation: the form is not evaluated a third time.
    const form: FormState = {
      subjectId: subject.subject_id,
      ...key,
      status: newStatus,
      values: ev.values,
      version,
      updatedAt: at,
      updatedBy: s.user.username,
      saved: { at, by: s.user.username },
      verified: null,
      protocolVersion: s.study.def.version,
      visible: ev.visible,
      issues: ev.issues,
      withheld: [],
    };
    return { form, changed, signatureVoided };
  })();
}

/** The instance this save writes (a new one of a repeating form gets the next number), checked against what is stored. */
function instanceToWrite(
  input: SaveFormInput,
  repeating: boolean,
  rows: FormRow[],
): { key: FormKey; existing: FormRow | undefined } {
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
  return { key, existing };
}

/** The form's own errors block the save; a draft may still leave required fields empty. */
function checkFormRules(subject: SubjectRow, key: FormKey, issues: Issue[], mustComplete: boolean): void {
  const blocking = issues.filter((i) => i.severity === 'error' && (mustComplete || !REQUIRED_RULES.includes(i.rule)));
  if (!blocking.length) return;
  const first = blocking[0]!;
  throw new CrfError({
    code: 'VALIDATION',
    field: first.field,
    rule: first.rule,
    message: `${subject.subject_id} ${key.form}: ${first.message}${blocking.length > 1 ? ` (and ${blocking.length - 1} more)` : ''}`,
    issues: toIssueData(key, blocking),
  });
}

/** Cross-form rules may not be made worse by this save (an older failure does not block it). */
function checkCrossFormRules(
  s: SiteSession,
  subject: SubjectRow,
  key: FormKey,
  before: Casebook,
  after: Casebook,
): void {
  // Only forms that read the saved one can change their issues (the saved form's own are checked already).
  const afterEval = evaluateAfterSave(s.study, after, key.form, s.today());
  // Only a failure after the save needs the state before it (to tell old failures from new).
  const failsAfter =
    afterEval.rules.some((r) => !r.ok && r.severity === 'error') ||
    afterEval.formIssues.some((i) => i.severity === 'error' && !REQUIRED_RULES.includes(i.rule));
  if (!failsAfter) return;
  const beforeEval = evaluateAfterSave(s.study, before, key.form, s.today());
  const beforeIds = new Set([
    ...beforeEval.rules.filter((r) => !r.ok && r.severity === 'error').map((r) => r.id),
    ...beforeEval.formIssues.filter((i) => i.severity === 'error').map(issueId),
  ]);
  const newRuleFailures = afterEval.rules.filter((r) => !r.ok && r.severity === 'error' && !beforeIds.has(r.id));
  const newFormFailures = afterEval.formIssues.filter(
    (i) =>
      i.severity === 'error' && !REQUIRED_RULES.includes(i.rule) && !beforeIds.has(issueId(i)) && !sameKey(i.form, key),
  );
  if (!newRuleFailures.length && !newFormFailures.length) return;
  const issues: IssueData[] = [
    // A rule that reads a field of the saved form names that field, so the screen can focus it.
    ...newRuleFailures.flatMap((r): IssueData[] => {
      const here = issuesFor(s.study, key, [r]);
      if (!here.length) return [{ rule: r.id, severity: 'error', message: r.message }];
      return here.map((i) => ({ ...key, field: i.field, rule: r.id, severity: 'error', message: r.message }));
    }),
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

/** A change to a form past draft needs a reason (21 CFR 11.10(e)); a draft's edits do not. */
function reasonForChange(
  key: FormKey,
  oldStatus: FormStatus | 'empty',
  changed: string[],
  given: string | undefined,
): string | null {
  if (oldStatus === 'empty' || oldStatus === 'draft') return null;
  const reason = (given ?? '').trim();
  if (changed.length && !reason)
    throw new CrfError({
      code: 'REASON_REQUIRED',
      field: 'reason',
      rule: 'required',
      message: `${key.form} is ${oldStatus}: a change needs a reason for change`,
    });
  if (changed.length && reason.length > MAX_REASON)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'reason',
      rule: 'maxLength',
      message: `A reason for change has at most ${MAX_REASON} characters`,
    });
  return reason;
}

/** The forms row, inserted or updated; returns its new version. */
function writeForm(
  s: SiteSession,
  subject: SubjectRow,
  key: FormKey,
  existing: FormRow | undefined,
  status: FormStatus,
  stored: Record<string, unknown>,
  at: string,
): number {
  const data = JSON.stringify(stored);
  if (existing) {
    stmt(
      s.db,
      'UPDATE forms SET status = ?, data = ?, version = ?, updated_at = ?, updated_by = ?, signed_from = NULL, protocol_version = ? WHERE id = ?',
    ).run(status, data, existing.version + 1, at, s.user.username, s.study.def.version, existing.id);
    return existing.version + 1;
  }
  stmt(
    s.db,
    'INSERT INTO forms (subject, event, form, instance, status, data, version, updated_at, updated_by, protocol_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(subject.id, key.event, key.form, key.instance, status, data, 1, at, s.user.username, s.study.def.version);
  return 1;
}

/** What a save changes besides its form: the subject's look-up columns, and the user's draft is spent. */
function afterWrite(s: SiteSession, subject: SubjectRow, key: FormKey, after: Casebook, idKey: IdKeyring | null): void {
  if (formsWithSubjectColumns(s.study).has(key.form) && idKey)
    writeSubjectColumns(s.db, s.study, subject.id, after, idKey);
  stmt(s.db, 'DELETE FROM drafts WHERE user_id = ? AND subject = ? AND event = ? AND form = ? AND instance = ?').run(
    s.user.id,
    subject.id,
    key.event,
    key.form,
    key.instance,
  );
}
