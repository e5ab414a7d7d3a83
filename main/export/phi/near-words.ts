import { CLINICAL, ENGLISH, NAME_WORD, type WordLists } from './lists.js';

/**
 * Is a word one edit (a deletion, an insertion, a substitution or a swap of neighbours) away from
 * an everyday or clinical word of some length? Trying the ~50 candidates per letter as strings
 * built and looked up in the 370,000-word map cost about a millisecond per new word, most of the
 * time a note's first sight of its words took. Here each candidate is a rolling hash computed from
 * the word's prefix and suffix hashes and probed in a table of the target words' hashes; only a
 * hit builds the string and checks it exactly, so the answer is the same as the string search's.
 */
export const TYPO_MIN = 5;
const TYPO_TARGET = ENGLISH | CLINICAL;
const B = 131;
const BITS = 18;
const MASK = (1 << BITS) - 1;

interface Table {
  slots: Uint32Array;
  /** B^k mod 2^32 */
  pow: Uint32Array;
}
let built: { l: WordLists; table: Table } | undefined;

export function isTarget(w: string, l: WordLists): boolean {
  if (w.length < TYPO_MIN) return false;
  const f = l.flags.get(w);
  return f !== undefined && (f & TYPO_TARGET) !== 0 && (f & NAME_WORD) === 0;
}

function hash(s: string): number {
  let h = 0;
  for (let k = 0; k < s.length; k++) h = (Math.imul(h, B) + s.charCodeAt(k)) >>> 0;
  return h;
}

function insert(slots: Uint32Array, h: number): void {
  const v = h === 0 ? 1 : h;
  let k = h & MASK;
  while (slots[k] !== 0 && slots[k] !== v) k = (k + 1) & MASK;
  slots[k] = v;
}

function has(slots: Uint32Array, h: number): boolean {
  const v = h === 0 ? 1 : h;
  for (let k = h & MASK; slots[k] !== 0; k = (k + 1) & MASK) if (slots[k] === v) return true;
  return false;
}

function table(l: WordLists): Table {
  if (built?.l === l) return built.table;
  const slots = new Uint32Array(1 << BITS);
  let longest = 0;
  for (const [w, f] of l.flags) {
    if (w.length < TYPO_MIN || (f & TYPO_TARGET) === 0 || (f & NAME_WORD) !== 0) continue;
    insert(slots, hash(w));
    if (w.length > longest) longest = w.length;
  }
  const pow = new Uint32Array(Math.max(longest, 64) + 2);
  pow[0] = 1;
  for (let k = 1; k < pow.length; k++) pow[k] = Math.imul(pow[k - 1]!, B) >>> 0;
  built = { l, table: { slots, pow } };
  return built.table;
}

const A = 97;
export function oneEditFromWord(w: string, l: WordLists): boolean {
  const { slots, pow } = table(l);
  const n = w.length;
  if (n + 2 > pow.length) return false;
  // pre[i] = hash(w[0..i)), suf[i] = hash(w[i..n))
  const pre = new Uint32Array(n + 1);
  const suf = new Uint32Array(n + 2);
  for (let i = 0; i < n; i++) pre[i + 1] = (Math.imul(pre[i]!, B) + w.charCodeAt(i)) >>> 0;
  for (let i = n - 1; i >= 0; i--) suf[i] = (Math.imul(w.charCodeAt(i), pow[n - 1 - i]!) + suf[i + 1]!) >>> 0;
  const join = (head: number, tailLength: number, tail: number): number =>
    (Math.imul(head, pow[tailLength]!) + tail) >>> 0;
  for (let i = 0; i < n; i++) {
    // deletion of w[i]
    if (has(slots, join(pre[i]!, n - i - 1, suf[i + 1]!)) && isTarget(w.slice(0, i) + w.slice(i + 1), l)) return true;
    // swap of w[i] and w[i+1]
    if (i + 1 < n) {
      const head = (Math.imul((Math.imul(pre[i]!, B) + w.charCodeAt(i + 1)) >>> 0, B) + w.charCodeAt(i)) >>> 0;
      if (
        has(slots, join(head, n - i - 2, suf[i + 2]!)) &&
        isTarget(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2), l)
      )
        return true;
    }
  }
  for (let i = 0; i <= n; i++) {
    for (let c = A; c < A + 26; c++) {
      const head = (Math.imul(pre[i]!, B) + c) >>> 0;
      // insertion of c before w[i]
      if (has(slots, join(head, n - i, suf[i]!)) && isTarget(w.slice(0, i) + String.fromCharCode(c) + w.slice(i), l))
        return true;
      // substitution of w[i] by c
      if (
        i < n &&
        c !== w.charCodeAt(i) &&
        has(slots, join(head, n - i - 1, suf[i + 1]!)) &&
        isTarget(w.slice(0, i) + String.fromCharCode(c) + w.slice(i + 1), l)
      )
        return true;
    }
  }
  return false;
}
