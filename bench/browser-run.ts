/**
 * The browser measures alone: `npx tsx bench/browser-run.ts [db]`. Without a database it builds
 * the 10,000-subject one (BENCH_SUBJECTS) in a temporary folder first; a given one is reused
 * (its PROC notes get edited by the save samples).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { measureBrowser } from './browser';
import { benchSite, fillDemo } from './sites';

const given = process.argv[2];
const dir = given ? dirname(resolve(given)) : mkdtempSync(join(tmpdir(), 'sitecrf-bench-browser-'));
try {
  let db = given ? resolve(given) : '';
  if (!db) {
    db = benchSite(dir, 'site10k');
    const d = fillDemo(db, Number(process.env.BENCH_SUBJECTS ?? 10_000), 2);
    process.stderr.write(`demo database in ${d.seconds.toFixed(1)} s\n`);
  }
  const ms = await measureBrowser(dir, db);
  for (const m of ms)
    process.stdout.write(
      `${m.pass ? 'pass' : 'FAIL'}  ${m.name}: ${m.value} ${m.unit}${m.floor !== null ? ` (floor ${m.floor}, ratio ${m.ratio})` : ''}${m.note ? `\n      ${m.note}` : ''}\n`,
    );
} finally {
  if (!given) rmSync(dir, { recursive: true, force: true });
}
