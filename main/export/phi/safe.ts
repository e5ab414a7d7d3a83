import { CLINICAL, ENGLISH, NAME_WORD, SAFE, type WordLists } from './lists.js';
import type { Token } from './tokens.js';

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
const TYPO_MIN = 5;
const TYPO_TARGET = ENGLISH | CLINICAL;

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
  if (typos.has(t.lower)) {
    if (!t.cap && !t.upper) t.flags |= SAFE;
    return;
  }
  const why = explained(t.lower, l);
  if (why === 'form') {
    l.flags.set(t.lower, SAFE);
    t.flags |= SAFE;
    return;
  }
  // a slip is read as one only in lowercase: capitalised, a word one letter from a dictionary word
  // is as likely a name ("Sari", "Ronan") as a slip, and names come first
  if (why === 'typo') {
    typos.add(t.lower);
    if (!t.cap && !t.upper) t.flags |= SAFE;
    return;
  }
  if (unexplained.size >= MEMO) unexplained.clear();
  unexplained.add(t.lower);
}
const typos = new Set<string>();

function explained(lower: string, l: WordLists): 'form' | 'typo' | undefined {
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
  if (lower.length < TYPO_MIN || !/^[a-z]+$/.test(lower)) return undefined;
  return oneEditFromWord(lower, l) ? 'typo' : undefined;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
function isTarget(w: string, l: WordLists): boolean {
  if (w.length < TYPO_MIN) return false;
  const f = l.flags.get(w);
  return f !== undefined && (f & TYPO_TARGET) !== 0 && (f & NAME_WORD) === 0;
}

/** a deletion, insertion, substitution or swap of neighbours away from an everyday or clinical word */
function oneEditFromWord(w: string, l: WordLists): boolean {
  const n = w.length;
  for (let i = 0; i < n; i++) {
    if (isTarget(w.slice(0, i) + w.slice(i + 1), l)) return true;
    if (i + 1 < n && isTarget(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2), l)) return true;
  }
  for (let i = 0; i <= n; i++) {
    const a = w.slice(0, i);
    const b = w.slice(i);
    for (const c of LETTERS) {
      if (isTarget(a + c + b, l)) return true;
      if (i < n && c !== w[i] && isTarget(a + c + w.slice(i + 1), l)) return true;
    }
  }
  return false;
}
