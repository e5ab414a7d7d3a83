/**
 * The data dictionary (the workbook's Dictionary sheet, and a printable reference) generated
 * from the protocol, so it can never disagree with the forms. The export adds what its
 * de-identification profile did per PHI class; nothing here knows about profiles.
 */
import { describeCondition, describeRange } from './describe';
import type { Study } from './load';
import type { FieldDef, PhiClass } from './schema';

export interface DictionaryRow {
  form: string;
  field: string;
  label: string;
  type: string;
  unit: string;
  /** `CODE=Label; CODE=Label`, empty for fields without codes. */
  codes: string;
  range: string;
  /** `yes`, `if <condition in words>`, or empty. */
  required: string;
  /** The branching condition in words; empty when always shown. */
  showIf: string;
  phi: PhiClass;
}

const YESNO = 'Y=Yes; N=No';

function codesText(f: FieldDef): string {
  if (f.type === 'yesno') return YESNO;
  return (f.codes ?? []).map((c) => `${c.code}=${c.label}`).join('; ');
}

function rangeText(f: FieldDef): string {
  const parts = [describeRange(f)];
  for (const c of f.checks) {
    if (c.rule === 'exclusiveCode') parts.push(`${c.code} excludes the other codes`);
    if (c.rule === 'ageAt') parts.push(`age ${c.min}–${c.max} at the reference date`);
    if (c.rule === 'notFuture') parts.push('not in the future');
  }
  return parts.filter(Boolean).join('; ');
}

export interface DictionaryOptions {
  /** Add one row per derived value under form `Derived` (default true). */
  derived?: boolean;
}

export function buildDictionary(study: Study, options: DictionaryOptions = {}): DictionaryRow[] {
  const rows: DictionaryRow[] = [];
  for (const form of study.def.forms) {
    for (const f of form.fields) {
      rows.push({
        form: form.id,
        field: f.id,
        label: f.label,
        type: f.type,
        unit: f.unit ?? '',
        codes: codesText(f),
        range: rangeText(f),
        required: f.required ? 'yes' : f.requiredIf ? `if ${describeCondition(study, f.requiredIf, form.id)}` : '',
        showIf: f.showIf ? describeCondition(study, f.showIf, form.id) : '',
        phi: f.phi,
      });
    }
  }
  if (options.derived ?? true) {
    for (const d of study.def.derived) {
      rows.push({
        form: 'Derived',
        field: d.id,
        label: d.label,
        type: d.type,
        unit: d.unit ?? '',
        codes: d.type === 'yesno' ? YESNO : '',
        // Safe Harbor: ages over 89 leave as a top code, never the number.
        range: d.topCode !== undefined ? `values above ${d.topCode} exported as ${d.topCode + 1}+` : '',
        required: '',
        showIf: '',
        phi: 'none',
      });
    }
  }
  return rows;
}
