/**
 * REDCap syntax trees to our structured show-if conditions and computed expressions. Whatever
 * our language cannot state is refused with a reason: a show-if is never guessed.
 */
import {
  isRoundOp,
  type ArithOp,
  type Condition,
  type Expr,
  type FieldRef,
  type FieldType,
} from '../../../shared/protocol/schema';
import { isIsoDate } from '../../../shared/dates';
import { parseLogic, type LogicNode } from './logic';

export interface FieldInfo {
  form: string;
  type: FieldType;
  codes?: string[];
}
export interface LogicContext {
  /** Fields that made it into the study, by REDCap variable name. */
  field(name: string): FieldInfo | undefined;
  /** Events of the study that collect a form. */
  eventCollects(event: string, form: string): boolean | undefined;
  ownForm: string;
  ownField: string;
}

export type Converted<T> = { ok: true; value: T; notes: string[] } | { ok: false; reason: string };

/** REDCap's operator for each of our arithmetic operations; export-redcap writes them back with it. */
export const REDCAP_ARITH = { sub: '-', add: '+', mul: '*', div: '/', pow: '^' } as const satisfies Record<
  ArithOp,
  string
>;
const ARITH_OF = Object.fromEntries(Object.entries(REDCAP_ARITH).map(([op, sym]) => [sym, op])) as Record<
  (typeof REDCAP_ARITH)[ArithOp],
  ArithOp
>;

class Refusal extends Error {}
const refuse = (why: string): never => {
  throw new Refusal(why);
};

function refOf(n: LogicNode & { k: 'ref' }, ctx: LogicContext): { ref: FieldRef; info: FieldInfo } {
  const info = ctx.field(n.field);
  if (!info) return refuse(`it refers to [${n.field}], which is not a converted field`);
  if (info.form === ctx.ownForm && n.field === ctx.ownField) return refuse('it refers to the field itself');
  const ref: FieldRef = { field: n.field };
  if (info.form !== ctx.ownForm || n.event) ref.form = info.form;
  if (n.event) {
    const collects = ctx.eventCollects(n.event, info.form);
    if (collects === undefined) return refuse(`it names the event [${n.event}], which the study does not have`);
    if (!collects) return refuse(`[${n.field}] is not collected at the event [${n.event}]`);
    ref.event = n.event;
  }
  return { ref, info };
}

/** The stored form of a literal compared with a field of this type. */
function literal(v: LogicNode, info: FieldInfo, field: string): string | number {
  if (v.k !== 'str' && v.k !== 'num') return refuse('a field can only be compared with a value here');
  const raw = v.k === 'num' ? String(v.v) : v.v;
  if (info.type === 'int' || info.type === 'decimal') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) return refuse(`"${raw}" is not a number for [${field}]`);
    return n;
  }
  if (info.type === 'yesno') {
    if (raw === '1') return 'Y';
    if (raw === '0') return 'N';
    return refuse(`"${raw}" is not 1 or 0 for the yes/no field [${field}]`);
  }
  if (info.type === 'choice' || info.type === 'multi') {
    if (!info.codes?.includes(raw)) return refuse(`"${raw}" is not a code of [${field}]`);
  }
  return raw;
}

const ORDERED = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' } as const;

