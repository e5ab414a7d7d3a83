/**
 * The form engine: for a form's values in the subject's context, which fields show, the
 * errors and warnings per field (rule named), the computed values and whether the form can be
 * complete. The renderer runs it for instant feedback; main runs it again as the authority.
 */
import { daysBetween, yearsBetween } from '../dates';
import type { Casebook, FormKey, FormValues } from './casebook';
import { describeCondition, inSentence } from './describe';
import type { FieldRef } from './schema';
import { compare, evalCondition, evalExpr, resolveOne, type Scope } from './evaluate-core';
import type { Study } from './load';
import type { FieldDef, FieldValue, Severity } from './schema';
import { checkValueRules, isBlank, isMissing, normalizeValue } from './values';

export interface Issue {
  field?: string;
  label?: string;
  rule: string;
  severity: Severity;
  message: string;
}

export interface FormEvaluation {
  /** The values as they would be stored: normalised, hidden fields cleared, computed filled. */
  values: FormValues;
  visible: Record<string, boolean>;
  computed: Record<string, FieldValue>;
  issues: Issue[];
  /** A draft may be saved with required fields unanswered, never with an error. */
  canSave: boolean;
  canComplete: boolean;
}

const REQUIRED_RULES = new Set(['required', 'requiredIf']);

/**
 * Messages are shown on their own (casebook lists, CLI, query text), so each is a whole
 * sentence naming the field: rule texts that start in lower case are completed with the label.
 */
