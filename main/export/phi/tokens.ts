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
}

const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const PLURAL_ABBREVIATION = /^\p{Lu}{2,}s$/u;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    let w = m[0];
    // a trailing hyphen or apostrophe belongs to the punctuation, not the word
    while (w.length > 1 && /['’-]$/.test(w)) w = w.slice(0, -1);
    if (w.length > 2 && /['’][sS]$/.test(w)) w = w.slice(0, -2);
    const first = w[0]!;
    const isUpperFirst = UPPER.test(first);
    const rest = w.slice(1);
    // "ADLs", "NSAIDs", "CTs": a plural abbreviation, not a capitalised word
    const hasLowerRest = LOWER.test(rest) && !PLURAL_ABBREVIATION.test(w);
    out.push({
      start: m.index,
      end: m.index + w.length,
      lower: w.toLowerCase().replace(/’/g, "'"),
      cap: isUpperFirst && hasLowerRest,
      upper: isUpperFirst && w.length > 1 && !hasLowerRest,
    });
  }
  return out;
}

/** What separates token a from the next one: names continue only across spaces, a middle
 * initial's dot, or a single line break. */
export function gap(text: string, a: Token, b: Token): string {
  return text.slice(a.end, b.start);
}
