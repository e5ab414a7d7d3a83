import type { PhiSpan } from './types.js';
import type { Token } from './tokens.js';
import { COMMON, NAME_WORD, type WordLists } from './lists.js';
import { CONTEXT_BIT, STRONG_CONTEXT, TITLE_BIT } from './name-cues.js';
import { CLINICAL_WORDS, MEDICAL_SUFFIX } from './clinical.js';
import { MONTH_NAMES as MONTH_NAMES_EN } from '../../../shared/dates.js';
import { familyHistory, inRanges, medicationLists, type Ranges } from './sections.js';
import { STRONG_BEFORE } from './context-cues.js';

/** isCommonWord for a token, from its flags */
function commonToken(t: Token, l: WordLists): boolean {
  return (t.flags & COMMON) !== 0 || (t.lower.includes('-') && isCommonWord(t.lower, l));
}

const MONTH_NAMES = new Set(MONTH_NAMES_EN.map((m) => m.toLowerCase()));
/** "Dec app" (decreased appetite): a month's short form on its own is no name, unless a first name ("Jan"); the date rules take it with its day */
const MONTH_SHORT = new Set([...MONTH_NAMES].map((m) => m.slice(0, 3)).concat('sept'));
/** words that a title never names: a note that wrote "Dr." and moved on */
const AFTER_TITLE_NOT_NAME = new Set([
  'to',
  'the',
  'and',
  'or',
  'of',
  'in',
  'on',
  'at',
  'for',
  'if',
  'will',
  'has',
  'is',
  'was',
  'a',
  'an',
]);
/** typed in lowercase these are days, not people: "d/c on monday" */
const DAY_NAMES = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

/** at most 3 characters between two words, none of them ending a clause */
function sameClause(text: string, from: number, to: number): boolean {
  if (to - from > 3) return false;
  for (let k = from; k < to; k++) {
    const c = text[k];
    if (c === '.' || c === '!' || c === ';' || c === '\n') return false;
  }
  return true;
}

/** Not the first word of a sentence, a line, a heading or a list item. */
function midSentence(text: string, t: Token): boolean {
  let k = t.start - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t' || text[k] === '"' || text[k] === '(')) k--;
  return k >= 0 && !/[.!?:;\n\r>*•-]/.test(text[k]!);
}

export function isCommonWord(lower: string, l: WordLists): boolean {
  const f = l.flags.get(lower);
  if (f !== undefined && (f & COMMON) !== 0) return true;
  return lower.includes('-') && lower.split('-').every((p) => p.length === 0 || isCommonWord(p, l));
}

function isNameWord(lower: string, l: WordLists): boolean {
  return ((l.flags.get(lower) ?? 0) & NAME_WORD) !== 0;
}

/** A word that is capitalised in the text and is not an everyday or clinical word. */
function properish(t: Token, l: WordLists): boolean {
  if (!(t.cap || (t.upper && t.lower.length >= 3))) return false;
  return !isCommonWord(t.lower, l);
}

/** Capitalised, or a single capital letter (an initial) */
function initial(text: string, t: Token): boolean {
  return t.end - t.start === 1 && /\p{Lu}/u.test(text[t.start]!);
}

/** Words inside one name are separated by spaces, an initial's dot or one line break. */
function joins(text: string, a: Token, b: Token): boolean {
  const g = text.slice(a.end, b.start);
  return g.length <= 3 && /^\.?[ \t]{1,2}$|^\n$|^ ?\. ?$/.test(g);
}

interface Scan {
  text: string;
  tokens: Token[];
  l: WordLists;
  /** the family-history parts and the medication lists of the text (sections.ts) */
  fhx: Ranges;
  meds: Ranges;
  /** extend a name over following name-like words, so "Sari J. Paavolainen" is one span */
  extend(i: number, max: number): number;
  push(i: number, j: number): void;
}

/** One token as the rules see it. */
interface At {
  i: number;
  t: Token;
  prev: Token | undefined;
  /** the word before, when it is in the same clause: a cue in the sentence before is no cue */
  prevLower: string;
  name: boolean;
  common: boolean;
}

/** A rule returns the last token it took (the scan goes on after it), or undefined when it does not apply. */
type NameRule = (s: Scan, a: At) => number | undefined;

