/**
 * The engine's verdict on the values on screen: the form's own rules (evaluateForm) and the
 * cross-form rules on this form's fields (formRuleIssues), both from shared/protocol, with the
 * casebook that forms.context sent. As in main, a cross-form rule that already failed before this
 * edit does not block the save: it is shown on its field (`standing`) but is not in `issues`.
 */
import type { Casebook, FormKey } from '../../../shared/protocol/casebook';
import { evaluateForm, type FormEvaluation, type Issue } from '../../../shared/protocol/engine';
import { formRuleIssues } from '../../../shared/protocol/form-rules';
import type { Study } from '../../../shared/protocol/load';
import type { FieldValue, FormDef } from '../../../shared/protocol/schema';
import { evaluateRules } from '../../../shared/protocol/subject';
import type { RawValues } from './types';
import { toSend } from './values';

export interface ScreenEvaluation extends FormEvaluation {
  /** Cross-form failures that were there before this edit: shown on their fields, not blocking. */
  standing: Issue[];
  /** Every cross-form issue on this form's fields (blocking or standing): shown while typing. */
  cross: Issue[];
}

/** The error rules failing in the casebook as saved (this form's saved record in it, if any). */
export function standingRuleIds(
  study: Study,
  key: FormKey,
  saved: Record<string, FieldValue> | null,
  others: Casebook,
  today: string,
): Set<string> {
  const cb: Casebook = saved ? { ...others, forms: [...others.forms, { ...key, values: saved }] } : others;
  return new Set(
    evaluateRules(study, cb, today)
      .filter((r) => !r.ok && r.severity === 'error')
      .map((r) => r.id),
  );
}

export function evaluateScreen(
  study: Study,
  form: FormDef,
  key: FormKey,
  raw: RawValues,
  others: Casebook,
  today: string,
  standingIds: ReadonlySet<string>,
): ScreenEvaluation {
  const ev = evaluateForm(study, key, toSend(form, raw), others, today);
  const cross = formRuleIssues(study, key, ev.values, others, today);
  const isStanding = (i: Issue) => i.severity === 'error' && standingIds.has(i.rule);
  const blocking = cross.filter((i) => !isStanding(i));
  const errors = blocking.some((i) => i.severity === 'error');
  return {
    ...ev,
    issues: [...ev.issues, ...blocking],
    standing: cross.filter(isStanding),
    cross,
    canSave: ev.canSave && !errors,
    canComplete: ev.canComplete && !errors,
  };
}

/** The errors that keep values out of the casebook even as a draft (a required field may wait). */
export const draftBlocking = (issues: Issue[]): Issue[] =>
  issues.filter((i) => i.severity === 'error' && i.rule !== 'required' && i.rule !== 'requiredIf');
