/** The subject's casebook as the engine sees it: every saved form instance and its values. */
import type { FieldValue } from './schema';

export type FormValues = Record<string, FieldValue>;

export interface FormKey {
  event: string;
  form: string;
  instance: number;
}

export interface FormRecord extends FormKey {
  values: FormValues;
}

export interface Casebook {
  subjectId: string;
  forms: FormRecord[];
}

export function sameKey(a: FormKey, b: FormKey): boolean {
  return a.event === b.event && a.form === b.form && a.instance === b.instance;
}

export function keyText(k: FormKey): string {
  return `${k.event}/${k.form}${k.instance > 1 ? `#${k.instance}` : ''}`;
}

/** The casebook with one form's values put in place of (or beside) the stored instance. */
export function withForm(cb: Casebook, rec: FormRecord): Casebook {
  const rest = cb.forms.filter((f) => !sameKey(f, rec));
  return { subjectId: cb.subjectId, forms: [...rest, rec] };
}