/** Title: whatever capitalised words follow "Dr." are the name, even ordinary words. */
const byTitle: NameRule = ({ text, tokens, l, push }, { i, t }) => {
  const n = tokens.length;
  if ((t.flags & TITLE_BIT) === 0 || i + 1 >= n) return undefined;
  const nx = tokens[i + 1]!;
  const g = text.slice(t.end, nx.start);
  // not "mod mr. Plan:" (mitral regurgitation) nor "Mr. Family member": a clinical or everyday word that no list has as a name
  const plainWord =
    CLINICAL_WORDS.has(nx.lower) ||
    // "booked with Dr. To get in touch": a sentence went on without the name
    AFTER_TITLE_NOT_NAME.has(nx.lower) ||
    (isCommonWord(nx.lower, l) && !isNameWord(nx.lower, l)) ||
    // "mod mr. Plan": a lowercase "mr." then an everyday word is mitral regurgitation ending a sentence
    ((t.lower === 'mr' || t.lower === 'ms') && text[t.start] === 'm' && isCommonWord(nx.lower, l));
  if (!/^\.?\s{1,2}$/.test(g) || plainWord || !(nx.cap || nx.upper || initial(text, nx) || !isCommonWord(nx.lower, l)))
    return undefined;
  let j = i + 1;
  while (
    j + 1 < n &&
    j - i < 3 &&
    joins(text, tokens[j]!, tokens[j + 1]!) &&
    (tokens[j + 1]!.cap || initial(text, tokens[j + 1]!))
  )
    j++;
  push(i + 1, j);
  return j;
};

/** In a family history a word after "mother" is her condition ("Lung Ca", "Excema"), unless a first name: skipped. */
const familyCondition: NameRule = ({ fhx, l }, { i, t, common }) =>
  fhx.length > 0 && inRanges(fhx, t.start) && !(l.firstNames.has(t.lower) && !common) ? i : undefined;

/** what follows a drug's name: a dose, a route, how often, its form ("Rennies PRN", "Clenil 100mcg") */
const DOSE_AFTER =
  /^[ \t]{1,2}(?:\d+(?:\.\d+)?[ \t]?(?:mg|mcg|µg|ug|g|ml|units?|iu|mmol|micrograms?|%)(?![a-z])|(?:prn|od|bd|bid|tds|tid|qds|qid|qd|qhs|nocte|mane|gtt|drip|infusion|inhalers?|puffs?|tablets?|tabs?|capsules?|caps|cream|ointment|gel|drops|spray|patch|iv|po|sc|sq|im|otc)\b)/i;

/**
 * A capitalised word that no name list holds, in a medication list or before a dose, is a drug's
 * brand ("DH: Rennies PRN", "Medications Ventolin - Clenil"), unless a relative or a title is before it.
 */
const medication: NameRule = ({ text, meds }, { i, t, prevLower, name }) =>
  !name &&
  (t.cap || t.upper) &&
  !STRONG_BEFORE.has(prevLower) &&
  ((meds.length > 0 && inRanges(meds, t.start)) || DOSE_AFTER.test(text.slice(t.end, t.end + 24)))
    ? i
    : undefined;

/** A short lowercase word is a name only after "named", "hi", ... (and 3 letters at least): skipped. */
const shortLowercase: NameRule = (_s, { i, t, prevLower }) =>
  !(t.cap || t.upper) && (t.lower.length < 3 || (t.lower.length === 3 && !STRONG_CONTEXT.has(prevLower)))
    ? i
    : undefined;

/** Context: "wife Hope", "spoke with Will", "my name is andrea". */
const byContext: NameRule = ({ extend, push }, { i, t, prev, prevLower, name, common }) => {
  const cued =
    (prevLower !== '' &&
      (prev!.flags & CONTEXT_BIT) !== 0 &&
      (t.cap || t.upper) &&
      (name || !common) &&
      !CLINICAL_WORDS.has(t.lower) &&
      (t.flags & TITLE_BIT) === 0) ||
    (STRONG_CONTEXT.has(prevLower) && !common && t.lower.length > 2);
  if (!cued) return undefined;
  const j = extend(i, 3);
  push(i, j);
  return j;
};

/** Lowercase: only a first name or surname that is no English word at all (else skipped). */
const lowercase: NameRule = ({ text, tokens, l, push }, { i, t, name, common }) => {
  if (t.cap || t.upper) return undefined;
  if (!name || common || t.lower.length <= 3 || MEDICAL_SUFFIX.test(t.lower) || DAY_NAMES.has(t.lower)) return i;
  let j = i;
  if (
    i + 1 < tokens.length &&
    joins(text, t, tokens[i + 1]!) &&
    isNameWord(tokens[i + 1]!.lower, l) &&
    !isCommonWord(tokens[i + 1]!.lower, l)
  )
    j++;
  push(i, j);
  return j;
};

/**
 * First name + another name-like word: "Mary Johnson", "Mark Hope Lane" stays (all common).
 * (not a relative's word: "Son Jose" is the son and his name)
 */
