import type { PhiSpan } from './types.js';
import type { Token } from './tokens.js';
import { COMMON, NAME_WORD, PLACE_NEXT, PLACE_START, markWords, type WordLists } from './lists.js';
import { CLINICAL_WORDS, MEDICAL_SUFFIX } from './clinical.js';
import { isCommonWord } from './names.js';

/**
 * Names and places that only their context gives away: ICU nursing notes are terse and often all
 * lowercase ("pt's wife mary in to visit, updated by dr chen", "lives in quincy"), so the capital
 * letter that names.ts and places.ts lean on is missing. Cue words before (and a few after) a word
 * make it a name or a place even when it is lowercase or an everyday word ("dr young", "wife rose").
 */

/** A relative, a title or a role: the next word is a name, whatever it is, unless a function word. */
const STRONG_BEFORE = new Set([
  'wife',
  'husband',
  'spouse',
  'son',
  'sons',
  'daughter',
  'daughters',
  'dtr',
  'dau',
  'sister',
  'sis',
  'brother',
  'bro',
  'niece',
  'nephew',
  'grandson',
  'granddaughter',
  'grandaughter',
  'grandchild',
  'mother',
  'mom',
  'father',
  'dad',
  'aunt',
  'uncle',
  'cousin',
  'friend',
  'neighbor',
  'neighbour',
  'fiance',
  'fiancee',
  'girlfriend',
  'boyfriend',
  'partner',
  'hcp',
  'proxy',
  'poa',
  'guardian',
  'caregiver',
  'member',
  'sil',
  'dil',
  'stepson',
  'stepdaughter',
  'grandmother',
  'grandfather',
  'dr',
  'drs',
  'doctor',
  'mr',
  'mrs',
  'ms',
  'miss',
  'rn',
  'np',
  'pa',
  'md',
  'nurse',
  'resident',
  'attending',
  'fellow',
  'intern',
  'pcp',
  'surgeon',
  'cardiologist',
  'rt',
  'sw',
  'cm',
  'chaplain',
  'named',
  'contact',
  'agent',
]);
/** titles and roles: a surname that is an everyday word still follows them ("dr young", "np hall") */
const TITLE = new Set([
  'dr',
  'drs',
  'doctor',
  'mr',
  'mrs',
  'ms',
  'miss',
  'rn',
  'np',
  'pa',
  'md',
  'nurse',
  'resident',
  'attending',
  'fellow',
  'intern',
  'pcp',
  'surgeon',
  'cardiologist',
  'rt',
  'sw',
  'cm',
  'chaplain',
]);
/** roles that are also clinical abbreviations ("PA line", "MS changes"): an everyday word after them is a name only when capitalised */
const AMBIGUOUS_ROLE = new Set(['pa', 'ms', 'md', 'rt', 'sw', 'cm', 'np']);
/** Weaker cues: only a word of the first-name list that is no English word follows as a name. */
const WEAK_BEFORE = new Set([
  'with',
  'w',
  'by',
  'per',
  'and',
  'called',
  'call',
  'to',
  'from',
  'paged',
  'notified',
  'informed',
  'updated',
  'told',
  'asked',
  'spoke',
  'talked',
  'visit',
  'says',
  'said',
  'tell',
  'let',
]);
/** After a name: "j. ward, rn", "bill smith md", "joe (son)", "mary is her daughter". */
const AFTER_ACT =
  /^\s{1,2}(?:from\s{1,2}(?:case\s{1,2}m(?:gmt|anagement)|cm|sw|social\s{1,2}work|pt|ot|rt|pharmacy|nutrition|palliative|hospice|the\s{1,2}\w+\s{1,2}team)|at\s{1,2}(?:the\s{1,2})?bedside|in\s{1,2}to\s{1,2}visit|visited|came\s{1,2}in|is\s{1,2}(?:hcp|proxy|poa)|signed\s{1,2}consent)\b/i;
