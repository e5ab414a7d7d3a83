/** Subject-level evaluation: cross-form rules, every form's issues in context, derived values. */
import type { Casebook, FormKey } from './casebook';
import { evaluateForm, sentence, type Issue } from './engine';
import { compare, evalCondition, evalExpr, resolve, type Scope } from './evaluate-core';
import type { Study } from './load';
import type { Severity } from './schema';
import { isBlank, isMissing } from './values';

export interface RuleResult {
  id: string;
  severity: Severity;
  ok: boolean;
  message: string;
  /** Where a date rule failed: `event/form.field` of each offending value. */
  where?: string[];
}

export interface SubjectEvaluation {
  rules: RuleResult[];
  formIssues: (Issue & { form: FormKey })[];
  derived: Record<string, string | number | null>;
}

function datesOf(
  study: Study,
  cb: Casebook,
  skip?: { form: string; field: string },
): { where: string; value: string }[] {
  const out: { where: string; value: string }[] = [];
  for (const rec of cb.forms) {
    for (const f of study.form(rec.form).fields) {
      if (f.type !== 'date' || (skip && skip.form === rec.form && skip.field === f.id)) continue;
      const v = rec.values[f.id];
      if (typeof v === 'string' && !isBlank(v))
        out.push({ where: `${rec.event}/${rec.form}${rec.instance > 1 ? '#' + rec.instance : ''}.${f.id}`, value: v });
    }
  }
  return out;
}

export function evaluateRules(study: Study, cb: Casebook, today: string): RuleResult[] {
  const scope: Scope = { casebook: cb };
  return study.def.crossRules.map((r): RuleResult => {
    const base = { id: r.id, severity: r.severity, message: sentence(undefined, r.message) };
    switch (r.kind) {
      case 'datesOnOrAfter': {
        const anchor = resolve(r.ref, scope)[0];
        if (typeof anchor !== 'string' || isMissing(anchor)) return { ...base, ok: true };
        const bad = datesOf(study, cb, { form: r.ref.form ?? '', field: r.ref.field }).filter((d) => d.value < anchor);
        return { ...base, ok: bad.length === 0, where: bad.map((d) => d.where) };
      }
      case 'datesNotFuture': {
        const bad = datesOf(study, cb).filter((d) => d.value > today);
        return { ...base, ok: bad.length === 0, where: bad.map((d) => d.where) };
      }
      case 'compare': {
        const l = resolve(r.left, scope)[0];
        const rt = resolve(r.right, scope)[0];
        const usable = (x: unknown): x is string | number =>
          (typeof x === 'string' || typeof x === 'number') && !isBlank(x);
        if (!usable(l) || !usable(rt)) return { ...base, ok: true };
        return { ...base, ok: compare(l, r.op, rt) };
      }
      case 'implies':
        return { ...base, ok: !evalCondition(r.when, scope) || evalCondition(r.then, scope) };
    }
  });
}

export function evaluateDerived(study: Study, cb: Casebook): Record<string, string | number | null> {
  const scope: Scope = { casebook: cb };
  const out: Record<string, string | number | null> = {};
  for (const d of study.def.derived) out[d.id] = evalExpr(d.expr, scope);
  return out;
}

export function evaluateSubject(study: Study, cb: Casebook, today: string): SubjectEvaluation {
  const formIssues: (Issue & { form: FormKey })[] = [];
  for (const rec of cb.forms) {
    const key = { event: rec.event, form: rec.form, instance: rec.instance };
    const ev = evaluateForm(study, key, rec.values, cb, today);
    for (const i of ev.issues) formIssues.push({ ...i, form: key });
  }
  return { rules: evaluateRules(study, cb, today), formIssues, derived: evaluateDerived(study, cb) };
}

const dependentsCache = new WeakMap<Study, Map<string, Set<string>>>();

/**
 * The forms whose checks, branching or computed values read a field of `formId`: after a save
 * of `formId`, only these can gain or lose an issue (besides the saved form itself).
 */
export function dependentForms(study: Study, formId: string): Set<string> {
  let byForm = dependentsCache.get(study);
  if (!byForm) {
    byForm = new Map();
    const refsOf = (x: unknown, out: Set<string>): void => {
      if (Array.isArray(x)) x.forEach((y) => refsOf(y, out));
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (typeof o.form === 'string' && typeof o.field === 'string') out.add(o.form);
        if (o.formExists && typeof (o.formExists as { form?: unknown }).form === 'string')
          out.add((o.formExists as { form: string }).form);
        for (const v of Object.values(o)) refsOf(v, out);
      }
    };
    for (const f of study.def.forms) {
      const refs = new Set<string>();
      for (const fd of f.fields) refsOf([fd.showIf, fd.requiredIf, fd.compute, fd.checks], refs);
      for (const r of refs) {
        const set = byForm.get(r) ?? new Set<string>();
        set.add(f.id);
        byForm.set(r, set);
      }
    }
    dependentsCache.set(study, byForm);
  }
  return byForm.get(formId) ?? new Set();
}

/** evaluateSubject restricted to the cross-form rules and the forms that depend on `formId`. */
export function evaluateAfterSave(
  study: Study,
  cb: Casebook,
  formId: string,
  today: string,
): Pick<SubjectEvaluation, 'rules' | 'formIssues'> {
  const deps = dependentForms(study, formId);
  const formIssues: (Issue & { form: FormKey })[] = [];
  for (const rec of cb.forms) {
    if (!deps.has(rec.form)) continue;
    const key = { event: rec.event, form: rec.form, instance: rec.instance };
    for (const i of evaluateForm(study, key, rec.values, cb, today).issues) formIssues.push({ ...i, form: key });
  }
  return { rules: evaluateRules(study, cb, today), formIssues };
}
