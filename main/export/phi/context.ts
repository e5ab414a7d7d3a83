import type { PhiSpan } from './types.js';
import type { Token } from './tokens.js';
import { ENGLISH, markWords, type WordLists } from './lists.js';
import { CLINICAL_WORDS } from './clinical.js';
import { isCommonWord } from './names.js';
import {
  AFTER,
  AFTER_ACT,
  AMBIGUOUS_ROLE,
  CUE_BIT,
  FUNCTION,
  STRONG_BEFORE,
  SUFFIX_BIT,
  TITLE,
  WEAK_BEFORE,
} from './context-cues.js';
import { FACILITY_BIT, GENERIC, findTown } from './context-places.js';
import { familyHistory, inRanges } from './sections.js';
import { findCuedPlace } from './cued-places.js';

/**
 * Names and places that only their context gives away: ICU nursing notes are terse and often all
 * lowercase ("pt's wife mary in to visit, updated by dr chen", "lives in quincy"), so the capital
 * letter that names.ts and places.ts lean on is missing. Cue words before (and a few after) a word
 * make it a name or a place even when it is lowercase or an everyday word ("dr young", "wife rose").
 */

/** t is right before next: only spaces, a dot, a colon, a comma, an apostrophe-s or "(" between.
 * A dot only after a title or an abbreviation ("dr.", "dtr."): after a word ("partner. Nil PV
 * discharge") it ends the sentence. */
function isCue(t: Token | undefined, text: string, next: Token): t is Token {
  if (t === undefined || next.start - t.end > 4) return false;
  for (let k = t.end; k < next.start; k++) {
    const c = text[k]!;
    if (c === '.') {
      if (!TITLE.has(t.lower) && (t.flags & ENGLISH) !== 0) return false;
      continue;
    }
    if (c !== ' ' && c !== ':' && c !== ',' && c !== "'" && c !== 's' && c !== '(' && c !== '\t') return false;
  }
  return true;
}

