import { CLINICAL, ENGLISH, NAME_WORD, SAFE, SLIP, type WordLists } from './lists.js';
import type { Token } from './tokens.js';
import { TYPO_MIN, oneEditFromWord } from './near-words.js';

/**
 * Philter's rule, that a word on no safe list is suspect, read with what clinicians do to safe
 * words: history shorthand ("DHx", "PMHx", "FHx"), an abbreviation made a verb or a plural
 * ("PUing", "D'ing", "IAPTs"), a contraction ("doesn't") and a typing slip one letter away from a
 * word of some length ("brther", "regulalr", "lawer", "aneamia"). A word that any name list holds is
 * never explained away, so a surname one letter from a word ("Hale", "Frost") stays a name.
 */
const HISTORY = /^[A-Z]{1,5}[Hh]?x$/;
const ABBREVIATION_INFLECTED = /^[A-Z]{1,5}'?(?:ing|ed|d|s)$/;
const CONTRACTION = /^(\p{L}+)(?:n't|'ll|'ve|'re|'d|'m)$/u;

/** remembers the unknown words already judged unexplained (the explained ones go into the flags) */
const unexplained = new Set<string>();
const MEMO = 50_000;

/** Marks `t` (and its lowercase form, for later texts) SAFE when it is a safe word in disguise. */
export function explainUnknown(text: string, t: Token, l: WordLists): void {
  if (t.flags !== 0) return;
  const word = text.slice(t.start, t.end);
  if (HISTORY.test(word) || ABBREVIATION_INFLECTED.test(word)) {
    t.flags |= SAFE;
    return;
  }
  if (unexplained.has(t.lower)) return;
  // A capitalised word is never read as a slip (below), so the costly search for the word one
  // letter away is left to a lowercase occurrence: most unknown words of a note are capitalised
  // names, and the search was most of the time a first sight of a word costs.
  const capitalised = t.cap || t.upper;
  if (capitalised && noForm.has(t.lower)) return;
  if (typos.has(t.lower)) {
    if (!capitalised) t.flags |= SAFE | SLIP;
    return;
  }
  const why = explained(t.lower, l, !capitalised);
  if (why === 'form') {
    l.flags.set(t.lower, SAFE);
    t.flags |= SAFE;
    return;
  }
  // a slip is read as one only in lowercase: capitalised, a word one letter from a dictionary word
  // is as likely a name ("Sari", "Ronan") as a slip, and names come first
  if (why === 'typo') {
    typos.add(t.lower);
    if (!t.cap && !t.upper) t.flags |= SAFE | SLIP;
    return;
  }
  const memo = capitalised ? noForm : unexplained;
  if (memo.size >= MEMO) memo.clear();
  memo.add(t.lower);
}
const typos = new Set<string>();
/** capitalised words seen with no safe form (a lowercase sighting still asks whether it is a slip) */
const noForm = new Set<string>();

function explained(lower: string, l: WordLists, slips: boolean): 'form' | 'typo' | undefined {
  const c = CONTRACTION.exec(lower);
  if (c) {
    const f = l.flags.get(c[1]!) ?? 0;
    const stem = l.flags.get(c[1]!.slice(0, -1)) ?? 0; // "doesn't" -> "does", "can't" -> "can"
    return (f & NAME_WORD) === 0 && ((f | stem) & (ENGLISH | CLINICAL | SAFE)) !== 0 ? 'form' : undefined;
  }
  // "x-ray", "t-cell", "follow-up": every part a letter or a safe word
  if (lower.includes('-'))
    return lower.split('-').every((p) => p.length <= 1 || ((l.flags.get(p) ?? 0) & (ENGLISH | CLINICAL | SAFE)) !== 0)
      ? 'form'
      : undefined;
  if (!slips || lower.length < TYPO_MIN || !/^[a-z]+$/.test(lower)) return undefined;
  return oneEditFromWord(lower, l) ? 'typo' : undefined;
}
