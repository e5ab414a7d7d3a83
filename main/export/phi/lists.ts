import { readFileSync } from 'node:fs';
import { CLINICAL_WORDS } from './clinical.js';
import { STATE_NAME_SET } from './geo.js';
import { WordFlags } from './word-flags.js';

/** bits of `WordLists.flags`: which lists hold a word, found with one lookup per token */
export const FIRST = 1;
export const SURNAME = 2;
export const ENGLISH = 4;
export const CLINICAL = 8;
export const COUNTRY = 16;
export const STATE = 32;
/** a town's name starts with this word */
export const PLACE_START = 64;
/** a later word of a town's name of several words ("river" of "fall river") */
export const PLACE_NEXT = 128;
/** Philter's safe clinical vocabulary (data/safe-words.txt): drug brands, shorthand, eponyms */
export const SAFE = 1 << 24;
/** the most common English words (data/everyday.txt): "floor", "work", "church" */
export const EVERYDAY = 1 << 23;
/** a word explained as a slip one letter from a dictionary word ("southie"): SAFE in prose, but
 * after "lives in" still a place (set with SAFE by safe.ts) */
export const SLIP = 1 << 25;
/** a clinical abbreviation of Wikipedia's lists (data/abbreviations.txt): "OSH", "ITU", "PACU" */
export const ABBREVIATION = 1 << 22;
/** a town of one word (the places set answers from this bit for a word without a space) */
export const PLACE_WORD = 1 << 26;
export const COMMON = ENGLISH | CLINICAL | COUNTRY | STATE | SAFE;
export const NAME_WORD = FIRST | SURNAME;
/** bits from 256 up are for the rule modules' own word sets, registered with markWords */
const extra: [Iterable<string>, number][] = [];

/** Lets a rule module tag its cue words, so a token's one lookup also answers "is it a cue?". */
export function markWords(words: Iterable<string>, bit: number): void {
  extra.push([words, bit]);
  if (cached) for (const w of words) cached.flags.set(w, (cached.flags.get(w) ?? 0) | bit);
}

/**
 * The word lists shipped in ./data (see data/SOURCE.md). Loaded once, on first use, so importing
 * the scanner costs nothing for code paths that never scan.
 */
export interface WordLists {
  firstNames: Set<string>;
  surnames: Set<string>;
  places: Set<string>;
  /** how many words the longest place starting with this word has, to bound the look-ahead */
  placeFirstWord: Map<string, number>;
  countries: Set<string>;
  english: Set<string>;
  /** every listed word with the bits above (change it only with `set`, which keeps its words table true) */
  flags: WordFlags;
}

let cached: WordLists | undefined;

function read(name: string): string[] {
  const text = readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8');
  return text.split('\n').filter((l) => l.length > 0);
}

/**
 * A word list that answers `has` from the flags' bit for it: the flags' table of the texts' words
 * (word-flags.ts) answers from the processor's caches, where a set of 90,000 names does not. An
 * entry with a space is asked of the set itself (no single word's flags hold it).
 */
class FlagSet extends Set<string> {
  constructor(
    words: Iterable<string>,
    private readonly flags: WordFlags,
    private readonly bit: number,
  ) {
    super(words);
  }

  override has(word: string): boolean {
    // before the constructor is done (Set's own adds) there is nothing to answer from
    if (this.flags === undefined || word.includes(' ')) return super.has(word);
    return ((this.flags.get(word) ?? 0) & this.bit) !== 0;
  }
}

export function lists(): WordLists {
  if (cached) return cached;
  const places = read('places.txt');
  const placeFirstWord = new Map<string, number>();
  for (const p of places) {
    const words = p.split(/[\s-]+/);
    const first = words[0]!;
    placeFirstWord.set(first, Math.max(placeFirstWord.get(first) ?? 0, words.length));
  }
  const flags = new WordFlags();
  const mark = (words: Iterable<string>, bit: number): void => {
    for (const w of words) flags.set(w, (flags.get(w) ?? 0) | bit);
  };
  const firstNames = read('first-names.txt');
  const surnames = read('surnames.txt');
  const countries = read('countries.txt');
  const english = read('english.txt');
  mark(firstNames, FIRST);
  mark(surnames, SURNAME);
  mark(english, ENGLISH);
  mark(read('safe-words.txt'), SAFE);
  mark(read('everyday.txt'), EVERYDAY);
  mark(read('abbreviations.txt'), ABBREVIATION);
  mark(countries, COUNTRY);
  mark(CLINICAL_WORDS, CLINICAL);
  mark(STATE_NAME_SET, STATE);
  mark(placeFirstWord.keys(), PLACE_START);
  mark(
    places.flatMap((p) => p.split(/[\s-]+/).slice(1)),
    PLACE_NEXT,
  );
  const placeKeys = places.map((p) => p.replace(/[\s-]+/g, ' '));
  mark(
    placeKeys.filter((p) => !p.includes(' ')),
    PLACE_WORD,
  );
  for (const [words, bit] of extra) mark(words, bit);
  cached = {
    firstNames: new FlagSet(firstNames, flags, FIRST),
    surnames: new FlagSet(surnames, flags, SURNAME),
    places: new FlagSet(placeKeys, flags, PLACE_WORD),
    placeFirstWord,
    countries: new Set(countries),
    english: new Set(english),
    flags,
  };
  return cached;
}
