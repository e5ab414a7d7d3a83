/** One REDCap dictionary row to one field: its type, validation, range, codes and PHI class. */
import type { PhiClass } from '../../../shared/protocol/schema';
import { readActionTags } from './action-tags';
import type { FieldInput, Report } from './types';

/** The 18 columns of a REDCap data dictionary, by position (header text varies by version). */
export interface DictRow {
  line: number;
  name: string;
  form: string;
  section: string;
  type: string;
  label: string;
  choices: string;
  note: string;
  validation: string;
  min: string;
  max: string;
  identifier: string;
  branching: string;
  required: string;
  alignment: string;
  question: string;
  matrixGroup: string;
  matrixRanking: string;
  annotation: string;
}
export const COLUMNS = [
  'name',
  'form',
  'section',
  'type',
  'label',
  'choices',
  'note',
  'validation',
  'min',
  'max',
  'identifier',
  'branching',
  'required',
  'alignment',
  'question',
  'matrixGroup',
  'matrixRanking',
  'annotation',
] as const;
/** The header REDCap writes in its "Download data dictionary" CSV. */
export const HEADER = [
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
];

interface Validation {
  type: 'int' | 'decimal' | 'date' | 'text';
  decimals?: number;
  pattern?: { regex: string; description: string };
  phi?: PhiClass;
  approx?: string;
}
const p = (regex: string, description: string) => ({ regex, description });
/** Text validations REDCap offers; the exporter reads this table backwards. */
export const VALIDATIONS: Record<string, Validation> = {
  integer: { type: 'int' },
  number: { type: 'decimal' },
  number_1dp: { type: 'decimal', decimals: 1 },
  number_2dp: { type: 'decimal', decimals: 2 },
  number_3dp: { type: 'decimal', decimals: 3 },
  number_4dp: { type: 'decimal', decimals: 4 },
  date_ymd: { type: 'date' },
  date_mdy: { type: 'date', approx: 'entered as a date (shown and stored as a date, not as M-D-Y text)' },
  date_dmy: { type: 'date', approx: 'entered as a date (shown and stored as a date, not as D-M-Y text)' },
  time: { type: 'text', pattern: p('^([01][0-9]|2[0-3]):[0-5][0-9]$', 'a time HH:MM') },
  time_hh_mm_ss: { type: 'text', pattern: p('^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$', 'a time HH:MM:SS') },
  time_mm_ss: { type: 'text', pattern: p('^[0-5][0-9]:[0-5][0-9]$', 'minutes and seconds MM:SS') },
  email: { type: 'text', pattern: p('^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', 'an e-mail address'), phi: 'direct' },
  phone: {
    type: 'text',
    pattern: p('^\\(?[0-9]{3}\\)?[-. ]?[0-9]{3}[-. ]?[0-9]{4}$', 'a North American phone number'),
    phi: 'direct',
  },
  zipcode: { type: 'text', pattern: p('^[0-9]{5}(-[0-9]{4})?$', 'a US ZIP code'), phi: 'geo' },
  ssn: { type: 'text', pattern: p('^[0-9]{3}-[0-9]{2}-[0-9]{4}$', 'a social security number'), phi: 'direct' },
  mrn_10d: { type: 'text', pattern: p('^[0-9]{10}$', 'a 10-digit medical record number'), phi: 'direct' },
  alpha_only: { type: 'text', pattern: p('^[A-Za-z]+$', 'letters only') },
};
function validationOf(v: string): Validation | { unknown: string } {
  const key = v.trim().toLowerCase();
  if (!key) return { type: 'text' };
  const known = VALIDATIONS[key];
  if (known) return known;
  if (/^number_[1-4]dp_comma_decimal$|^number_comma_decimal$/.test(key))
    return {
      type: 'decimal',
      ...(/\d/.test(key) ? { decimals: Number(/(\d)dp/.exec(key)![1]) } : {}),
      approx: 'entered with a decimal point, not a comma',
    };
  if (/^datetime_(seconds_)?(ymd|mdy|dmy)$/.test(key))
    return { type: 'date', approx: 'collected as a date: the time of day is not kept' };
  if (/^(mrn_generic|vmrn|phone_australia|postalcode_\w+)$/.test(key))
    return {
      type: 'text',
      phi: 'direct',
      approx: `plain text (no ${key} check); classed as a direct identifier`,
    };
  return { unknown: key };
}

const IDENTIFIER = /^\s*y(es)?\s*$/i;
export const isYes = (s: string): boolean => IDENTIFIER.test(s) || s.trim() === '1';

/** Splits `1, Yes | 2, No` (REDCap also writes `1,Yes|2,No` and newlines between choices). */
export function parseChoices(s: string): { code: string; label: string }[] | string {
  const parts = s.split(/\s*\|\s*|\r?\n/).filter((x) => x.trim() !== '');
  const out: { code: string; label: string }[] = [];
  for (const part of parts) {
    const comma = part.indexOf(',');
    if (comma < 0) return `the choice "${part.trim()}" has no code`;
    const code = part.slice(0, comma).trim();
    const label = part.slice(comma + 1).trim();
    if (!code) return `the choice "${part.trim()}" has an empty code`;
    out.push({ code, label: label || code });
  }
  if (!out.length) return 'it has no choices';
  return out;
}

const CALC_TAGS = new Set(['CALCTEXT', 'CALCDATE']);
const PHI_TAG = /@SITECRF-PHI=(none|direct|date|birthdate|geo|freetext)\b/;