export function findInContext(text: string, tokens: Token[], l: WordLists, out: PhiSpan[]): void {
  const n = tokens.length;
  const fhx = familyHistory(text);
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    // a family history names conditions after a relative (sections.ts)
    if (fhx.length > 0 && inRanges(fhx, t.start) && !(l.firstNames.has(t.lower) && !isCommonWord(t.lower, l))) continue;
    let cue = prev !== undefined && (prev.flags & CUE_BIT) !== 0 && isCue(prev, text, t) ? prev.lower : '';
    // "mod mr.\nEcho", "mod mr. Plan:": MR is also mitral regurgitation, and a sentence may end there
    if (cue !== '' && /\n/.test(text.slice(prev!.end, t.start))) cue = '';
    if ((cue === 'mr' || cue === 'ms') && text[prev!.end] === '.' && t.cap && isCommonWord(t.lower, l)) cue = '';
    // "hcp is mary", "agent is terry lee"
    if (
      (cue === 'is' || cue === 'was') &&
      i > 1 &&
      STRONG_BEFORE.has(tokens[i - 2]!.lower) &&
      isCue(tokens[i - 2], text, prev!) &&
      STRONG_BEFORE.has(tokens[i - 2]!.lower)
    )
      cue = tokens[i - 2]!.lower;
    if (cue !== '') {
      // "dr. h. murphy": the initial after a title belongs to the name
      if (STRONG_BEFORE.has(cue) && isInitial(text, t) && i + 1 < n && nameLike(l, tokens[i + 1]!)) {
        const j = extend(text, tokens, l, i + 1);
        out.push({ start: t.start, end: tokens[j]!.end, kind: 'NAME' });
        i = j;
        continue;
      }
      // after a relative a first name or an unknown word ("wife rose", "son ed", "dtr aoife"); after a
      // title or a role also a surname that is an everyday word ("dr young"), not "hcp form on chart"
      if (
        STRONG_BEFORE.has(cue) &&
        nameLike(l, t) &&
        (l.firstNames.has(t.lower) ||
          !isCommonWord(t.lower, l) ||
          (TITLE.has(cue) && l.surnames.has(t.lower) && !(AMBIGUOUS_ROLE.has(cue) && !t.cap))) &&
        // "mother MI at 60": a short clinical abbreviation in capitals, though a first-name list has it
        (!CLINICAL_WORDS.has(t.lower) || (l.firstNames.has(t.lower) && !(t.upper && t.lower.length <= 3)))
      ) {
        const j = extend(text, tokens, l, i);
        out.push({ start: t.start, end: tokens[j]!.end, kind: 'NAME' });
        i = j;
        continue;
      }
      if (WEAK_BEFORE.has(cue) && l.firstNames.has(t.lower) && !isCommonWord(t.lower, l) && !FUNCTION.has(t.lower)) {
        const j = extend(text, tokens, l, i);
        out.push({ start: t.start, end: tokens[j]!.end, kind: 'NAME' });
        i = j;
        continue;
      }
    }
    // a name announced by what follows it: "j. ward, rn", "joe (son)"
    const nx0 = tokens[i + 1];
    const suffixNext =
      nx0 !== undefined && nx0.start - t.end <= 4 && ((nx0.flags & SUFFIX_BIT) !== 0 || text[nx0.start - 1] === '(');
    const after = suffixNext ? AFTER.exec(text.slice(t.end, t.end + 40)) : null;
    const prevName = after !== null && prev !== undefined && (isInitial(text, prev) || l.firstNames.has(prev.lower));
    if (
      after &&
      nameLike(l, t) &&
      !CLINICAL_WORDS.has(t.lower) &&
      (l.firstNames.has(t.lower) || !isCommonWord(t.lower, l) || prevName) &&
      // "page md murphy": the role is the next name's title ("is a 62-year-old male" is no role)
      !(/^\s/.test(after[0]) && !/\d/.test(after[0]) && titleBefore(text, t.end + after[0].length, tokens, i, l))
    ) {
      let s = i;
      while (
        s > 0 &&
        i - s < 2 &&
        /^\.?[ \t]{1,2}$/.test(text.slice(tokens[s - 1]!.end, tokens[s]!.start)) &&
        (isInitial(text, tokens[s - 1]!) ||
          // a word before a dot ends the sentence before: "80-year-old man. Grace Hall was a 91 yo"
          (text[tokens[s - 1]!.end] !== '.' &&
            nameLike(l, tokens[s - 1]!) &&
            !CLINICAL_WORDS.has(tokens[s - 1]!.lower) &&
            !STRONG_BEFORE.has(tokens[s - 1]!.lower)))
      )
        s--;
      out.push({ start: tokens[s]!.start, end: t.end, kind: 'NAME' });
      continue;
    }
    // "with aoife at bedside", "terry in to visit"
    if (
      suffixNext &&
      AFTER_ACT.test(text.slice(t.end, t.end + 30)) &&
      !FUNCTION.has(t.lower) &&
      !STRONG_BEFORE.has(t.lower) &&
      !CLINICAL_WORDS.has(t.lower) &&
      (l.firstNames.has(t.lower) || !isCommonWord(t.lower, l))
    ) {
      out.push({ start: t.start, end: t.end, kind: 'NAME' });
      continue;
    }
    // "Grace says the pain is better", "Pearl Baker attended with her daughter": a name-list word
    // before what only a person does; a surname that is an everyday word only after a first name
    if (nx0 !== undefined && (nx0.flags & REPORT_BIT) !== 0 && nx0.start - t.end === 1 && text[t.end] === ' ') {
      const j = reporter(text, tokens, i, l);
      if (j >= 0) {
        out.push({ start: tokens[j]!.start, end: t.end, kind: 'NAME' });
        continue;
      }
    }
    // "st. mary's", "st elizabeths": a saint's name is a hospital here (ST segments are not)
    if ((t.lower === 'st' || t.lower === 'saint') && i + 1 < n) {
      const nx = tokens[i + 1]!;
      const base = nx.lower.endsWith('s') ? nx.lower.slice(0, -1) : nx.lower;
      if (
        /^\.?\s{1,2}$/.test(text.slice(t.end, nx.start)) &&
        (l.firstNames.has(nx.lower) || l.firstNames.has(base)) &&
        !FUNCTION.has(nx.lower)
      ) {
        out.push({ start: t.start, end: nx.end, kind: 'FACILITY' });
        i++;
        continue;
      }
    }
    // "tx to kindred", "pcp ... at beth israel": a place the clause gives away, whatever its words
    const placeEnd = findCuedPlace(text, tokens, i, l, out);
    if (placeEnd >= i) {
      i = placeEnd;
      continue;
    }
    // towns: a place-list word that is no English word anywhere; any place or unknown word after "lives in"
    findTown(text, tokens, i, l, out);
    // facilities: "marina bay nursing home", "cape cod hosp", "st. elsewhere hosp"
    // (capitalised ones are the FACILITY regex's: "Mercy Clinic", not "then Mercy Clinic")
    if ((t.flags & FACILITY_BIT) !== 0 && i > 0 && !t.cap) {
      let end = t.end;
      if (
        t.lower === 'general' &&
        /^\s{1,2}(?:anesthesia|appearance|surgery|surgical|medicine|condition|weakness|malaise|health|ward|care|floor|diet|debility|fatigue|edema)/i.test(
          text.slice(t.end, t.end + 16),
        )
      )
        continue;
      if (t.lower === 'medical' || t.lower === 'med' || t.lower === 'health') {
        const nx = tokens[i + 1];
        if (!nx || !/^(?:center|centre|ctr|system)$/.test(nx.lower) || nx.start - t.end > 2) continue;
        end = nx.end;
      }
      if (t.lower === 'nursing') {
        const nx = tokens[i + 1];
        if (!nx || (nx.lower !== 'home' && nx.lower !== 'facility') || nx.start - t.end > 2) continue;
        end = nx.end;
      }
      // a function word belongs to the name only with a word of the name before it: "holy family
      // hospital", not "wife called hospital"
      let s = i;
      let named = i;
      while (
        s > 0 &&
        i - s < 3 &&
        facilityGap(text, tokens[s - 1]!, tokens[s]!) &&
        !GENERIC.has(tokens[s - 1]!.lower) &&
        !CLINICAL_WORDS.has(tokens[s - 1]!.lower)
      ) {
        s--;
        if (!FUNCTION.has(tokens[s]!.lower)) named = s;
      }
      if (named < i) out.push({ start: tokens[named]!.start, end, kind: 'FACILITY' });
    }
  }
}

