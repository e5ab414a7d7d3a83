import type { PhiSpan } from './types.js';
import type { Token } from './tokens.js';
import { ABBREVIATION, CLINICAL, PLACE_START, type WordLists } from './lists.js';
import { isCommonWord } from './names.js';
import { STATE_ABBREVIATIONS, STATE_NAME_SET } from './geo.js';

/** Lowercase words allowed inside a place name: "Stratford upon Avon", "Reguengos de Monsaraz". */
const CONNECTORS = new Set([
  'de',
  'del',
  'la',
  'le',
  'les',
  'du',
  'des',
  'di',
  'da',
  'do',
  'dos',
  'das',
  'of',
  'on',
  'upon',
  'sur',
  'am',
  'an',
  'im',
  'in',
  'y',
  'en',
  'the',
  'van',
  'von',
  'der',
  'den',
  'aan',
  'el',
]);
/** After these, an ordinary word that is also a town ("Mobile", "Normal", "Hope") is the town. */
const PLACE_CONTEXT = new Set([
  'in',
  'at',
  'from',
  'to',
  'near',
  'lives',
  'resides',
  'born',
  'moved',
  'visiting',
  'outside',
  'city',
  'town',
  'of',
]);
const STATE_ABBR = new Set(STATE_ABBREVIATIONS);

function isStateAt(text: string, tokens: Token[], k: number): boolean {
  const t = tokens[k];
  if (!t) return false;
  const w = text.slice(t.start, t.end);
  if (w.length === 2 && STATE_ABBR.has(w)) return true;
  if (STATE_NAME_SET.has(t.lower)) return true;
  const t2 = tokens[k + 1];
  return t2 !== undefined && STATE_NAME_SET.has(`${t.lower} ${t2.lower}`);
}

/** "", " ", ",", ", " between two words */
function commaSpace(text: string, from: number, to: number): boolean {
  const g = to - from;
  if (g === 0) return true;
  if (g === 1) return text[from] === ' ' || text[from] === ',';
  return g === 2 && text[from] === ',' && text[from + 1] === ' ';
}

export function findPlaces(text: string, tokens: Token[], l: WordLists, out: PhiSpan[]): void {
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (!(t.cap || t.upper)) continue;
    const maxWords = (t.flags & PLACE_START) !== 0 ? l.placeFirstWord.get(t.lower) : undefined;
    let matchEnd = -1;
    if (maxWords !== undefined) {
      let key = t.lower;
      if (l.places.has(key)) matchEnd = i;
      for (let j = i + 1; j < n && j - i < maxWords; j++) {
        const nx = tokens[j]!;
        const g = text.slice(tokens[j - 1]!.end, nx.start);
        if (!/^[ -]$/.test(g)) break;
        if (!(nx.cap || nx.upper || CONNECTORS.has(nx.lower))) break;
        key += ` ${nx.lower}`;
        if (l.places.has(key)) matchEnd = j;
      }
    }
    // City right before a state: "Normal, IL", "Bronx, NY 10467" — a town whatever its name.
    let beforeState = false;
    {
      let j = i;
      while (
        j + 1 < n &&
        j - i < 3 &&
        tokens[j + 1]!.start - tokens[j]!.end === 1 &&
        text[tokens[j]!.end] === ' ' &&
        tokens[j + 1]!.cap
      )
        j++;
      // without a comma, everyday words before a two-letter code are no town: "Insurance ID 123"
      const comma = text[tokens[j]!.end] === ',';
      if (
        j + 1 < n &&
        commaSpace(text, tokens[j]!.end, tokens[j + 1]!.start) &&
        isStateAt(text, tokens, j + 1) &&
        !STATE_NAME_SET.has(t.lower) &&
        (comma || tokens.slice(i, j + 1).some((x) => !isCommonWord(x.lower, l)))
      ) {
        beforeState = true;
        if (matchEnd < j) matchEnd = j;
      }
    }
    if (matchEnd < 0) continue;
    // a clinical abbreviation in capitals is no town of that name: "from OSH", "no ITU", "POP"
    if (matchEnd === i && !beforeState && t.upper && (t.flags & (ABBREVIATION | CLINICAL)) !== 0) continue;
    const phrase = tokens
      .slice(i, matchEnd + 1)
      .map((x) => x.lower)
      .join(' ');
    if (l.countries.has(phrase) || STATE_NAME_SET.has(phrase)) {
      // the country itself stays; a postcode after it does not
      const m = /^[ \t]{1,3}(\d{3,5}(?:[ -]\d{2,3})?)\b/.exec(
        text.slice(tokens[matchEnd]!.end, tokens[matchEnd]!.end + 16),
      );
      if (m) {
        const start = tokens[matchEnd]!.end + m[0].length - m[1]!.length;
        out.push({ start, end: start + m[1]!.length, kind: 'ZIP' });
      }
      i = matchEnd;
      continue;
    }
    // A lone word that is an everyday word or a person's name ("Mobile", "Jackson") is a town
    // only where the sentence says so.
    if (
      !beforeState &&
      matchEnd === i &&
      (isCommonWord(t.lower, l) || l.firstNames.has(t.lower) || l.surnames.has(t.lower))
    ) {
      const prev = tokens[i - 1];
      if (!prev || !PLACE_CONTEXT.has(prev.lower) || text.slice(prev.end, t.start) !== ' ') continue;
    }
    out.push({ start: t.start, end: tokens[matchEnd]!.end, kind: 'LOCATION' });
    i = matchEnd;
  }
}
