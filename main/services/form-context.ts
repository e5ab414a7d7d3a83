/**
 * Everything a form screen needs in one call (issue 15): the form's saved state, the casebook
 * around it, the subject's other forms for cross-form rules and computed values, and the user's
 * kept draft. The subject's forms are read and opened once; before, the screen made one call per
 * saved form and each call re-read the whole casebook.
 */
import type { FormRecord } from '../../shared/protocol/casebook';
import { may } from '../../shared/roles';
import { casebookView, type CasebookView } from './casebook';
import { getDraft, type Draft } from './drafts';
import { casebookOf, checkFormKey, formStateOf, type FormState } from './forms';
import { withheldFields } from './identifiers';
import type { SiteSession } from './session';
import { subjectRow } from './subjects';

export interface FormContextKey {
  subjectId: string;
  event: string;
  form: string;
  /** 0 = a new instance of a repeating form, not saved yet */
  instance: number;
}

export interface FormContext {
  /** null for a new instance (instance 0) */
  state: FormState | null;
  view: CasebookView;
  /** the subject's other saved forms, without the fields the role may not see */
  others: FormRecord[];
  draft: Draft | null;
  /** the instance the engine evaluates this form as (the next number for a new one) */
  engineInstance: number;
}

export function getFormContext(s: SiteSession, key: FormContextKey): FormContext {
  s.require('form.read');
  s.require('subject.read');
  checkFormKey(s, { event: key.event, form: key.form, instance: key.instance > 0 ? key.instance : undefined });
  const subject = subjectRow(s, key.subjectId);
  const loaded = casebookOf(s, subject);
  const view = casebookView(s, subject, loaded);
  const isThis = (f: { event: string; form: string; instance: number }): boolean =>
    f.event === key.event && f.form === key.form && f.instance === key.instance;
  const others = loaded.casebook.forms
    .filter((f) => !isThis(f))
    .map((f) => {
      const withheld = withheldFields(s, f.form);
      if (!withheld.length) return f;
      const values = { ...f.values };
      for (const w of withheld) delete values[w];
      return { ...f, values };
    });
  const existing = loaded.rows.filter((r) => r.event === key.event && r.form === key.form).map((r) => r.instance);
  return {
    state:
      key.instance > 0
        ? formStateOf(s, subject, { event: key.event, form: key.form, instance: key.instance }, loaded)
        : null,
    view,
    others,
    draft: may(s.user.role, 'draft.keep') ? getDraft(s, key) : null,
    engineInstance: key.instance > 0 ? key.instance : 1 + Math.max(0, ...existing),
  };
}
