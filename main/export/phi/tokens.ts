import { WordFlags, hashAscii, type Looked } from './word-flags.js';

/** One word of the text, with what the name and place rules ask of it precomputed once. */
export interface Token {
  start: number;
  /** end of the word without a possessive "'s", so "Mary's" redacts to "[...]'s" */
  end: number;
  /** lowercased, possessive stripped, curly apostrophe straightened */
  lower: string;
  /** First letter upper case, some lower case after it: "Smith", "McDonald" */
  cap: boolean;
  /** two or more letters, all upper case: "SMITH", "MRI" */
  upper: boolean;
  /** which word lists hold `lower` (lists.ts bits), 0 when tokenized without lists */
  flags: number;
}

const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const LETTER = /^\p{L}$/u;
const MARK = /^\p{M}$/u;
const TRAILING = new Set(["'", '’', '-']);
const PLURAL_ABBREVIATION = /^\p{Lu}{2,}s$/u;

/**
 * The words of `text`: a letter, then letters, marks, apostrophes and hyphens (the code points of
 * /\p{L}[\p{L}\p{M}'’-]*\/u), read by hand. Most words are ASCII and take the fast path, whose
 * lowercase form and flags come from the words table of `flags` when it has one (word-flags.ts).
 */
export function tokenize(text: string, flags?: ReadonlyMap<string, number>): Token[] {
  const table = flags instanceof WordFlags ? flags : undefined;
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const width = c < 128 ? (isAsciiLetter(c) ? 1 : 0) : letterWidth(text, i);
    if (width === 0) {
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
      continue;
    }
    const start = i;
    let ascii = c < 128;
    let j = i + width;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d < 128) {
        if (!(isAsciiLetter(d) || d === 39 || d === 45)) break;
        j++;
        continue;
      }
      const w = continueWidth(text, j);
      if (w === 0) break;
      ascii = false;
      j += w;
    }
    i = j;
    out.push(ascii ? asciiToken(text, start, j, flags, table) : unicodeToken(text.slice(start, j), start, flags));
  }
  return out;
}

const looked: Looked = { lower: '', flags: 0 };

function asciiToken(
  text: string,
  start: number,
  end: number,
  flags: ReadonlyMap<string, number> | undefined,
  table: WordFlags | undefined,
): Token {
  let j = end;
  // a trailing hyphen or apostrophe belongs to the punctuation, not the word
  while (j - start > 1 && (text.charCodeAt(j - 1) === 39 || text.charCodeAt(j - 1) === 45)) j--;
  if (j - start > 2 && (text.charCodeAt(j - 1) | 32) === 115 && text.charCodeAt(j - 2) === 39) j -= 2;
  const c0 = text.charCodeAt(start);
  const isUpperFirst = c0 >= 65 && c0 <= 90;
  let lowerRest = 0;
  let upperRest = 0;
  for (let k = start + 1; k < j; k++) {
    const d = text.charCodeAt(k);
    if (d >= 97 && d <= 122) lowerRest++;
    else if (d >= 65 && d <= 90) upperRest++;
  }
  // "ADLs", "NSAIDs", "CTs": a plural abbreviation, not a capitalised word
  const plural =
    isUpperFirst && lowerRest === 1 && upperRest === j - start - 2 && upperRest >= 1 && text.charCodeAt(j - 1) === 115;
  const hasLowerRest = lowerRest > 0 && !plural;
  const anyUpper = isUpperFirst || upperRest > 0;
  let lower: string;
  let f = 0;
  if (table) {
    table.lookupAscii(text, start, j, hashAscii(text, start, j), anyUpper, looked);
    lower = looked.lower;
    f = looked.flags;
  } else {
    const w = text.slice(start, j);
    lower = anyUpper ? w.toLowerCase() : w;
    f = flags?.get(lower) ?? 0;
  }
  return {
    start,
    end: j,
    lower,
    cap: isUpperFirst && hasLowerRest,
    upper: isUpperFirst && j - start > 1 && !hasLowerRest,
    flags: f,
  };
}

/** a word with a character past ASCII: the Unicode classes decide its case */
function unicodeToken(word: string, start: number, flags: ReadonlyMap<string, number> | undefined): Token {
  let w = word;
  // a trailing hyphen or apostrophe belongs to the punctuation, not the word
  while (w.length > 1 && TRAILING.has(w[w.length - 1]!)) w = w.slice(0, -1);
  if (
    w.length > 2 &&
    (w[w.length - 1] === 's' || w[w.length - 1] === 'S') &&
    (w[w.length - 2] === "'" || w[w.length - 2] === '’')
  )
    w = w.slice(0, -2);
  const c0 = w.charCodeAt(0);
  const isUpperFirst = c0 < 128 ? c0 >= 65 && c0 <= 90 : UPPER.test(w[0]!);
  let hasLowerRest = false;
  for (let k = 1; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c < 128 ? c >= 97 && c <= 122 : LOWER.test(w[k]!)) {
      hasLowerRest = true;
      break;
    }
  }
  // "ADLs", "NSAIDs", "CTs": a plural abbreviation, not a capitalised word
  if (hasLowerRest && isUpperFirst && PLURAL_ABBREVIATION.test(w)) hasLowerRest = false;
  const lower = w.includes('’') ? w.toLowerCase().replace(/’/g, "'") : w.toLowerCase();
  return {
    start,
    end: start + w.length,
    lower,
    cap: isUpperFirst && hasLowerRest,
    upper: isUpperFirst && w.length > 1 && !hasLowerRest,
    flags: flags?.get(lower) ?? 0,
  };
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** per BMP code point: 0 not yet asked, 1 a letter, 2 a mark, 3 neither */
const BMP_CLASS = new Uint8Array(0x10000);
const L = 1;
const M = 2;
function classOf(text: string, i: number): { cls: number; width: number } {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
    const s = text.slice(i, i + 2);
    return { cls: LETTER.test(s) ? L : MARK.test(s) ? M : 3, width: 2 };
  }
  let k = BMP_CLASS[c]!;
  if (k === 0) {
    const s = String.fromCharCode(c);
    k = LETTER.test(s) ? L : MARK.test(s) ? M : 3;
    BMP_CLASS[c] = k;
  }
  return { cls: k, width: 1 };
}

/** the code units of the letter starting at text[i] (0: no letter starts there) */
function letterWidth(text: string, i: number): number {
  const { cls, width } = classOf(text, i);
  return cls === L ? width : 0;
}

/** the code units of the character at text[i] when it continues a word (0: it does not) */
function continueWidth(text: string, i: number): number {
  if (text.charCodeAt(i) === 0x2019) return 1;
  const { cls, width } = classOf(text, i);
  return cls === L || cls === M ? width : 0;
}

/** What separates token a from the next one: names continue only across spaces, a middle
 * initial's dot, or a single line break. */
export function gap(text: string, a: Token, b: Token): string {
  return text.slice(a.end, b.start);
}
