/**
 * The form engine: for a form's values in the subject's context, which fields show, the
 * errors and warnings per field (rule named), the computed values and whether the form can be
 * complete. The renderer runs it for instant feedback; main runs it again as the authority.
 */
import { daysBetween, yearsBetween } from '../dates';
import type { Casebook, FormKey, FormValues } from './casebook';
import { describeCondition, refLabel } from './describe';
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

export function evaluateForm(study: Study, key: FormKey, raw: Record<string, unknown>, casebook: Casebook, today: string): FormEvaluation {
  const form = study.form(key.form);
  const issues: Issue[] = [];
  const values: FormValues = {};
  const known = new Set(form.fields.map((f) => f.id));

  for (const name of Object.keys(raw)) {
    if (!known.has(name)) issues.push({ field: name, rule: 'unknownField', severity: 'error', message: `${form.id} has no field "${name.slice(0, 40)}"` });
  }
  for (const f of form.fields) {
    if (!Object.prototype.hasOwnProperty.call(raw, f.id)) continue;
    const n = normalizeValue(f, raw[f.id]);
    if ('problem' in n) issues.push({ field: f.id, label: f.label, severity: 'error', ...n.problem });
    else values[f.id] = n.value;
  }

  const scope: Scope = { key, values, casebook };
  // Hiding a field can hide the fields that depend on it: settle until nothing changes.
  const visible: Record<string, boolean> = {};
  for (let pass = 0; pass <= form.fields.length; pass++) {
    let changed = false;
    for (const f of form.fields) {
      const show = f.showIf ? evalCondition(f.showIf, scope) : true;
      if (visible[f.id] !== show) changed = true;
      visible[f.id] = show;
      if (!show && f.id in values) {
        delete values[f.id];
        changed = true;
      }
    }
    if (!changed) break;
  }

  const computed: Record<string, FieldValue> = {};
  for (const f of form.fields) {
    if (f.type !== 'computed' || !f.compute) continue;
    computed[f.id] = evalExpr(f.compute, scope);
    values[f.id] = computed[f.id] ?? null;
  }

  const failed = new Set(issues.map((i) => i.field));
  for (const f of form.fields) {
    if (!visible[f.id] || f.type === 'computed' || failed.has(f.id)) continue;
    const v = values[f.id] ?? null;
    if (isBlank(v)) {
      if (f.required) issues.push({ field: f.id, label: f.label, rule: 'required', severity: 'error', message: 'is required (or give a missing-data code)' });
      else if (f.requiredIf && evalCondition(f.requiredIf, scope))
        issues.push({ field: f.id, label: f.label, rule: 'requiredIf', severity: 'error', message: `is required when ${describeCondition(study, f.requiredIf, form.id)}` });
      continue;
    }
    if (isMissing(v)) continue;
    const p = checkValueRules(f, v);
    if (p) {
      issues.push({ field: f.id, label: f.label, severity: 'error', ...p });
      continue;
    }
    issues.push(...fieldChecks(study, f, v, key, scope, today));
  }

  const canComplete = !issues.some((i) => i.severity === 'error');
  const canSave = !issues.some((i) => i.severity === 'error' && !REQUIRED_RULES.has(i.rule));
  return { values, visible, computed, issues, canSave, canComplete };
}

function fieldChecks(study: Study, f: FieldDef, v: FieldValue, key: FormKey, scope: Scope, today: string): Issue[] {
  const out: Issue[] = [];
  const base = { field: f.id, label: f.label };
  for (const c of f.checks) {
    switch (c.rule) {
      case 'compare': {
        const other = resolveOne(c.ref, scope);
        if (isBlank(other) || isMissing(other) || Array.isArray(other)) break;
        if (!compare(v as string | number, c.op, other as string | number)) {
          const words = { '<': 'before', '<=': 'on or before', '>': 'after', '>=': 'on or after' }[c.op];
          out.push({ ...base, rule: 'compare', severity: c.severity, message: c.message ?? `must be ${words} ${refLabel(study, c.ref, key.form)}` });
        }
        break;
      }
      case 'notFuture':
        if (typeof v === 'string' && v > today) out.push({ ...base, rule: 'notFuture', severity: c.severity, message: 'must not be in the future' });
        break;
      case 'ageAt': {
        const at = resolveOne(c.ref, scope);
        if (typeof at !== 'string' || typeof v !== 'string' || isMissing(at)) break;
        const age = yearsBetween(v, at);
        if (age < c.min || age > c.max)
          out.push({ ...base, rule: 'age', severity: c.severity, message: `gives an age of ${age} at the ${refLabel(study, c.ref, key.form).toLowerCase()}; the protocol allows ${c.min}–${c.max}` });
        break;
      }
      case 'eventWindow': {
        const win = study.event(key.event).window;
        const index = resolveOne(study.def.indexDate, scope);
        if (!win || typeof index !== 'string' || typeof v !== 'string') break;
        const days = daysBetween(index, v);
        if ((win.minDays !== undefined && days < win.minDays) || (win.maxDays !== undefined && days > win.maxDays)) {
          const range = win.maxDays === undefined ? `≥ ${win.minDays} days` : win.minDays === undefined ? `≤ ${win.maxDays} days` : `${win.minDays}–${win.maxDays} days`;
          out.push({ ...base, rule: 'window', severity: win.severity, message: `is ${days} days after the procedure, outside the ${study.event(key.event).label} window (${range})` });
        }
        break;
      }
      case 'exclusiveCode':
        if (Array.isArray(v) && v.includes(c.code) && v.length > 1) out.push({ ...base, rule: 'exclusive', severity: 'error', message: `${c.code} excludes every other choice` });
        break;
    }
  }
  return out;
}

export function issueId(i: Issue & { form?: FormKey }): string {
  return `${i.form ? `${i.form.event}/${i.form.form}/${i.form.instance}` : ''}:${i.field ?? ''}:${i.rule}`;
}