/** `[x] < 5`, `[d] >= '2020-01-01'`: a number field with a number, a date field with a date. */
function ordered(a: LogicNode & { k: 'ref' }, op: string, b: LogicNode, ctx: LogicContext, notes: string[]): Condition {
  const key = ORDERED[op as keyof typeof ORDERED];
  if (!key) return refuse(`the comparison ${op} cannot be stated as a show-if condition`);
  if (a.code !== undefined)
    return refuse(`[${a.field}(${a.code})] is a checkbox code: it is ticked or not, not ordered`);
  const { ref, info } = refOf(a, ctx);
  if (b.k !== 'str' && b.k !== 'num')
    return refuse(`[${a.field}] ${op} compares a field with a value, not another field`);
  const raw = b.k === 'num' ? String(b.v) : b.v.trim();
  if (raw === '') return refuse(`[${a.field}] ${op} '' compares with a blank`);
  let bound: number | string;
  if (info.type === 'int' || info.type === 'decimal' || info.type === 'computed') {
    bound = Number(raw);
    if (!Number.isFinite(bound)) return refuse(`"${raw}" is not a number for [${a.field}]`);
  } else if (info.type === 'date') {
    if (!isIsoDate(raw)) return refuse(`"${raw}" is not a YYYY-MM-DD date for [${a.field}]`);
    bound = raw;
  } else return refuse(`[${a.field}] is ${info.type}: ${op} compares numbers or dates only`);
  notes.push(`[${a.field}] ${op} ${raw}: a blank value never satisfies it (REDCap may read a blank as 0)`);
  return { ...ref, [key]: bound } as Condition;
}

function toCondition(n: LogicNode, ctx: LogicContext, notes: string[]): Condition {
  if (n.k === 'and') return { all: n.items.map((x) => toCondition(x, ctx, notes)) };
  if (n.k === 'or') return { any: n.items.map((x) => toCondition(x, ctx, notes)) };
  if (n.k === 'not') return { not: toCondition(n.a, ctx, notes) };
  if (n.k !== 'cmp') return refuse('only comparisons joined by and, or and not can be show-if conditions');
  let { a, b, op } = n;
  if (a.k !== 'ref' && b.k === 'ref') {
    [a, b] = [b, a];
    op = op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
  }
  if (a.k !== 'ref') return refuse('a comparison needs a field on one side');
  if (op !== '=' && op !== '<>') return ordered(a, op, b, ctx, notes);
  const { ref, info } = refOf(a, ctx);
  if (a.code !== undefined) {
    if (info.type !== 'multi') return refuse(`[${a.field}(${a.code})] names a code of a field that is not a checkbox`);
    if (!info.codes?.includes(a.code)) return refuse(`"${a.code}" is not a code of [${a.field}]`);
    const v = b.k === 'num' ? String(b.v) : b.k === 'str' ? b.v : refuse('a checkbox is compared with "1" or "0"');
    if (v !== '1' && v !== '0') return refuse('a checkbox is compared with "1" or "0"');
    const ticked: Condition = { ...ref, eq: a.code };
    return (v === '1') === (op === '=') ? ticked : { not: ticked };
  }
  if (b.k === 'str' && b.v === '') return { ...ref, filled: op !== '=' };
  if (info.type === 'multi')
    return refuse(`the checkbox [${a.field}] is compared through one of its codes, [${a.field}(code)]`);
  const value = literal(b, info, a.field);
  if (op === '=') return { ...ref, eq: value };
  // REDCap's <> is also true while the field is blank; our `ne` needs a value, so both are said.
  return {
    any: [
      { ...ref, ne: value },
      { ...ref, filled: false },
    ],
  };
}

/** REDCap's export-column suffix of a checkbox code: lower case, anything but [a-z0-9_] as "_". */
const columnSuffix = (code: string): string => code.toLowerCase().replace(/[^a-z0-9_]/g, '_');

/**
 * `[x___1]` is how REDCap names checkbox x's code 1 in its exports, and dictionaries written by
 * people who know the exports use it in branching: read it as `[x(1)]`. Only where `x___1` is not
 * itself a field, `x` is a checkbox and exactly one of its codes has that column suffix.
 */
export function resolveCheckboxColumns(n: LogicNode, ctx: LogicContext): LogicNode {
  switch (n.k) {
    case 'ref': {
      const m = n.code === undefined && !ctx.field(n.field) ? /^(.+?)___(.+)$/.exec(n.field) : null;
      const info = m ? ctx.field(m[1]!) : undefined;
      const codes = info?.type === 'multi' ? (info.codes ?? []).filter((c) => columnSuffix(c) === m![2]) : [];
      return codes.length === 1 ? { ...n, field: m![1]!, code: codes[0]! } : n;
    }
    case 'cmp':
    case 'arith':
      return { ...n, a: resolveCheckboxColumns(n.a, ctx), b: resolveCheckboxColumns(n.b, ctx) };
    case 'neg':
    case 'not':
      return { ...n, a: resolveCheckboxColumns(n.a, ctx) };
    case 'and':
    case 'or':
      return { ...n, items: n.items.map((x) => resolveCheckboxColumns(x, ctx)) };
    case 'call':
      return { ...n, args: n.args.map((x) => resolveCheckboxColumns(x, ctx)) };
    default:
      return n;
  }
}

