/**
 * A place that only the clause around it gives away, whatever its case and however ordinary its
 * words: "tx to kindred per dr n", "pcp is dr rossi at beth israel", "d/c to mount auburn on jan 7",
 * "lives w/ partner lisa in providence". Hospitals and towns are named after people and things, so
 * their words are in the surname and English lists; what marks them is a clause of moving, living
 * or being cared for ("transferred", "lives", "pcp", "admitted") before the preposition, and a
 * word after it that a surname or place list holds but that is not everyday English ("floor",
 * "work", "church" are surnames too, and are where a note sends a patient).
 */
import type { PhiSpan } from './types.js';
import type { Token } from './tokens.js';
import {
  ABBREVIATION,
  CLINICAL,
  COMMON,
  COUNTRY,
  ENGLISH,
  EVERYDAY,
  NAME_WORD,
  PLACE_START,
  SAFE,
  SLIP,
  STATE,
  type WordLists,
} from './lists.js';
import { CLINICAL_WORDS, MEDICAL_SUFFIX } from './clinical.js';
import { FUNCTION_BIT } from './context-cues.js';
import { GENERIC } from './context-places.js';
import { STATE_ABBREVIATIONS, STATE_NAME_SET } from './geo.js';

/** the prepositions a place follows */
const BEFORE = new Set(['in', 'from', 'to', 'at', 'near']);
/** words of a clause about where a person lives, came from, goes to or is cared for */
const CLAUSE =
  /\b(?:lives?|living|lived|resides?|residing|resident|born|raised|grew up|moved|transferred|transfer|xfer(?:red)?|tx|d\/c(?:'?d)?|dc'?d|discharged?|admit(?:ted)?|readmit(?:ted)?|sent|returned|went|came|seen|followed|treated|dx(?:'?d)?|diagnosed|hospitali[sz]ed|pcp|stay(?:ed)?|works?|worked|referred|referral|accepted|bed|placement|screened|travel(?:l?ed|l?ing)?|trip|vacation(?:ing)?|flew|drove|visit(?:ed|ing)?)\b/i;
/** how far back the clause is read (a short clause: "lives w/ partner lisa in ...") */
const CLAUSE_CHARS = 48;
/** titles and shorthand whose dot ends no clause */
const DOTTED = new Set(['dr', 'mr', 'mrs', 'ms', 'st', 'jr', 'sr', 'pt', 'hx', 'w']);
const MAX_WORDS = 3;

/** Pushes the place after tokens[i - 1] when the clause makes one; returns the last word's index, or -1. */
export function findCuedPlace(text: string, tokens: Token[], i: number, l: WordLists, out: PhiSpan[]): number {
  const prev = tokens[i - 1];
  if (!prev) return -1;
  // "agent is terry lee of providence": "of" after a person's name tells where they are from
  const ofName = prev.lower === 'of' && i > 1 && nameEndsAt(out, tokens[i - 2]!.end);
  if (!ofName && !BEFORE.has(prev.lower)) return -1;
  const gap = tokens[i]!.start - prev.end;
  if (gap < 1 || gap > 2 || text[prev.end] !== ' ') return -1;
  const first = tokens[i]!;
  if (first.upper) return hospitalAcronym(text, first, prev, out) ? i : -1;
  // a capitalised first name is the name rules' ("verses from Faina D. Yefremova's")
  if (first.cap && l.firstNames.has(first.lower) && !l.places.has(first.lower)) return -1;
  let end = -1;
  let qualified = false;
  let nameWord = false;
  let rare = false;
  for (let j = i; j < tokens.length && j - i < MAX_WORDS; j++) {
    const t = tokens[j]!;
    if (j > i) {
      const g = text.slice(tokens[j - 1]!.end, t.start);
      if (g !== ' ' && g !== '-') break;
    }
    if (!member(t, l)) break;
    const f = t.flags;
    const listed = (f & NAME_WORD) !== 0 || l.places.has(t.lower) || (f & PLACE_START) !== 0;
    const everyday = (f & EVERYDAY) !== 0;
    const unknown = (f & COMMON) === 0 || (f & SLIP) !== 0;
    if (listed) nameWord = true;
    // a rare word that is no dictionary word ("samaritan" of "good samaritan", not "agitated")
    if (!everyday && (f & ENGLISH) === 0) rare = true;
    if ((listed && !everyday) || (unknown && t.lower.length > 2 && !MEDICAL_SUFFIX.test(t.lower))) qualified = true;
    end = j;
  }
  if (end < 0) return -1;
  const phrase = tokens
    .slice(i, end + 1)
    .map((t) => t.lower)
    .join(' ');
  // a town of several everyday words the place list holds: "fall river", "jamaica plain"
  if (!qualified && !(end > i && nameWord && rare) && !(end > i && l.places.has(phrase))) return -1;
  // after a name's "of" only a town the place list holds ("terry lee of providence", not "the
  // ABCDE's of mole surveillance")
  if (ofName && !l.places.has(phrase) && !l.places.has(first.lower)) return -1;
  // Safe Harbor keeps states and countries
  if (STATE_NAME_SET.has(phrase) || l.countries.has(phrase)) return -1;
  // two capitals make an abbreviation ("in ADLs"), the clause rules' own business
  if (/\p{Lu}.*\p{Lu}/u.test(text.slice(tokens[i]!.start, tokens[i]!.end))) return -1;
  // "from" is such a clause by itself ("pt from cape cod"), as for findTown, and so is a name's "of"
  if (prev.lower !== 'from' && !ofName && !wasAt(tokens, i, text) && !inClause(text, prev.start)) return -1;
  out.push({ start: tokens[i]!.start, end: tokens[end]!.end, kind: 'LOCATION' });
  return end;
}

/** what an all-caps word after the clause may be and still be no hospital: a clinical
 * abbreviation ("from OSH", "to PACU", "from NH"), an English word, a state or a country */
const NOT_ACRONYM = ABBREVIATION | CLINICAL | ENGLISH | STATE | COUNTRY | SAFE;
const STATE_CODES: ReadonlySet<string> = new Set(STATE_ABBREVIATIONS);

/** "transferred from MGH", "pcp at BWH": an acronym no abbreviation list holds, after the clause */
function hospitalAcronym(text: string, t: Token, prev: Token, out: PhiSpan[]): boolean {
  const n = t.end - t.start;
  if (n < 3 || n > 6 || (t.flags & NOT_ACRONYM) !== 0) return false;
  const word = text.slice(t.start, t.end);
  if (STATE_CODES.has(word) || !/^[A-Z]+$/.test(word)) return false;
  if (prev.lower !== 'from' && !inClause(text, prev.start)) return false;
  out.push({ start: t.start, end: t.end, kind: 'FACILITY' });
  return true;
}

/** a word that may be part of a place's name: not a function, clinical or generic word */
function member(t: Token, l: WordLists): boolean {
  if ((t.flags & FUNCTION_BIT) !== 0 || GENERIC.has(t.lower) || CLINICAL_WORDS.has(t.lower)) return false;
  if (t.lower.length < 2) return false;
  // an everyday word no name or place list holds ("sleep", "bed", "chair") is where the place ends
  const f = t.flags;
  if ((f & EVERYDAY) !== 0 && (f & NAME_WORD) === 0 && !l.places.has(t.lower)) return false;
  return true;
}

/** "pt was at kindred 11/24 - 12/2": being at a place is a stay there (only "at": "was in
 * trendelenburg" is a position) */
function wasAt(tokens: Token[], i: number, text: string): boolean {
  const at = tokens[i - 1]!;
  const verb = tokens[i - 2];
  return (
    at.lower === 'at' &&
    verb !== undefined &&
    (verb.lower === 'was' || verb.lower === 'were' || verb.lower === 'been') &&
    text.slice(verb.end, at.start) === ' '
  );
}

/** a name was found ending at `end` (the last few findings: the rules push them in text order) */
function nameEndsAt(out: PhiSpan[], end: number): boolean {
  for (let k = out.length - 1; k >= 0 && k >= out.length - 3; k--)
    if (out[k]!.kind === 'NAME' && out[k]!.end === end) return true;
  return false;
}

/** a clause of living, moving or care ends right before `at` (within the sentence) */
function inClause(text: string, at: number): boolean {
  let from = Math.max(0, at - CLAUSE_CHARS);
  for (let k = at - 1; k >= from; k--) {
    const c = text[k]!;
    if (c === '\n' || c === ';' || c === '!' || c === '?') {
      from = k + 1;
      break;
    }
    if (c === '.' && (text[k + 1] === ' ' || text[k + 1] === '\n')) {
      let s = k;
      while (s > 0 && /[A-Za-z]/.test(text[s - 1]!)) s--;
      if (!DOTTED.has(text.slice(s, k).toLowerCase()) && k - s > 1) {
        from = k + 1;
        break;
      }
    }
  }
  return CLAUSE.test(text.slice(from, at));
}
