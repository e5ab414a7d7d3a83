import { readFileSync } from 'node:fs';

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
}

let cached: WordLists | undefined;

function read(name: string): string[] {
  const text = readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8');
  return text.split('\n').filter((l) => l.length > 0);
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
  cached = {
    firstNames: new Set(read('first-names.txt')),
    surnames: new Set(read('surnames.txt')),
    places: new Set(places.map((p) => p.replace(/[\s-]+/g, ' '))),
    placeFirstWord,
    countries: new Set(read('countries.txt')),
    english: new Set(read('english.txt')),
  };
  return cached;
}
