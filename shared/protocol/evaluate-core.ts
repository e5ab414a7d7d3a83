/** Resolving references, conditions and expressions against a form in its casebook. */
import { daysBetween, yearsBetween } from '../dates';
import type { Casebook, FormKey, FormValues } from './casebook';
import {
  COMPARE_KEYS,
  type ArithOp,
  type CompareKey,
  type Condition,
  type Expr,
  type FieldRef,
  type FieldValue,
  type RoundOp,
} from './schema';
import { isBlank, isMissing } from './values';

export interface Scope {
  /** The form being evaluated (absent for subject-level rules). */
  key?: FormKey;
  values?: FormValues;
  casebook: Casebook;
}

/** All values a reference names: one for a visit form, one per instance of a repeating form. */
export function resolve(ref: FieldRef, scope: Scope): FieldValue[] {
  const k = scope.key;
  if (!ref.form) return [scope.values?.[ref.field] ?? null];
  if (k && scope.values && ref.form === k.form && (ref.event === undefined || ref.event === k.event))
    return [scope.values[ref.field] ?? null];
  const out: FieldValue[] = [];
  for (const f of scope.casebook.forms) {
    if (f.form !== ref.form || (ref.event && f.event !== ref.event)) continue;
    out.push(f.values[ref.field] ?? null);
  }
  return out;
}

export function resolveOne(ref: FieldRef, scope: Scope): FieldValue {
  return resolve(ref, scope)[0] ?? null;
}

function matches(v: FieldValue, pred: (x: string | number) => boolean): boolean {
  if (isBlank(v) || isMissing(v)) return false;
  if (Array.isArray(v)) return v.some(pred);
  return pred(v as string | number);
}

/** The comparison of an ordered condition: which one, and its constant. */
export function compareOf(c: Condition): [CompareKey, number | string] {
  const o = c as Partial<Record<CompareKey, number | string>>;
  for (const k of COMPARE_KEYS) if (o[k] !== undefined) return [k, o[k]];
  throw new Error('not an ordered comparison');
}

/** Numbers compare as numbers, ISO dates as text (which orders them); a mix never matches. */
function ordered(x: string | number, key: CompareKey, bound: string | number): boolean {
  if (typeof x !== typeof bound) return false;
  const d = x < bound ? -1 : x > bound ? 1 : 0;
  return key === 'lt' ? d < 0 : key === 'le' ? d <= 0 : key === 'gt' ? d > 0 : d >= 0;
}

export function evalCondition(c: Condition, scope: Scope): boolean {
  if ('all' in c) return c.all.every((x) => evalCondition(x, scope));
  if ('any' in c) return c.any.some((x) => evalCondition(x, scope));
  if ('not' in c) return !evalCondition(c.not, scope);
  if ('formExists' in c)
    return scope.casebook.forms.some(
      (f) => f.form === c.formExists.form && (!c.formExists.event || f.event === c.formExists.event),
    );
  const values = resolve(c, scope);
  if ('eq' in c) return values.some((v) => matches(v, (x) => x === c.eq));
  if ('ne' in c) return values.some((v) => !isBlank(v) && !matches(v, (x) => x === c.ne));
  if ('in' in c) return values.some((v) => matches(v, (x) => c.in.includes(x)));
  if ('filled' in c) return values.some((v) => !isBlank(v)) === c.filled;
  const [key, bound] = compareOf(c);
  return values.some((v) => matches(v, (x) => ordered(x, key, bound)));
}

/** Evaluates an expression; null whenever an input is blank or coded missing. */
export function evalExpr(e: Expr, scope: Scope): string | number | null {
  if ('ref' in e) {
    const v = resolveOne(e.ref, scope);
    return isBlank(v) || isMissing(v) || Array.isArray(v) ? null : (v as string | number);
  }
  if ('const' in e) return e.const;
  switch (e.op) {
    case 'subjectId':
      return scope.casebook.subjectId || null;
    case 'sub':
    case 'add':
    case 'mul':
    case 'div':
    case 'pow': {
      const a = evalExpr(e.args[0], scope);
      const b = evalExpr(e.args[1], scope);
      return typeof a === 'number' && typeof b === 'number' ? arithmetic(e.op, a, b) : null;
    }
    case 'round':
    case 'roundup':
    case 'rounddown': {
      const a = evalExpr(e.arg, scope);
      return typeof a === 'number' ? roundTo(e.op, a, e.digits) : null;
    }
    case 'abs': {
      const a = evalExpr(e.arg, scope);
      return typeof a === 'number' ? Math.abs(a) : null;
    }
    case 'daysBetween':
    case 'yearsBetween': {
      const from = evalExpr(e.from, scope);
      const to = evalExpr(e.to, scope);
      if (typeof from !== 'string' || typeof to !== 'string') return null;
      return e.op === 'daysBetween' ? daysBetween(from, to) : yearsBetween(from, to);
    }
    case 'allEq': {
      const vs = e.args.map((x) => evalExpr(x, scope));
      if (vs.some((v) => v !== null && v !== e.value)) return 'N';
      return vs.every((v) => v === e.value) ? 'Y' : null;
    }
    default: {
      const a = evalExpr(e.args[0], scope);
      const b = evalExpr(e.args[1], scope);
      if (a === null || b === null || typeof a !== typeof b) return null;
      return compare(a, e.op, b) ? 'Y' : 'N';
    }
  }
}

/** A result that is not a finite number (x / 0, a negative number to a fractional power) is blank. */
function arithmetic(op: ArithOp, a: number, b: number): number | null {
  const r = op === 'sub' ? a - b : op === 'add' ? a + b : op === 'mul' ? a * b : op === 'div' ? a / b : a ** b;
  // 80.3 − 78.1 is 2.1999999999999886 in binary floating point; nobody entered that.
  return Number.isFinite(r) ? Number(r.toFixed(9)) : null;
}

/** REDCap's round (half away from zero), roundup (away from zero) and rounddown (toward zero). */
function roundTo(op: RoundOp, a: number, digits: number): number {
  const f = 10 ** digits;
  // The scaled value is cleaned first, so that 1.005 × 100 (100.49999999999999) rounds to 101.
  const x = Number((Math.abs(a) * f).toFixed(6));
  const r = op === 'round' ? Math.round(x) : op === 'roundup' ? Math.ceil(x) : Math.floor(x);
  return (Math.sign(a) * r) / f || 0;
}

export function compare(a: string | number, op: string, b: string | number): boolean {
  switch (op) {
    case '<':
    case 'lt':
      return a < b;
    case '<=':
    case 'le':
      return a <= b;
    case '>':
    case 'gt':
      return a > b;
    case '>=':
    case 'ge':
      return a >= b;
    default:
      return a === b;
  }
}
