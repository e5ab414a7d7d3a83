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

const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const TRAILING = new Set(["'", '’', '-']);
const PLURAL_ABBREVIATION = /^\p{Lu}{2,}s$/u;

export function tokenize(text: string, flags?: ReadonlyMap<string, number>): Token[] {
  const ascii = tokenizeAscii(text, flags);
  if (ascii) return ascii;
  const out = tokenizeUnicode(text);
  if (flags) for (const t of out) t.flags = flags.get(t.lower) ?? 0;
  return out;
}

/** The common case, by hand: letters, apostrophes and hyphens of ASCII text. Undefined when the
 * text has any non-ASCII character, so the Unicode tokenizer decides those texts whole. */
function tokenizeAscii(text: string, flags?: ReadonlyMap<string, number>): Token[] | undefined {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128) return undefined;
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) {
      i++;
      continue;
    }
    const start = i;
    let j = i + 1;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d >= 128) return undefined;
      if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d === 39 || d === 45)) break;
    }
    i = j;
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
      isUpperFirst &&
      lowerRest === 1 &&
      upperRest === j - start - 2 &&
      upperRest >= 1 &&
      text.charCodeAt(j - 1) === 115;
    const hasLowerRest = lowerRest > 0 && !plural;
    const anyUpper = isUpperFirst || upperRest > 0;
    const w = text.slice(start, j);
    const lower = anyUpper ? w.toLowerCase() : w;
    out.push({
      start,
      end: j,
      lower,
      cap: isUpperFirst && hasLowerRest,
      upper: isUpperFirst && j - start > 1 && !hasLowerRest,
      flags: flags?.get(lower) ?? 0,
    });
  }
  return out;
}

function tokenizeUnicode(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    let w = m[0];
    // a trailing hyphen or apostrophe belongs to the punctuation, not the word
    while (w.length > 1 && TRAILING.has(w[w.length - 1]!)) w = w.slice(0, -1);
    if (
      w.length > 2 &&
      (w[w.length - 1] === 's' || w[w.length - 1] === 'S') &&
      (w[w.length - 2] === "'" || w[w.length - 2] === '’')
    )
      w = w.slice(0, -2);
    const c0 = w.charCodeAt(0);
    // ASCII fast path; the Unicode classes only for other scripts
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
    out.push({
      start: m.index,
      end: m.index + w.length,
      lower: w.includes('’') ? w.toLowerCase().replace(/’/g, "'") : w.toLowerCase(),
      cap: isUpperFirst && hasLowerRest,
      upper: isUpperFirst && w.length > 1 && !hasLowerRest,
      flags: 0,
    });
  }
  return out;
}

/** What separates token a from the next one: names continue only across spaces, a middle
 * initial's dot, or a single line break. */
export function gap(text: string, a: Token, b: Token): string {
  return text.slice(a.end, b.start);
}
