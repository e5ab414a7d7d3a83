/**
 * The cross-form rules seen from one form (issue 11, errors where the eye is): which of them fail
 * with the values as typed, and on which fields of THIS form, so the screen can name and highlight
 * the field while typing and main's refusal can point at it. Rules are the protocol's data: the
 * fields come from the rule's references (and, for the date rules, from where they failed), never
 * from a rule's name.
 */
import { sameKey, type Casebook, type FormKey, type FormValues } from './casebook';
import type { Issue } from './engine';
import type { Study } from './load';
import type { CrossRule } from './schema';
import { evaluateRules, type RuleResult } from './subject';

type Ref = { field: string; form?: string; event?: string };

const isRef = (o: Record<string, unknown>): boolean => typeof o.field === 'string' && typeof o.form === 'string';

/** Every field reference in a rule's data (left/right, when/then and their nested conditions). */
function refsIn(x: unknown, out: { refs: Ref[]; forms: { form: string; event?: string }[] }): void {
  if (Array.isArray(x)) x.forEach((y) => refsIn(y, out));
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (isRef(o)) out.refs.push(o as unknown as Ref);
    const fe = o.formExists as { form?: unknown; event?: unknown } | undefined;
    if (fe && typeof fe.form === 'string')
      out.forms.push({ form: fe.form, event: typeof fe.event === 'string' ? fe.event : undefined });
    for (const v of Object.values(o)) refsIn(v, out);
  }
}

const names = (ref: { form?: string; event?: string }, key: FormKey): boolean =>
  ref.form === key.form && (ref.event === undefined || ref.event === key.event);

/** `event/form[#n].` as the date rules' `where` spells this form. */
const wherePrefix = (key: FormKey): string => `${key.event}/${key.form}${key.instance > 1 ? `#${key.instance}` : ''}.`;

/**
 * The fields of the form `key` a failed rule concerns: [] when it concerns the form as a whole (it
 * asks whether the form exists), null when it does not concern this form at all.
 */
export function ruleFieldsIn(rule: CrossRule, result: RuleResult, key: FormKey): string[] | null {
  const found = { refs: [] as Ref[], forms: [] as { form: string; event?: string }[] };
  const { id: _id, message: _m, severity: _s, kind: _k, ...data } = rule;
  refsIn(data, found);
  const fields = new Set(found.refs.filter((r) => names(r, key)).map((r) => r.field));
  if (result.where) {
    // A date rule failed at named dates: this form's among them, and its anchor if the anchor is here.
    const here = result.where
      .filter((w) => w.startsWith(wherePrefix(key)))
      .map((w) => w.slice(wherePrefix(key).length));
    if (!here.length && !(fields.size && result.where.length)) return null;
    return [...new Set([...here, ...(result.where.length ? fields : [])])];
  }
  if (fields.size) return [...fields];
  return found.forms.some((f) => names(f, key)) ? [] : null;
}

/**
 * The cross-form rules that fail once this form holds `values`, as issues on its fields (rule =
 * the rule's id), one without a field for a rule about the form as a whole. `casebook` may hold a
 * record of this form: it is replaced by `values`.
 */
export function formRuleIssues(
  study: Study,
  key: FormKey,
  values: FormValues,
  casebook: Casebook,
  today: string,
): Issue[] {
  const after: Casebook = {
    subjectId: casebook.subjectId,
    forms: [...casebook.forms.filter((f) => !sameKey(f, key)), { ...key, values }],
  };
  return issuesFor(study, key, evaluateRules(study, after, today));
}

/** Failed rule results as issues on the fields of form `key` (those that concern it). */
export function issuesFor(study: Study, key: FormKey, results: RuleResult[]): Issue[] {
  const out: Issue[] = [];
  for (const r of results) {
    if (r.ok) continue;
    const rule = study.def.crossRules.find((c) => c.id === r.id);
    const fields = rule ? ruleFieldsIn(rule, r, key) : null;
    if (fields === null) continue;
    const form = study.form(key.form);
    if (!fields.length) out.push({ rule: r.id, severity: r.severity, message: r.message });
    for (const f of fields)
      out.push({
        field: f,
        label: form.fields.find((x) => x.id === f)?.label,
        rule: r.id,
        severity: r.severity,
        message: r.message,
      });
  }
  return out;
}
