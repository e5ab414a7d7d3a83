/**
 * The free-text review rows of `npm run bench` alone: `npx tsx bench/review-run.ts [DIR]`. DIR
 * holds (or gets) the bench's `site10k.sitecrf` (BENCH_SUBJECTS, 10,000 by default), reused when
 * found; without DIR it is built in a temporary folder. `--whole` also times the review built
 * whole, as the CLI's --review file is.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureReview } from './review';
import { benchSite, fillDemo } from './sites';

const args = process.argv.slice(2);
const given = args.find((a) => !a.startsWith('--'));
const dir = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'sitecrf-bench-review-'));
try {
  const path = join(dir, 'site10k.sitecrf');
  if (!existsSync(path)) {
    benchSite(dir, 'site10k');
    const n = Number(process.env.BENCH_SUBJECTS ?? 10_000);
    const d = fillDemo(path, n, 2);
    process.stderr.write(`site10k: ${n} demo subjects in ${d.seconds.toFixed(1)} s\n`);
  }
  const before = loadavg()[0]!;
  const ms = await measureReview(path, '2026-10', { whole: args.includes('--whole') });
  process.stdout.write(`load average ${before.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after\n`);
  for (const m of ms)
    process.stdout.write(
      `${m.pass ? 'pass' : 'FAIL'}  ${m.name}: ${m.value} ${m.unit}${m.floor !== null ? ` (floor ${m.floor}, ratio ${m.ratio})` : ''}${m.note ? `\n      ${m.note}` : ''}\n`,
    );
} finally {
  if (!given) rmSync(dir, { recursive: true, force: true });
}
