/**
 * Regenerates abbreviations.txt from the Wikipedia-derived clinical abbreviation list (see
 * SOURCE.md): the abbreviations of 2 to 8 letters, lowercased, without their long forms.
 *
 *   npx tsx main/export/phi/data/build-abbreviations.ts ../shared/data/phi/abbreviations/wikipedia_abbreviation_database.csv
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const file = z
  .string({ message: 'usage: build-abbreviations.ts <wikipedia_abbreviation_database.csv>' })
  .parse(process.argv[2]);
const lines = readFileSync(file, 'utf8').split(/\r?\n/);
if (lines[0] !== '"abr","long_form"') throw new Error('header: expected "abr","long_form" as the first line');
// the abbreviation is the first quoted field of a row (a long form may hold commas, never a row's start)
const words = new Set<string>();
for (const line of lines.slice(1)) {
  const m = /^"((?:[^"]|"")*)",/.exec(line);
  const abr = m?.[1]?.replace(/""/g, '"').trim().toLowerCase();
  if (abr && /^[a-z]{2,8}$/.test(abr)) words.add(abr);
}
const out = join(dirname(fileURLToPath(import.meta.url)), 'abbreviations.txt');
writeFileSync(out, [...words].sort().join('\n') + '\n');
console.log(`abbreviations.txt: ${words.size}`);
