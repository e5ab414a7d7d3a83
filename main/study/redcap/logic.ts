/**
 * REDCap's expression grammar (branching logic and calculations): a tokenizer and a
 * recursive-descent parser. Nothing here evaluates anything; the syntax tree is converted to
 * our structured conditions and expressions elsewhere, and what cannot be stated is refused.
 *
 *   or      := and (("or" | "||") and)*
 *   and     := not (("and" | "&&") not)*
 *   not     := "not" not | "!" not | compare
 *   compare := sum (("=" | "==" | "<>" | "!=" | "<" | "<=" | ">" | ">=") sum)?
 *   sum     := product (("+" | "-") product)*
 *   product := power (("*" | "/") power)*
 *   power   := unary ("^" unary)*
 *   unary   := "-" unary | primary
 *   primary := ref | ref ref | number | string | name "(" args ")" | "(" or ")"
 *   ref     := "[" name ("(" code ")")? "]"
 */

export type LogicNode =
  | { k: 'ref'; event?: string; field: string; code?: string }
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'cmp'; op: '=' | '<>' | '<' | '<=' | '>' | '>='; a: LogicNode; b: LogicNode }
  | { k: 'arith'; op: '+' | '-' | '*' | '/' | '^'; a: LogicNode; b: LogicNode }
  | { k: 'neg'; a: LogicNode }
  | { k: 'and' | 'or'; items: LogicNode[] }
  | { k: 'not'; a: LogicNode }
  | { k: 'call'; name: string; args: LogicNode[] };

export class LogicSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`${message} at character ${at + 1}`);
  }
}

type Tok =
  | { t: 'ref'; v: string; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'num'; v: number; at: number }
  | { t: 'word'; v: string; at: number }
  | { t: 'op'; v: string; at: number };

const OPS = ['<>', '!=', '<=', '>=', '==', '&&', '||', '=', '<', '>', '+', '-', '*', '/', '^', '(', ')', ',', '!'];

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) throw new LogicSyntaxError('an unclosed [', i);
      out.push({ t: 'ref', v: src.slice(i + 1, end).trim(), at: i });
      i = end + 1;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new LogicSyntaxError('an unclosed quote', i);
      out.push({ t: 'str', v: src.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?|^\.\d+/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0], at: i });
      i += word[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new LogicSyntaxError(`an unexpected character ${JSON.stringify(c)}`, i);
    out.push({ t: 'op', v: op === '==' ? '=' : op === '!=' ? '<>' : op, at: i });
    i += op.length;
  }
  return out;
}

const REF_RE = /^([A-Za-z][A-Za-z0-9_]*)(?:\(([^()]+)\))?$/;

/**
 * Deeper than any real expression; the limit keeps the recursive parser, the converters and the
 * schema check off the end of the call stack on a pathological one (thousands of `not`s).
 */
export const MAX_DEPTH = 100;

/** The depth of a syntax tree, counted without recursion (a long `a - b - c …` chain is deep). */
export function treeDepth(tree: LogicNode): number {
  let max = 0;
  const stack: [LogicNode, number][] = [[tree, 1]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    max = Math.max(max, d);
    const kids = n.k === 'and' || n.k === 'or' ? n.items : n.k === 'call' ? n.args : [];
    if (n.k === 'cmp' || n.k === 'arith') kids.push(n.a, n.b);
    if (n.k === 'not' || n.k === 'neg') kids.push(n.a);
    for (const k of kids) stack.push([k, d + 1]);
  }
  return max;
}