export function stripHtml(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export type RowResult =
  | { kind: 'field'; field: FieldInput; branching?: string; calc?: string }
  | { kind: 'text'; text: string }
  | { kind: 'refused' };

/** The PHI class a field gets when the dictionary says nothing more (the exporter asks too). */
export function inferPhi(type: string, validation: string, identifier: boolean): PhiClass {
  if (identifier) return 'direct';
  const v = validationOf(validation);
  if ('phi' in v && v.phi) return v.phi;
  if (type === 'notes') return 'freetext';
  if (type === 'text') {
    if ('unknown' in v) return 'freetext';
    if (v.type === 'date') return 'date';
    if (v.type === 'text') return 'freetext';
  }
  return 'none';
}

export function convertRow(r: DictRow, report: Report): RowResult {
  const where = `${r.form}.${r.name}`;
  const approx = (what: string) => report.approximated.push({ where, what });
  const type = r.type.trim().toLowerCase();
  let label = stripHtml(r.label);
  if (label !== r.label.trim() && r.label.trim()) approx('label: HTML markup removed');
  if (!label) {
    label = r.name;
    approx('label: empty in the dictionary, the variable name is used');
  }
  if (type === 'file' || type === 'sql') {
    report.refused.push({
      where,
      what: `${type} fields are not supported (${type === 'file' ? 'no file uploads' : 'no database queries'})`,
    });
    return { kind: 'refused' };
  }
  if (isYes(r.matrixRanking)) {
    report.refused.push({ where, what: 'matrix ranking is not supported' });
    return { kind: 'refused' };
  }
  if (type === 'descriptive') {
    return { kind: 'text', text: label };
  }
  const identifier = isYes(r.identifier);
  const tagPhi = PHI_TAG.exec(r.annotation)?.[1] as PhiClass | undefined;
  const { tags, rest: plainNote } = readActionTags(r.annotation);
  const otherTags = tags.filter((t) => !t.name.startsWith('SITECRF-'));
  // A calculated-text or calculated-date field is entered by hand here: say so on its own line.
  for (const t of otherTags.filter((x) => CALC_TAGS.has(x.name)))
    approx(`${t.text}: REDCap computes this field; here it is entered by hand`);
  const plain = otherTags.filter((x) => !CALC_TAGS.has(x.name));
  if (plain.length) approx(`action tags not carried: ${[...new Set(plain.map((t) => t.text))].join(' ')}`);
  if (plainNote) approx('field annotation not carried (kept only in REDCap)');
  const field: FieldInput = {
    id: r.name,
    label,
    type: 'text',
    phi: tagPhi ?? inferPhi(type, r.validation, identifier),
  };
  const help = [stripHtml(r.section), stripHtml(r.note)].filter(Boolean).join(' — ');
  if (help) field.help = help;
  if (isYes(r.required)) field.required = true;
  if (r.matrixGroup.trim())
    approx(`matrix group ${r.matrixGroup.trim()}: asked as its own question, not as a row of a grid`);
  const range = (what: string): void => {
    const before = { min: field.min, max: field.max };
    for (const [k, raw] of [
      ['min', r.min],
      ['max', r.max],
    ] as const) {
      if (!raw.trim()) continue;
      const n = Number(raw.trim());
      if (Number.isFinite(n)) field[k] = n;
      else approx(`${what} ${k} "${raw.trim()}" is not a number and is not kept`);
    }
    // Crossed bounds would make every value wrong; the dictionary's pair is dropped instead.
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      approx(`${what} ${field.min}–${field.max}: the minimum is above the maximum, so the given bounds are not kept`);
      for (const k of ['min', 'max'] as const)
        if (before[k] === undefined) delete field[k];
        else field[k] = before[k];
    }
  };
  let calc: string | undefined;
  switch (type) {
    case 'text': {
      const v = validationOf(r.validation);
      if ('unknown' in v) {
        approx(`validation "${v.unknown}" is not known: plain text`);
        break;
      }
      field.type = v.type;
      if (v.decimals !== undefined) field.decimals = v.decimals;
      if (v.pattern) field.pattern = v.pattern;
      if (v.approx) approx(v.approx);
      if (v.type === 'int' || v.type === 'decimal') range('range');
      else if (r.min.trim() || r.max.trim())
        approx(`bounds ${r.min.trim() || '…'}–${r.max.trim() || '…'} are not kept`);
      break;
    }
    case 'notes':
      field.maxLength = 4000;
      break;
    case 'dropdown':
    case 'radio':
    case 'checkbox': {
      const codes = parseChoices(r.choices);
      if (typeof codes === 'string') {
        report.refused.push({ where, what: `${type}: ${codes}` });
        return { kind: 'refused' };
      }
      field.type = type === 'checkbox' ? 'multi' : 'choice';
      const kept = codes.filter((c, i) => codes.findIndex((x) => x.code === c.code) === i);
      for (const c of codes)
        if (!kept.includes(c)) approx(`the code ${c.code} ("${c.label}") is given twice; the first is kept`);
      field.codes = kept;
      break;
    }
    case 'yesno':
    case 'truefalse':
      field.type = 'yesno';
      if (type === 'truefalse') approx('true/false becomes yes/no (1 = Y, 0 = N)');
      break;
    case 'slider': {
      field.type = 'int';
      field.min = 0;
      field.max = 100;
      range('slider');
      if (r.choices.trim())
        approx(`slider labels "${stripHtml(r.choices)}" are not shown; an integer ${field.min}–${field.max}`);
      break;
    }
    case 'calc':
      field.type = 'computed';
      calc = r.choices;
      break;
    default:
      report.refused.push({ where, what: `the field type "${r.type}" is not known` });
      return { kind: 'refused' };
  }
  return {
    kind: 'field',
    field,
    ...(r.branching.trim() ? { branching: r.branching.trim() } : {}),
    ...(calc !== undefined ? { calc } : {}),
  };
}