const AFTER =
  /^(?:,?\s{1,2}\(?(?:rn|np|md|pa|do|rt|lpn|cna|msw|lcsw|pcp)\b|\s{1,2}\((?:wife|husband|son|daughter|dtr|sister|brother|niece|nephew|friend|grand\w*|mother|father|hcp|proxy|cousin|aunt|uncle)\)|\s{1,2}is\s{1,2}(?:his|her|the|pt'?s)\s{1,2}(?:wife|husband|son|daughter|dtr|sister|brother|niece|nephew|friend|grand\w*|mother|father|hcp|proxy|cousin|aunt|uncle|nurse|doctor|pcp))/i;

/** Words a cue is followed by that are never a name: "wife will visit", "son in to see", "dr aware". */
const FUNCTION = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'is',
  'was',
  'are',
  'were',
  'be',
  'been',
  'has',
  'had',
  'have',
  'will',
  'would',
  'may',
  'might',
  'can',
  'could',
  'should',
  'must',
  'did',
  'does',
  'do',
  'not',
  'in',
  'at',
  'to',
  'of',
  'on',
  'for',
  'by',
  'with',
  'w',
  'from',
  'into',
  'up',
  'out',
  'here',
  'there',
  'home',
  'present',
  'aware',
  'updated',
  'called',
  'calling',
  'visited',
  'visiting',
  'visit',
  'states',
  'stated',
  'says',
  'said',
  'also',
  'who',
  'which',
  'that',
  'this',
  'he',
  'she',
  'they',
  'his',
  'her',
  'their',
  'him',
  'them',
  'it',
  'pt',
  'patient',
  'all',
  'both',
  'x2',
  'x1',
  'and',
  'office',
  'team',
  'service',
  'notified',
  'paged',
  'informed',
  'requests',
  'requested',
  'wants',
  'wanted',
  'feels',
  'felt',
  'reports',
  'reported',
  'spoke',
  'agrees',
  'agreed',
  'as',
  'if',
  'when',
  'today',
  'tonight',
  'tomorrow',
  'yesterday',
  'earlier',
  'later',
  'now',
  'again',
  'last',
  'next',
  'came',
  'come',
  'comes',
  'went',
  'left',
  'arrived',
  'brought',
  'took',
  'given',
  'gave',
  'see',
  'seen',
  'saw',
  'said',
  'asked',
  'asking',
  'concerned',
  'upset',
  'tearful',
  'supportive',
  'very',
  'questions',
  'question',
  'plan',
  'order',
  'orders',
  'note',
  're',
  'about',
  'after',
  'before',
  'mother',
  'father',
  'wife',
  'husband',
  'son',
  'daughter',
  'sister',
  'brother',
  'friend',
  'family',
  'member',
  'members',
  'nurse',
  'doctor',
  'dr',
  'md',
  'rn',
  'np',
  'resident',
  'attending',
  'team',
  'over',
  'night',
  'overnight',
  'am',
  'pm',
  'morning',
  'evening',
  'afternoon',
  'shift',
  'ok',
  'okay',
]);

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
const GENERIC = new Set([
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
]);

/** t is right before next: only spaces, a dot, a colon, a comma, an apostrophe-s or "(" between */
function isCue(t: Token | undefined, text: string, next: Token): t is Token {
  if (t === undefined || next.start - t.end > 4) return false;
  for (let k = t.end; k < next.start; k++) {
    const c = text[k]!;
    if (c !== ' ' && c !== '.' && c !== ':' && c !== ',' && c !== "'" && c !== 's' && c !== '(' && c !== '\t')
      return false;
  }
  return true;
}
const CUE_WORDS = new Set([...STRONG_BEFORE, ...WEAK_BEFORE, 'is', 'was']);
/** the words that can start a suffix in AFTER or AFTER_ACT; the regexes run only before these */
const AFTER_START = new Set([
  'rn',
  'np',
  'md',
  'pa',
  'do',
  'rt',
  'lpn',
  'cna',
  'msw',
  'lcsw',
  'pcp',
  'is',
  'from',
  'at',
  'in',
  'visited',
  'came',
  'signed',
]);
const CUE_BIT = 1 << 10;
const SUFFIX_BIT = 1 << 11;
const FACILITY_BIT = 1 << 12;
const FUNCTION_BIT = 1 << 13;
markWords(CUE_WORDS, CUE_BIT);
markWords(AFTER_START, SUFFIX_BIT);

export function findInContext(text: string, tokens: Token[], l: WordLists, out: PhiSpan[]): void {
  const n = tokens.length;
  const nameLike = (t: Token): boolean =>
    !FUNCTION.has(t.lower) &&
    (l.firstNames.has(t.lower) || l.surnames.has(t.lower) || (!isCommonWord(t.lower, l) && t.lower.length > 1));
  const isInitial = (t: Token): boolean => t.end - t.start === 1 && text[t.end] === '.';
  /** a following surname or a middle initial: "pat vuong", "h. murphy" */
  const extend = (i: number): number => {
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
  };
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
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
      if (STRONG_BEFORE.has(cue) && isInitial(t) && i + 1 < n && nameLike(tokens[i + 1]!)) {
        const j = extend(i + 1);
        out.push({ start: t.start, end: tokens[j]!.end, kind: 'NAME' });
        i = j;
        continue;
      }
      // after a relative a first name or an unknown word ("wife rose", "son ed", "dtr aoife"); after a
      // title or a role also a surname that is an everyday word ("dr young"), not "hcp form on chart"
      if (
        STRONG_BEFORE.has(cue) &&
        nameLike(t) &&
        (l.firstNames.has(t.lower) ||
          !isCommonWord(t.lower, l) ||
          (TITLE.has(cue) && l.surnames.has(t.lower) && !(AMBIGUOUS_ROLE.has(cue) && !t.cap))) &&
        // "mother MI at 60": a short clinical abbreviation in capitals, though a first-name list has it
        (!CLINICAL_WORDS.has(t.lower) || (l.firstNames.has(t.lower) && !(t.upper && t.lower.length <= 3)))
      ) {
        const j = extend(i);
        out.push({ start: t.start, end: tokens[j]!.end, kind: 'NAME' });
        i = j;
        continue;
      }
      if (WEAK_BEFORE.has(cue) && l.firstNames.has(t.lower) && !isCommonWord(t.lower, l) && !FUNCTION.has(t.lower)) {
        const j = extend(i);
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
    const prevName = after !== null && prev !== undefined && (isInitial(prev) || l.firstNames.has(prev.lower));
    if (
      after &&
      nameLike(t) &&
      !CLINICAL_WORDS.has(t.lower) &&
      (l.firstNames.has(t.lower) || !isCommonWord(t.lower, l) || prevName) &&
      !(/^\s/.test(after[0]) && titleBefore(text, t.end + after[0].length, tokens, i, nameLike))
    ) {
      let s = i;
      while (
        s > 0 &&
        i - s < 2 &&
        /^\.?[ \t]{1,2}$/.test(text.slice(tokens[s - 1]!.end, tokens[s]!.start)) &&
        (isInitial(tokens[s - 1]!) ||
          (nameLike(tokens[s - 1]!) &&
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
      let s = i;
      while (
        s > 0 &&
        i - s < 3 &&
        /^[ \t-]{1,2}$|^\. ?$/.test(text.slice(tokens[s - 1]!.end, tokens[s]!.start)) &&
        !GENERIC.has(tokens[s - 1]!.lower) &&
        !CLINICAL_WORDS.has(tokens[s - 1]!.lower) &&
        !FUNCTION.has(tokens[s - 1]!.lower)
      )
        s--;
      if (s < i) out.push({ start: tokens[s]!.start, end, kind: 'FACILITY' });
    }
  }
}

/** "page md murphy": the role word after t is the title of the next name, not t's suffix */
function titleBefore(text: string, at: number, tokens: Token[], i: number, nameLike: (t: Token) => boolean): boolean {
  for (let k = i + 1; k < tokens.length && k < i + 4; k++) {
    const tk = tokens[k]!;
    if (tk.start < at) continue;
    return /^\.?\s{1,2}$/.test(text.slice(at, tk.start)) && nameLike(tk);
  }
  return false;
}

function findTown(text: string, tokens: Token[], i: number, l: WordLists, out: PhiSpan[]): void {
  const t = tokens[i]!;
  // capitalised towns are places.ts's (and an unknown capitalised word is names.ts's)
  if (t.cap || t.upper || (t.flags & FUNCTION_BIT) !== 0) return;
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
  let strongMemo: boolean | undefined;
  const strong = (): boolean =>
    (strongMemo ??=
      before === 'from' || (cued ? STRONG_PLACE.test(text.slice(Math.max(0, prev!.start - 16), prev!.start)) : verb));
  if (maxWords === 1 && common && !strong()) return;
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
      const ok = strong()
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
    strong()
      ? t.lower.length > 2
      : cued && before !== 'to' && t.lower.length > 3 && !MEDICAL_SUFFIX.test(t.lower) && (t.flags & NAME_WORD) === 0
  ) {
    if (!/\p{Lu}.*\p{Lu}/u.test(text.slice(t.start, t.end))) out.push({ start: t.start, end: t.end, kind: 'LOCATION' });
  }
}

markWords(FACILITY_WORD, FACILITY_BIT);
markWords(FUNCTION, FUNCTION_BIT);