/** Parses one REDCap expression; throws LogicSyntaxError naming where it stopped. */
export function parseLogic(src: string): LogicNode {
  const toks = tokenize(src);
  let p = 0;
  let nest = 0;
  const enter = (): void => {
    if (++nest > MAX_DEPTH) throw new LogicSyntaxError(`nested more than ${MAX_DEPTH} deep`, where());
  };
  const peek = (): Tok | undefined => toks[p];
  const isWord = (w: string): boolean => {
    const t = peek();
    return t?.t === 'word' && t.v.toLowerCase() === w;
  };
  const isOp = (o: string): boolean => {
    const t = peek();
    return t?.t === 'op' && t.v === o;
  };
  const where = (): number => peek()?.at ?? src.length;
  const expect = (o: string): void => {
    if (!isOp(o)) throw new LogicSyntaxError(`expected ${o}`, where());
    p++;
  };

  const refOf = (t: Tok & { t: 'ref' }): { field: string; code?: string } => {
    const m = REF_RE.exec(t.v);
    if (!m) throw new LogicSyntaxError(`[${t.v}] is not a field reference`, t.at);
    return m[2] === undefined ? { field: m[1]! } : { field: m[1]!, code: m[2].trim() };
  };

  const primary = (): LogicNode => {
    const t = peek();
    if (!t) throw new LogicSyntaxError('the expression ends too early', src.length);
    if (t.t === 'ref') {
      p++;
      const first = refOf(t);
      const n = peek();
      if (n?.t === 'ref') {
        p++;
        if (first.code !== undefined) throw new LogicSyntaxError(`[${t.v}] is not an event name`, t.at);
        return { k: 'ref', event: first.field, ...refOf(n) };
      }
      return { k: 'ref', ...first };
    }
    if (t.t === 'num') {
      p++;
      return { k: 'num', v: t.v };
    }
    if (t.t === 'str') {
      p++;
      return { k: 'str', v: t.v };
    }
    if (t.t === 'word') {
      p++;
      if (isOp('(')) {
        p++;
        const args: LogicNode[] = [];
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) {
            p++;
            args.push(or());
          }
        }
        expect(')');
        return { k: 'call', name: t.v.toLowerCase(), args };
      }
      // An unquoted value, as REDCap accepts in `[sex] = 1` or `[status] = done`.
      return { k: 'str', v: t.v };
    }
    if (t.v === '(') {
      p++;
      const inner = or();
      expect(')');
      return inner;
    }
    throw new LogicSyntaxError(`an unexpected ${t.v}`, t.at);
  };
  const unary = (): LogicNode => {
    if (isOp('-')) {
      p++;
      enter();
      const a = unary();
      nest--;
      return a.k === 'num' ? { k: 'num', v: -a.v } : { k: 'neg', a };
    }
    return primary();
  };
  const power = (): LogicNode => {
    let a = unary();
    while (isOp('^')) {
      p++;
      a = { k: 'arith', op: '^', a, b: unary() };
    }
    return a;
  };
  const product = (): LogicNode => {
    let a = power();
    while (isOp('*') || isOp('/')) {
      const op = peek()!.v as '*' | '/';
      p++;
      a = { k: 'arith', op, a, b: power() };
    }
    return a;
  };
  const sum = (): LogicNode => {
    let a = product();
    while (isOp('+') || isOp('-')) {
      const op = peek()!.v as '+' | '-';
      p++;
      a = { k: 'arith', op, a, b: product() };
    }
    return a;
  };
  const compare = (): LogicNode => {
    const a = sum();
    const t = peek();
    if (t?.t === 'op' && ['=', '<>', '<', '<=', '>', '>='].includes(t.v)) {
      p++;
      return { k: 'cmp', op: t.v as '=' | '<>' | '<' | '<=' | '>' | '>=', a, b: sum() };
    }
    return a;
  };
  const not = (): LogicNode => {
    if (isWord('not') || isOp('!')) {
      p++;
      enter();
      const a = not();
      nest--;
      return { k: 'not', a };
    }
    return compare();
  };
  const and = (): LogicNode => {
    const items = [not()];
    while (isWord('and') || isOp('&&')) {
      p++;
      items.push(not());
    }
    return items.length === 1 ? items[0]! : { k: 'and', items };
  };
  function or(): LogicNode {
    enter();
    const items = [and()];
    while (isWord('or') || isOp('||')) {
      p++;
      items.push(and());
    }
    nest--;
    return items.length === 1 ? items[0]! : { k: 'or', items };
  }

  if (!toks.length) throw new LogicSyntaxError('the expression is empty', 0);
  const tree = or();
  if (p < toks.length) throw new LogicSyntaxError(`unexpected ${describe(toks[p]!)}`, toks[p]!.at);
  if (treeDepth(tree) > MAX_DEPTH) throw new LogicSyntaxError(`nested more than ${MAX_DEPTH} deep`, 0);
  return tree;
}

function describe(t: Tok): string {
  return t.t === 'ref' ? `[${t.v}]` : t.t === 'str' ? `"${t.v}"` : String(t.v);
}
