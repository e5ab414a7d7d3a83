/**
 * Normalising what a person typed into the value the database stores, and the type rules.
 * Shared by the renderer (instant feedback) and main (the authority).
 */
import { isIsoDate, parseDateInput } from '../dates';
import { MISSING_CODES, type FieldDef, type FieldValue, type MissingCode } from './schema';

export interface TypeProblem {
  rule: string;
  message: string;
}

export function isMissing(v: FieldValue | undefined): v is { missing: MissingCode } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'missing' in v;
}

/** Blank means "not entered yet"; a missing-data code is an answer. */
export function isBlank(v: FieldValue | undefined): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * Turns raw input into the stored form, or says which type rule it breaks.
 * Numbers may arrive as text from a form or a JSON file; dates as MM/DD/YYYY or YYYY-MM-DD.
 */
export function normalizeValue(field: FieldDef, raw: unknown): { value: FieldValue } | { problem: TypeProblem } {
  if (raw === undefined || raw === null) return { value: null };
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    const code = (raw as { missing?: unknown }).missing;
    if (
      keys.length === 1 &&
      keys[0] === 'missing' &&
      typeof code === 'string' &&
      (MISSING_CODES as readonly string[]).includes(code)
    ) {
      if (field.type === 'computed')
        return { problem: { rule: 'computed', message: 'is computed and cannot take a missing-data code' } };
      return { value: { missing: code as MissingCode } };
    }
    return {
      problem: { rule: 'missingCode', message: `a missing-data code must be one of ${MISSING_CODES.join(', ')}` },
    };
  }
  switch (field.type) {
    case 'computed':
      return { value: null };
    case 'text': {
      if (typeof raw !== 'string') return { problem: { rule: 'type', message: 'must be text' } };
      const s = raw.trim();
      return { value: s === '' ? null : s };
    }
    case 'int':
    case 'decimal': {
      let n: number;
      if (typeof raw === 'number') n = raw;
      else if (typeof raw === 'string') {
        const s = raw.trim();
        if (s === '') return { value: null };
        if (!NUMERIC.test(s))
          return {
            problem: { rule: 'type', message: field.type === 'int' ? 'must be a whole number' : 'must be a number' },
          };
        n = Number(s);
      } else return { problem: { rule: 'type', message: 'must be a number' } };
      if (!Number.isFinite(n)) return { problem: { rule: 'type', message: 'must be a finite number' } };
      if (field.type === 'int' && !Number.isInteger(n))
        return { problem: { rule: 'type', message: 'must be a whole number' } };
      return { value: n };
    }
    case 'date': {
      if (typeof raw !== 'string')
        return { problem: { rule: 'date', message: 'must be a date (MM/DD/YYYY or YYYY-MM-DD)' } };
      if (raw.trim() === '') return { value: null };
      const iso = parseDateInput(raw);
      if (!iso)
        return {
          problem: {
            rule: 'date',
            message: `is not a real calendar date: "${raw.slice(0, 20)}" (use MM/DD/YYYY or YYYY-MM-DD)`,
          },
        };
      return { value: iso };
    }
    case 'yesno':
    case 'choice': {
      if (typeof raw !== 'string') return { problem: { rule: 'type', message: 'must be one code' } };
      const s = raw.trim();
      if (s === '') return { value: null };
      return { value: s };
    }
    case 'multi': {
      if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string'))
        return { problem: { rule: 'type', message: 'must be a list of codes' } };
      const uniq = [...new Set((raw as string[]).map((x) => x.trim()).filter((x) => x !== ''))];
      return { value: uniq.length ? uniq : null };
    }
  }
}

/** The type, code, length, pattern, range and decimals rules of one stored value. */
export function checkValueRules(field: FieldDef, v: FieldValue): TypeProblem | null {
  if (isBlank(v) || isMissing(v)) return null;
  switch (field.type) {
    case 'text': {
      const s = v as string;
      if (typeof s !== 'string') return { rule: 'type', message: 'must be text' };
      if (field.maxLength !== undefined && s.length > field.maxLength)
        return { rule: 'maxLength', message: `must be at most ${field.maxLength} characters (has ${s.length})` };
      if (field.minLength !== undefined && s.length < field.minLength)
        return { rule: 'minLength', message: `must be at least ${field.minLength} characters` };
      if (field.pattern && !new RegExp(field.pattern.regex).test(s))
        return { rule: 'pattern', message: `must be ${field.pattern.description}` };
      return null;
    }
    case 'int':
    case 'decimal': {
      const n = v as number;
      if (typeof n !== 'number') return { rule: 'type', message: 'must be a number' };
      if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max))
        return { rule: 'range', message: rangeText(field) };
      if (field.decimals !== undefined) {
        const [, frac = ''] = String(n).split('.');
        if (frac.length > field.decimals)
          return {
            rule: 'decimals',
            message: `must have at most ${field.decimals} decimal place${field.decimals === 1 ? '' : 's'}`,
          };
      }
      return null;
    }
    case 'date':
      return typeof v === 'string' && isIsoDate(v) ? null : { rule: 'date', message: 'must be a real calendar date' };
    case 'yesno':
      return v === 'Y' || v === 'N' ? null : { rule: 'code', message: 'must be Y (yes) or N (no)' };
    case 'choice': {
      const codes = field.codes?.map((c) => c.code) ?? [];
      return codes.includes(v as string)
        ? null
        : { rule: 'code', message: `must be one of ${codes.join(', ')} (got "${String(v).slice(0, 30)}")` };
    }
    case 'multi': {
      const codes = field.codes?.map((c) => c.code) ?? [];
      const bad = (v as string[]).find((x) => !codes.includes(x));
      return bad === undefined
        ? null
        : { rule: 'code', message: `must list only codes among ${codes.join(', ')} (got "${bad.slice(0, 30)}")` };
    }
    case 'computed':
      return null;
  }
}

export function rangeText(field: FieldDef): string {
  if (field.min !== undefined && field.max !== undefined)
    return `must be between ${field.min} and ${field.max}${field.unit ? ' ' + field.unit : ''}`;
  if (field.min !== undefined) return `must be at least ${field.min}`;
  return `must be at most ${field.max}`;
}