export function convertBranching(src: string, ctx: LogicContext): Converted<Condition> {
  let tree: LogicNode;
  try {
    tree = resolveCheckboxColumns(parseLogic(src), ctx);
  } catch (e) {
    return { ok: false, reason: `cannot parse: ${(e as Error).message}` };
  }
  const notes: string[] = [];
  try {
    return { ok: true, value: toCondition(tree, ctx, notes), notes };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.message };
    throw e;
  }
}

function toExpr(n: LogicNode, ctx: LogicContext, notes: string[]): Expr {
  if (n.k === 'ref') {
    if (n.code !== undefined) return refuse('a checkbox code cannot be used in a calculation here');
    return { ref: refOf(n, ctx).ref };
  }
  if (n.k === 'num') return { const: n.v };
  if (n.k === 'str' && /^(today|now)$/i.test(n.v.trim()))
    return refuse(`'${n.v}': a stored value computed from the day it is saved cannot be reproduced later`);
  if (n.k === 'str') return { const: n.v };
  if (n.k === 'arith') return { op: ARITH_OF[n.op], args: [toExpr(n.a, ctx, notes), toExpr(n.b, ctx, notes)] };
  if (n.k === 'neg') return { op: 'sub', args: [{ const: 0 }, toExpr(n.a, ctx, notes)] };
  if (n.k === 'call' && isRoundOp(n.name)) {
    const [x, places] = n.args;
    if (!x || n.args.length > 2) return refuse(`${n.name}() takes a number and its decimal places`);
    const digits = places === undefined ? 0 : places.k === 'num' ? places.v : Number.NaN;
    if (!Number.isInteger(digits) || digits < 0 || digits > 10)
      return refuse(`${n.name}(): the decimal places must be a whole number from 0 to 10`);
    return { op: n.name, arg: toExpr(x, ctx, notes), digits };
  }
  if (n.k === 'call' && n.name === 'abs' && n.args.length === 1)
    return { op: 'abs', arg: toExpr(n.args[0]!, ctx, notes) };
  if (n.k === 'call' && n.name === 'datediff') {
    const [from, to, unit] = n.args;
    if (!from || !to || unit?.k !== 'str') return refuse('datediff needs two dates and a unit');
    if (unit.v !== 'd' && unit.v !== 'y') return refuse(`datediff in "${unit.v}" cannot be stated (only "d" and "y")`);
    if (n.args.length > 3)
      notes.push('datediff: the date format and sign arguments are not kept (the result is signed)');
    else
      notes.push('datediff: REDCap gives the absolute difference unless asked for the signed one; here it is signed');
    const op = unit.v === 'd' ? 'daysBetween' : 'yearsBetween';
    return { op, from: toExpr(from, ctx, notes), to: toExpr(to, ctx, notes) };
  }
  if (n.k === 'call')
    return refuse(`the function ${n.name}() cannot be stated (only datediff, round, roundup, rounddown and abs)`);
  return refuse('only arithmetic on fields can be a calculation');
}

export function convertCalc(src: string, ctx: LogicContext): Converted<Expr> {
  let tree: LogicNode;
  try {
    tree = resolveCheckboxColumns(parseLogic(src), ctx);
  } catch (e) {
    return { ok: false, reason: `cannot parse: ${(e as Error).message}` };
  }
  const notes: string[] = [];
  try {
    return { ok: true, value: toExpr(tree, ctx, notes), notes };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.message };
    throw e;
  }
}
