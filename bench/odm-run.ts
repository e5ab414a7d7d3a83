/**
 * The ODM rows of `npm run bench` alone: `npx tsx bench/odm-run.ts [DIR]`. DIR holds (or gets)
 * the bench's `site1k.sitecrf` and `site10k.sitecrf` (BENCH_SUBJECTS, 10,000 by default); the
 * databases found there are reused. Without DIR they are built in a temporary folder.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureOdm } from './odm';
import { benchSite, fillDemo } from './sites';

const given = process.argv[2];
const dir = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'sitecrf-bench-odm-'));
function site(name: string, subjects: number, seed: number): string {
  const path = join(dir, `${name}.sitecrf`);
  if (existsSync(path)) return path;
  benchSite(dir, name);
  const d = fillDemo(path, subjects, seed);
  process.stderr.write(`${name}: ${subjects} demo subjects in ${d.seconds.toFixed(1)} s\n`);
  return path;
}
try {
  const small = site('site1k', 1000, 1);
  const big = site('site10k', Number(process.env.BENCH_SUBJECTS ?? 10_000), 2);
  const before = loadavg()[0]!;
  const ms = measureOdm(dir, small, big);
  process.stdout.write(`load average ${before.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after\n`);
  for (const m of ms)
    process.stdout.write(
      `${m.pass ? 'pass' : 'FAIL'}  ${m.name}: ${m.value} ${m.unit}${m.floor !== null ? ` (floor ${m.floor}, ratio ${m.ratio})` : ''}${m.ratio !== null && m.floor === null ? ` (ratio ${m.ratio})` : ''}${m.note ? `\n      ${m.note}` : ''}\n`,
    );
} finally {
  if (!given) rmSync(dir, { recursive: true, force: true });
}