const firstAndName: NameRule = ({ text, tokens, l, extend, push }, { i, t, common }) => {
  const n = tokens.length;
  if (!l.firstNames.has(t.lower) || (t.flags & CONTEXT_BIT) !== 0 || i + 1 >= n || !joins(text, t, tokens[i + 1]!))
    return undefined;
  const nx = tokens[i + 1]!;
  const nxOk =
    (nx.cap || nx.upper) &&
    (properish(nx, l) || (l.surnames.has(nx.lower) && !CLINICAL_WORDS.has(nx.lower) && !common));
  const viaInitial =
    initial(text, nx) &&
    i + 2 < n &&
    (tokens[i + 2]!.cap || tokens[i + 2]!.upper) &&
    isNameWord(tokens[i + 2]!.lower, l);
  if (!nxOk && !viaInitial) return undefined;
  const j = Math.max(extend(i, 3), i + 1);
  push(i, j);
  return j;
};

/** "Johnson, Mary" */
const surnameCommaFirst: NameRule = ({ text, tokens, l, extend, push }, { i, t, common }) => {
  if (!l.surnames.has(t.lower) || i + 1 >= tokens.length) return undefined;
  const nx = tokens[i + 1]!;
  if (
    !/^, ?$/.test(text.slice(t.end, nx.start)) ||
    !nx.cap ||
    !l.firstNames.has(nx.lower) ||
    (common && isCommonWord(nx.lower, l))
  )
    return undefined;
  const j = extend(i + 1, 2);
  push(i, j);
  return j;
};

/**
 * A first name that is also a word ("Frank", "Heather", "Grant"), capitalised mid-sentence:
 * the capital is the only hint, and it is a strong one away from a sentence's start.
 */
const capitalisedWordName: NameRule = ({ text, l, push }, { i, t, common }) => {
  if (
    !t.cap ||
    !common ||
    !l.firstNames.has(t.lower) ||
    CLINICAL_WORDS.has(t.lower) ||
    MONTH_NAMES.has(t.lower) ||
    !midSentence(text, t)
  )
    return undefined;
  push(i, i);
  return i;
};

/** A name-list word or an unknown capitalised word on its own: redact when in doubt. */
const unknownCapitalised: NameRule = ({ text, l, extend, push }, { i, t, name, common }) => {
  if (common || t.lower.length <= 2 || !(name || !MEDICAL_SUFFIX.test(t.lower)) || !(t.cap || t.lower.length >= 5))
    return undefined;
  // a measurement at the start of a sentence: "Cvp 12", "Mag 1.6"
  if (!midSentence(text, t) && /^\s{0,2}-?\d{1,3}(?:\.\d+)?(?![\d-])/.test(text.slice(t.end, t.end + 10))) return i;
  // glued to a digit it is a code or a unit: "SvO2", "Spo2"
  if (!name && /\d/.test(text[t.end] ?? '')) return i;
  if (l.places.has(t.lower) && !name) return i; // places.ts claims it
  if (MONTH_SHORT.has(t.lower) && !l.firstNames.has(t.lower)) return i;
  const j = extend(i, 3);
  push(i, j);
  return j;
};

/** In this order: the first rule that applies to a token decides it. */
const NAME_RULES: NameRule[] = [
  byTitle,
  familyCondition,
  medication,
  shortLowercase,
  byContext,
  lowercase,
  firstAndName,
  surnameCommaFirst,
  capitalisedWordName,
  unknownCapitalised,
];

/** `why`, when given, gets the name of the rule behind each span pushed (bench/phi-why.ts) */
export function findNames(text: string, tokens: Token[], l: WordLists, out: PhiSpan[], why?: string[]): void {
  const n = tokens.length;
  let rule: NameRule = byTitle;
  const scan: Scan = {
    text,
    tokens,
    l,
    fhx: familyHistory(text),
    meds: medicationLists(text),
    extend(i, max) {
      let j = i;
      while (j + 1 < n && j - i < max && joins(text, tokens[j]!, tokens[j + 1]!)) {
        const nx = tokens[j + 1]!;
        if (
          properish(nx, l) ||
          initial(text, nx) ||
          (nx.cap && isNameWord(nx.lower, l) && !CLINICAL_WORDS.has(nx.lower))
        )
          j++;
        else break;
      }
      return j;
    },
    push(i, j) {
      out.push({ start: tokens[i]!.start, end: tokens[j]!.end, kind: 'NAME' });
      why?.push(rule.name);
    },
  };
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const prev = i > 0 ? tokens[i - 1] : undefined;
    const at: At = {
      i,
      t,
      prev,
      prevLower: prev && sameClause(text, prev.end, t.start) ? prev.lower : '',
      name: (t.flags & NAME_WORD) !== 0,
      common: commonToken(t, l),
    };
    for (rule of NAME_RULES) {
      const last = rule(scan, at);
      if (last !== undefined) {
        i = last;
        break;
      }
    }
  }
}