/** what a person does, after a name of the note's subject or a relative */
const REPORT = [
  'says',
  'said',
  'reports',
  'reported',
  'states',
  'stated',
  'attended',
  'attends',
  'denies',
  'complains',
];
const REPORT_BIT = 1 << 15;
markWords(REPORT, REPORT_BIT);

/** where the name before a reporting verb starts (tokens[i] its last word), or -1 */
function reporter(text: string, tokens: Token[], i: number, l: WordLists): number {
  const t = tokens[i]!;
  if (FUNCTION.has(t.lower) || STRONG_BEFORE.has(t.lower) || CLINICAL_WORDS.has(t.lower)) return -1;
  const prev = tokens[i - 1];
  const pair =
    prev !== undefined &&
    text.slice(prev.end, t.start) === ' ' &&
    (prev.cap || !t.cap) &&
    l.firstNames.has(prev.lower) &&
    !FUNCTION.has(prev.lower) &&
    !STRONG_BEFORE.has(prev.lower) &&
    (l.surnames.has(t.lower) || l.firstNames.has(t.lower) || !isCommonWord(t.lower, l));
  if (pair) return i - 1;
  if (!t.cap) return -1;
  return l.firstNames.has(t.lower) || !isCommonWord(t.lower, l) ? i : -1;
}

/** spaces or a hyphen between two words of a facility's name, or the dot of a short form ("st.
 * elsewhere hosp"); a dot after a longer word ends the sentence ("? what. Had hospital admissions") */
function facilityGap(text: string, a: Token, b: Token): boolean {
  const g = text.slice(a.end, b.start);
  return /^[ \t-]{1,2}$/.test(g) || (/^\. ?$/.test(g) && a.end - a.start <= 3);
}

/** "page md murphy": the role word after t is the title of the next name, not t's suffix */
function titleBefore(text: string, at: number, tokens: Token[], i: number, l: WordLists): boolean {
  for (let k = i + 1; k < tokens.length && k < i + 4; k++) {
    const tk = tokens[k]!;
    if (tk.start < at) continue;
    return /^\.?\s{1,2}$/.test(text.slice(at, tk.start)) && nameLike(l, tk);
  }
  return false;
}

// (module functions, not closures made per note: tsx, which runs the CLI, names every closure it makes)
function nameLike(l: WordLists, t: Token): boolean {
  return (
    !FUNCTION.has(t.lower) &&
    (l.firstNames.has(t.lower) || l.surnames.has(t.lower) || (!isCommonWord(t.lower, l) && t.lower.length > 1))
  );
}

function isInitial(text: string, t: Token): boolean {
  return t.end - t.start === 1 && text[t.end] === '.';
}

/** a following surname or a middle initial: "pat vuong", "h. murphy" */
function extend(text: string, tokens: Token[], l: WordLists, i: number): number {
  const n = tokens.length;
  let j = i;
  while (j + 1 < n && j - i < 2) {
    const nx = tokens[j + 1]!;
    const g = text.slice(tokens[j]!.end, nx.start);
    if (!/^\.?[ \t]{1,2}$/.test(g)) break;
    if (
      !FUNCTION.has(nx.lower) &&
      !CLINICAL_WORDS.has(nx.lower) &&
      (l.surnames.has(nx.lower) || (!isCommonWord(nx.lower, l) && nx.lower.length > 1))
    )
      j++;
    else break;
  }
  return j;
}
