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

function datesOf(study: Study, cb: Casebook, skip?: { form: string; field: string }): { where: string; value: string }[] {
  const out: { where: string; value: string }[] = [];
  for (const rec of cb.forms) {
    for (const f of study.form(rec.form).fields) {
      if (f.type !== 'date' || (skip && skip.form === rec.form && skip.field === f.id)) continue;
      const v = rec.values[f.id];
      if (typeof v === 'string' && !isBlank(v)) out.push({ where: `${rec.event}/${rec.form}${rec.instance > 1 ? '#' + rec.instance : ''}.${f.id}`, value: v });
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
        const usable = (x: unknown): x is string | number => (typeof x === 'string' || typeof x === 'number') && !isBlank(x);
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
