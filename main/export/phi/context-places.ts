/**
 * Places that only their context gives away: a lowercase town after "lives in" or "from", and a
 * facility named by its word ("mercy hospital") unless a word before makes it generic.
 */
import type { PhiSpan } from './types.js';
import type { Token } from './tokens.js';
import { COMMON, NAME_WORD, PLACE_NEXT, PLACE_START, STATE, markWords, type WordLists } from './lists.js';
import { CLINICAL_WORDS, MEDICAL_SUFFIX } from './clinical.js';
import { isCommonWord } from './names.js';
import { FUNCTION_BIT } from './context-cues.js';

const PLACE_VERB = new Set(['lives', 'resides', 'home']);
const PLACE_BEFORE = new Set(['in', 'from', 'to', 'near', 'at', 'of']);
/** phrases that make the next word a town whatever it is: "lives in", "home to", "grew up in" */
const STRONG_PLACE =
  /(?:lives?|living|resides?|residing|reside|born|raised|grew up|moved|moving|worked|works|working|nearby|home|house|apartment|apt|transferred|transfer|xfer|xferred|admitted|sent|d\/c'?d|discharged|returned|returning|travel(?:l?ed)?|vacation(?:ing)?|visiting|family)\s{1,2}(?:in|to|from|at|near)?\s{0,2}$/i;

const FACILITY_WORD = new Set([
  'general',
  'medical',
  'med',
  'health',
  'hospital',
  'hosp',
  'rehab',
  'clinic',
  'memorial',
  'infirmary',
  'manor',
  'hospice',
  'snf',
  'nursing',
]);
/** words that make "X hospital" generic: "outside hospital", "the rehab", "cardiac rehab" */
export const GENERIC = new Set([
  // a negation never names a place: "no general malaise", "no rehab needs"
  'no',
  'not',
  'nil',
  'any',
  'without',
  'the',
  'a',
  'an',
  'this',
  'that',
  'outside',
  'other',
  'another',
  'local',
  'community',
  'rehab',
  'psych',
  'psychiatric',
  'state',
  'private',
  'same',
  'his',
  'her',
  'their',
  'our',
  'your',
  'to',
  'from',
  'at',
  'in',
  'of',
  'for',
  'by',
  'with',
  'w',
  'and',
  'or',
  'cardiac',
  'pulmonary',
  'pulm',
  'acute',
  'inpatient',
  'outpatient',
  'short',
  'long',
  'term',
  'rehabilitation',
  'nursing',
  'home',
  'hospital',
  'hosp',
  'clinic',
  'pain',
  'wound',
  'dialysis',
  'hd',
  'er',
  'ed',
  'day',
  'pt',
  'ot',
  'physical',
  'therapy',
  'snf',
  'vna',
  'going',
  'go',
  'back',
  'into',
  'out',
  'via',
  'on',
  'for',
  'after',
  'before',
  'previous',
  'prior',
  'recent',
  'last',
  'admitted',
  'admission',
  'd/c',
  'dc',
  'discharge',
  'discharged',
  'transfer',
  'transferred',
  'screen',
  'bed',
  'accepted',
  'plan',
  'needs',
  'need',
  'vs',
  'possible',
  'possibly',
  'probable',
  'eventual',
  'icu',
  'floor',
  'unit',
  'general',
  'medical',
  'skilled',
  'facility',
  'center',
  // where a patient is moved to that a surname list also holds ("transferred to gurney")
  'gurney',
]);

export const FACILITY_BIT = 1 << 12;
markWords(FACILITY_WORD, FACILITY_BIT);

export function findTown(text: string, tokens: Token[], i: number, l: WordLists, out: PhiSpan[]): void {
  const t = tokens[i]!;
  // capitalised towns are places.ts's (and an unknown capitalised word is names.ts's)
  if (t.cap || t.upper || (t.flags & FUNCTION_BIT) !== 0) return;
  // a state alone is no PHI (Safe Harbor keeps it): "moved from florida"
  if ((t.flags & STATE) !== 0) return;
  const maxWords = (t.flags & PLACE_START) !== 0 ? l.placeFirstWord.get(t.lower) : undefined;
  const prev = tokens[i - 1];
  const before = prev && t.start - prev.end <= 2 ? prev.lower : '';
  const cued = PLACE_BEFORE.has(before);
  const hyphen = t.lower.includes('-');
  if (maxWords === undefined && !cued && !PLACE_VERB.has(before) && !hyphen) return;
  const common = (t.flags & COMMON) !== 0 || (hyphen && isCommonWord(t.lower, l));
  const verb = PLACE_VERB.has(before);
  // an everyday word ("normal", "hope") is a town only where the sentence says so
  if (
    common &&
    !cued &&
    !verb &&
    (maxWords === 1 || (maxWords !== undefined && ((tokens[i + 1]?.flags ?? 0) & PLACE_NEXT) === 0))
  )
    return;
  // "lives in", "home to", "from": the next word is a town whatever it is (worked out only when needed)
  // (a variable and a plain function, not a closure: this runs for every word of every note)
  let strongMemo: boolean | undefined;
  if (maxWords === 1 && common && !(strongMemo ??= strongPlace(text, before, cued, verb, prev))) return;
  // "newton-wellesley", "melrose-wakefield": towns joined by a hyphen
  if (hyphen) {
    const parts = t.lower.split('-');
    if (parts.every((p) => l.places.has(p)) && !parts.every((p) => isCommonWord(p, l))) {
      out.push({ start: t.start, end: t.end, kind: 'LOCATION' });
      return;
    }
  }
  if (maxWords !== undefined) {
    let key = t.lower;
    let end = l.places.has(key) ? i : -1;
    for (let j = i + 1; j < tokens.length && j - i < maxWords; j++) {
      if ((tokens[j]!.flags & PLACE_NEXT) === 0) break;
      if (
        tokens[j]!.start - tokens[j - 1]!.end !== 1 ||
        (text[tokens[j - 1]!.end] !== ' ' && text[tokens[j - 1]!.end] !== '-')
      )
        break;
      key += ` ${tokens[j]!.lower}`;
      if (l.places.has(key)) end = j;
    }
    if (end >= 0) {
      let plain = true;
      for (let k = i; k <= end && plain; k++)
        plain = (tokens[k]!.flags & COMMON) !== 0 || isCommonWord(tokens[k]!.lower, l);
      const ok = (strongMemo ??= strongPlace(text, before, cued, verb, prev))
        ? !CLINICAL_WORDS.has(t.lower)
        : !plain &&
          (end > i ||
            (t.lower.length > 3 && !l.firstNames.has(t.lower) && cued) ||
            (t.lower.length > 4 && !l.surnames.has(t.lower) && !l.firstNames.has(t.lower)));
      if (ok) {
        out.push({ start: t.start, end: tokens[end]!.end, kind: 'LOCATION' });
        return;
      }
    }
  }
  if (common || (!cued && !PLACE_VERB.has(before))) return;
  // an unknown word after "in", "at", "from": "in southie"; "in ADLs", "in CCU" are abbreviations
  if (
    (strongMemo ??= strongPlace(text, before, cued, verb, prev))
      ? t.lower.length > 2
      : cued && before !== 'to' && t.lower.length > 3 && !MEDICAL_SUFFIX.test(t.lower) && (t.flags & NAME_WORD) === 0
  ) {
    if (!/\p{Lu}.*\p{Lu}/u.test(text.slice(t.start, t.end))) out.push({ start: t.start, end: t.end, kind: 'LOCATION' });
  }
}

function strongPlace(text: string, before: string, cued: boolean, verb: boolean, prev: Token | undefined): boolean {
  return before === 'from' || (cued ? STRONG_PLACE.test(text.slice(Math.max(0, prev!.start - 16), prev!.start)) : verb);
}