export function sentence(label: string | undefined, text: string): string {
  let s = text.trim();
  if (label && /^[a-z]/.test(s)) s = `${label} ${s}`;
  s = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** In a message "the procedure date" reads better than the dictionary's "(PROC at Procedure)". */
function plainLabel(study: Study, ref: FieldRef, ownForm: string): string {
  return study.field(ref.form ?? ownForm, ref.field).label;
}

function issue(f: FieldDef, rule: string, severity: Severity, text: string): Issue {
  return { field: f.id, label: f.label, rule, severity, message: sentence(f.label, text) };
}

export function evaluateForm(
  study: Study,
  key: FormKey,
  raw: Record<string, unknown>,
  casebook: Casebook,
  today: string,
): FormEvaluation {
  const form = study.form(key.form);
  const issues: Issue[] = [];
  const values: FormValues = {};
  const known = new Set(form.fields.map((f) => f.id));
  const atEvent = study.hasEvent(key.event) && study.event(key.event).forms.includes(form.id);
  if (!atEvent)
    issues.push({
      rule: 'event',
      severity: 'error',
      message: sentence(undefined, `${form.label} (${form.id}) is not collected at event "${key.event.slice(0, 40)}"`),
    });

  for (const name of Object.keys(raw)) {
    if (!known.has(name))
      issues.push({
        field: name,
        rule: 'unknownField',
        severity: 'error',
        message: sentence(undefined, `${form.label} (${form.id}) has no field "${name.slice(0, 40)}"`),
      });
  }
  // Type problems wait until visibility is known: a hidden field is never validated.
  const typeProblems = new Map<string, Issue>();
  for (const f of form.fields) {
    if (!Object.prototype.hasOwnProperty.call(raw, f.id)) continue;
    const n = normalizeValue(f, raw[f.id]);
    if ('problem' in n) typeProblems.set(f.id, issue(f, n.problem.rule, 'error', n.problem.message));
    else values[f.id] = n.value;
  }

  const scope: Scope = { key, values, casebook };
  const computed: Record<string, FieldValue> = {};
  const compute = (): boolean => {
    let changed = false;
    for (const f of form.fields) {
      if (f.type !== 'computed' || !f.compute) continue;
      const v = evalExpr(f.compute, scope);
      if (computed[f.id] !== v) changed = true;
      computed[f.id] = v;
      values[f.id] = v;
    }
    return changed;
  };
  // Computed values can drive branching and hiding can blank a computed input, and hiding a
  // field can hide the fields that depend on it (lesion_type → primary_tumor): settle until
  // nothing changes. Hidden fields become null, not absent, so a save clears what was stored.
  const visible: Record<string, boolean> = {};
  for (let pass = 0; pass <= form.fields.length + 1; pass++) {
    let changed = compute();
    for (const f of form.fields) {
      const show = f.showIf ? evalCondition(f.showIf, scope) : true;
      if (visible[f.id] !== show) changed = true;
      visible[f.id] = show;
      if (!show && values[f.id] !== null) {
        values[f.id] = null;
        changed = true;
      }
    }
    if (!changed) break;
  }

  for (const f of form.fields) {
    const typeProblem = typeProblems.get(f.id);
    if (typeProblem && visible[f.id]) issues.push(typeProblem);
  }
  for (const f of form.fields) {
    if (!visible[f.id] || f.type === 'computed' || typeProblems.has(f.id)) continue;
    const v = values[f.id] ?? null;
    if (isBlank(v)) {
      if (f.required)
        issues.push(issue(f, 'required', 'error', 'is required (enter a value or a missing-data code: NA, UNK or ND)'));
      else if (f.requiredIf && evalCondition(f.requiredIf, scope))
        issues.push(
          issue(f, 'requiredIf', 'error', `is required when ${describeCondition(study, f.requiredIf, form.id)}`),
        );
      continue;
    }
    // A missing-data code answers the question: it is never range- or check-tested.
    if (isMissing(v)) continue;
    const p = checkValueRules(f, v);
    if (p) {
      issues.push(issue(f, p.rule, 'error', p.message));
      continue;
    }
    if (atEvent) issues.push(...fieldChecks(study, f, v, key, scope, today));
  }

  const canComplete = !issues.some((i) => i.severity === 'error');
  const canSave = !issues.some((i) => i.severity === 'error' && !REQUIRED_RULES.has(i.rule));
  return { values, visible, computed, issues, canSave, canComplete };
}

function fieldChecks(study: Study, f: FieldDef, v: FieldValue, key: FormKey, scope: Scope, today: string): Issue[] {
  const out: Issue[] = [];
  for (const c of f.checks) {
    switch (c.rule) {
      case 'compare': {
        const other = resolveOne(c.ref, scope);
        if (isBlank(other) || isMissing(other) || Array.isArray(other) || typeof other !== typeof v) break;
        if (!compare(v as string | number, c.op, other as string | number)) {
          const words = { '<': 'before', '<=': 'on or before', '>': 'after', '>=': 'on or after' }[c.op];
          out.push(
            issue(
              f,
              'compare',
              c.severity,
              c.message ?? `must be ${words} the ${inSentence(plainLabel(study, c.ref, key.form))}`,
            ),
          );
        }
        break;
      }
      case 'notFuture':
        if (typeof v === 'string' && v > today)
          out.push(issue(f, 'notFuture', c.severity, 'must not be in the future'));
        break;
      case 'ageAt': {
        const at = resolveOne(c.ref, scope);
        if (typeof at !== 'string' || typeof v !== 'string' || at === '') break;
        const age = yearsBetween(v, at);
        if (age < c.min || age > c.max)
          out.push(
            issue(
              f,
              'age',
              c.severity,
              `gives an age of ${age} at the ${inSentence(plainLabel(study, c.ref, key.form))}; the protocol allows ${c.min}–${c.max}`,
            ),
          );
        break;
      }
      case 'eventWindow': {
        const ev = study.event(key.event);
        const win = ev.window;
        const index = resolveOne(study.def.indexDate, scope);
        if (!win || typeof index !== 'string' || index === '' || typeof v !== 'string') break;
        const days = daysBetween(index, v);
        if ((win.minDays !== undefined && days < win.minDays) || (win.maxDays !== undefined && days > win.maxDays)) {
          const range =
            win.maxDays === undefined
              ? `≥ ${win.minDays} days`
              : win.minDays === undefined
                ? `≤ ${win.maxDays} days`
                : `${win.minDays}–${win.maxDays} days`;
          const when =
            days < 0 ? `${-days} day${days === -1 ? '' : 's'} before` : `${days} day${days === 1 ? '' : 's'} after`;
          out.push(
            issue(
              f,
              'window',
              win.severity,
              `is ${when} the ${inSentence(plainLabel(study, study.def.indexDate, key.form))}, outside the ${ev.label} window (${range})`,
            ),
          );
        }
        break;
      }
      case 'exclusiveCode':
        if (Array.isArray(v) && v.includes(c.code) && v.length > 1) {
          const label = f.codes?.find((x) => x.code === c.code)?.label;
          out.push(
            issue(
              f,
              'exclusive',
              'error',
              `cannot combine ${c.code}${label && label !== c.code ? ` (${label})` : ''} with any other choice`,
            ),
          );
        }
        break;
    }
  }
  return out;
}

export function issueId(i: Issue & { form?: FormKey }): string {
  return `${i.form ? `${i.form.event}/${i.form.form}/${i.form.instance}` : ''}:${i.field ?? ''}:${i.rule}`;
}
