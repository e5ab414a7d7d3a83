/**
 * Form instances as stored and as the screens read them: the casebook of a subject, the key
 * checks, and one form's state with the fields a role may not see left out. Saving is in
 * save-form.ts.
 */
import { CrfError } from '../../shared/errors';
import { sameKey, type Casebook, type FormKey } from '../../shared/protocol/casebook';
import { evaluateForm } from '../../shared/protocol/engine';
import { formProvenance } from './form-provenance';
import type { z } from 'zod';
import type { formStateSchema } from '../../shared/ipc/schemas';
import type { FormStatus } from '../../shared/status';
import { stmt } from '../db/statements';
import { openValues } from './identifier-values';
import { withheldFields } from './identifiers';
import type { SiteSession } from './session';
import { subjectRow, type SubjectRow } from './subjects';

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

export function toState(
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
    ...(row ? formProvenance(s.db, subjectId, key, row.status) : { saved: null, verified: null }),
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
