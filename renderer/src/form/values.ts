/** Conversions between stored values, what the screen shows, and what is sent to main. */
import { displayDate } from '../../../shared/date-display';
import type { FormDef, FieldValue } from '../../../shared/protocol/schema';
import type { RawValue, RawValues } from './types';

/** Stored → on screen: numbers as text, dates in the one display format (date-display.ts). */
export function toRaw(form: FormDef, stored: Record<string, FieldValue | undefined>): RawValues {
  const out: RawValues = {};
  for (const f of form.fields) {
    if (f.type === 'computed') continue;
    const v = stored[f.id];
    if (v === undefined || v === null) out[f.id] = null;
    else if (typeof v === 'number') out[f.id] = String(v);
    else if (typeof v === 'string' && f.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) out[f.id] = displayDate(v);
    else out[f.id] = v as RawValue;
  }
  return out;
}

/** Whatever arrives from a kept draft is checked back into a screen value. */
export function rawFromUnknown(form: FormDef, values: Record<string, unknown>): RawValues {
  const out: RawValues = {};
  for (const f of form.fields) {
    if (f.type === 'computed') continue;
    const v = values[f.id];
    if (typeof v === 'string' && f.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) out[f.id] = displayDate(v);
    else if (typeof v === 'string' || v === null) out[f.id] = v;
    else if (typeof v === 'number') out[f.id] = String(v);
    else if (Array.isArray(v)) out[f.id] = v.filter((x): x is string => typeof x === 'string');
    else if (v && typeof v === 'object' && typeof (v as { missing?: unknown }).missing === 'string')
      out[f.id] = v as RawValue;
    else out[f.id] = null;
  }
  return out;
}

export function sameRaw(a: RawValue | undefined, b: RawValue | undefined): boolean {
  const n = (v: RawValue | undefined) =>
    v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? null : typeof v === 'string' ? v.trim() : v;
  return JSON.stringify(n(a)) === JSON.stringify(n(b));
}

/** The values sent to the engine and to forms.save: every non-computed field, blanks as null. */
export function toSend(form: FormDef, raw: RawValues): Record<string, string | string[] | { missing: string } | null> {
  const out: Record<string, string | string[] | { missing: string } | null> = {};
  for (const f of form.fields) {
    if (f.type === 'computed') continue;
    const v = raw[f.id];
    out[f.id] = v === undefined || v === '' ? null : v;
  }
  return out;
}

/**
 * What drafts.keep stores: each value normalised where it parses (so the draft's `differs`
 * compares like with like against the saved record), else exactly as typed (nothing is lost).
 */
export function toDraft(
  form: FormDef,
  raw: RawValues,
  normalize: (f: FormDef['fields'][number], v: unknown) => { value: FieldValue } | { problem: unknown },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of form.fields) {
    if (f.type === 'computed') continue;
    const v = raw[f.id] ?? null;
    const n = normalize(f, v);
    out[f.id] = 'value' in n ? n.value : v;
  }
  return out;
}
