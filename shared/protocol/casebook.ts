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
