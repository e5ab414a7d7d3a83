/** Conditions and rules in words a coordinator (and the Dictionary sheet) can read. */
import type { Study } from './load';
import { compareOf } from './evaluate-core';
import type { CompareKey, Condition, FieldDef, FieldRef } from './schema';

function refLabel(study: Study, ref: FieldRef, ownForm?: string): string {
  const formId = ref.form ?? ownForm;
  const label = formId && study.hasForm(formId) ? study.field(formId, ref.field).label : ref.field;
  const where =
    ref.form && ref.form !== ownForm ? ` (${ref.form}${ref.event ? ` at ${study.event(ref.event).label}` : ''})` : '';
  return `${label}${where}`;
}

function codeLabel(study: Study, ref: FieldRef, code: string | number, ownForm?: string): string {
  const formId = ref.form ?? ownForm;
  if (!formId) return String(code);
  const f = study.field(formId, ref.field);
  if (f.type === 'yesno') return code === 'Y' ? 'Yes' : code === 'N' ? 'No' : String(code);
  return String(code);
}

const COMPARE_WORDS: Record<CompareKey, string> = {
  lt: 'is below',
  le: 'is at most',
  gt: 'is above',
  ge: 'is at least',
};

export function describeCondition(study: Study, c: Condition, ownForm?: string): string {
  if ('all' in c) return c.all.map((x) => describeCondition(study, x, ownForm)).join(' and ');
  if ('any' in c) return `(${c.any.map((x) => describeCondition(study, x, ownForm)).join(' or ')})`;
  if ('not' in c) return `not ${describeCondition(study, c.not, ownForm)}`;
  if ('formExists' in c)
    return `${c.formExists.form}${c.formExists.event ? ` at ${c.formExists.event}` : ''} is entered`;
  const name = refLabel(study, c, ownForm);
  if ('eq' in c) return `${name} is ${codeLabel(study, c, c.eq, ownForm)}`;
  if ('ne' in c) return `${name} is not ${codeLabel(study, c, c.ne, ownForm)}`;
  if ('in' in c) return `${name} is ${c.in.map((x) => codeLabel(study, c, x, ownForm)).join(' or ')}`;
  if ('filled' in c) return `${name} is ${c.filled ? 'answered' : 'blank'}`;
  const [key, bound] = compareOf(c);
  return `${name} ${COMPARE_WORDS[key]} ${bound}`;
}

/** A one-line range description for the dictionary: `0–10`, `≤ 60 characters`, `5 digits`. */
export function describeRange(f: FieldDef): string {
  const parts: string[] = [];
  if (f.min !== undefined && f.max !== undefined) parts.push(`${f.min}–${f.max}`);
  else if (f.min !== undefined) parts.push(`≥ ${f.min}`);
  else if (f.max !== undefined) parts.push(`≤ ${f.max}`);
  if (f.decimals !== undefined) parts.push(`${f.decimals} decimal${f.decimals === 1 ? '' : 's'}`);
  if (f.maxLength !== undefined)
    parts.push(f.minLength ? `${f.minLength}–${f.maxLength} characters` : `≤ ${f.maxLength} characters`);
  else if (f.minLength) parts.push(`≥ ${f.minLength} characters`);
  if (f.pattern) parts.push(f.pattern.description);
  return parts.join('; ');
}

/** A label inside a sentence: "the procedure date", but "the VAS" keeps its capitals. */
export function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

export { refLabel };
