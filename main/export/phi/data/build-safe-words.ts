/**
 * Regenerates safe-words.txt from Philter's whitelist (BSD-3, see SOURCE.md), by hand:
 *
 *   npx tsx main/export/phi/data/build-safe-words.ts /path/to/philter/whitelist.json
 *
 * Kept: the words a token of the scanner can be (letters, inner hyphens and apostrophes) that
 * english.txt does not already hold and that are not first names in first-names.txt: the
 * whitelist is said to have no names, yet it has "mary" and "june", and a first name must stay a
 * name candidate; likewise a word of a town's name ("kettering") stays a place candidate. Surnames that are also clinical words (eponyms such as "fick", "holter") stay
 * safe: after a title or a relative they are still names (the context rules decide).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.argv[2];
if (!source) throw new Error('usage: build-safe-words.ts <whitelist.json>');
const lines = (f: string): Set<string> => new Set(readFileSync(join(here, f), 'utf8').split('\n').filter(Boolean));
const english = lines('english.txt');
const first = lines('first-names.txt');
const places = new Set([...lines('places.txt')].flatMap((p) => p.split(/[\s-]+/)));
const words = Object.keys(JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>)
  .map((w) => w.trim().toLowerCase())
  .filter((w) => /^\p{L}(?:[\p{L}'-]*\p{L})?$/u.test(w) && w.length >= 2 && !english.has(w) && !first.has(w) && !places.has(w));
const out = [...new Set(words)].sort();
writeFileSync(join(here, 'safe-words.txt'), out.join('\n') + '\n');
console.log(`safe-words.txt: ${out.length} words`);
