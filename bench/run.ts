/**
 * `npm run bench`: builds its own encrypted demo databases and measures what users wait for,
 * each figure beside the floor measured in the same run. Prints a table and writes
 * bench/results.json (one object per measure: name, value, unit, floor, ratio, target, pass).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { measure, type Measure } from './measure';
import { measureSaveLatency } from './save-latency';
import { measureReads } from './reads';
import { measureUnlock } from './unlock';
import { benchSite, coordinator, fillDemo } from './sites';
import { child, measureExport } from './export';
import { measureOdm } from './odm';
import { measureReview } from './review';
import { measureBrowser } from './browser';
import { measurePhiWords, measureRekey, measureSponsor, measureTextExport } from './scale';
import { measureSponsorScale } from './sponsor-scale';

/**
 * The large database's size. 2,000 keeps a run to a few minutes on a shared machine; the
 * README's figures are from BENCH_SUBJECTS=10000 (the rekey and exports at 10,000 subjects).
 */
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 2_000);

function progress(label: string, total: number): { update: (n: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: `${label.padEnd(28)} [{bar}] {value}/{total}`, stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n) => bar.update(n), stop: () => bar.stop() };
}

async function main(): Promise<void> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-bench-'));
  const results: Measure[] = [];
  const add = (ms: Measure[]): void => {
    results.push(...ms);
    for (const m of ms)
      process.stderr.write(
        `  ${m.pass ? 'pass' : 'FAIL'}  ${m.name}: ${m.value} ${m.unit}${m.floor !== null ? ` (floor ${m.floor}, ratio ${m.ratio})` : ''}\n`,
      );
  };
  try {
    process.stderr.write(
      `SiteCRF benchmark on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
    );

    add(measureUnlock(benchSite(dir, 'unlock', 'product')));

    // Demo generation, and the 1,000- and 10,000-subject databases the other measures use.
    const small = benchSite(dir, 'site1k');
    let bar = progress('demo 1,000 subjects', 1000);
    const d1 = fillDemo(small, 1000, 1, (n) => bar.update(n));
    bar.stop();
    const big = benchSite(dir, 'site10k');
    bar = progress(`demo ${SUBJECTS.toLocaleString('en-US')} subjects`, SUBJECTS);
    const d10 = fillDemo(big, SUBJECTS, 2, (n) => bar.update(n));
    bar.stop();
    const rate = Math.min(1000 / d1.seconds, SUBJECTS / d10.seconds);
    add([
      measure({
        name: 'demo generation',
        value: rate,
        unit: 'subjects/s',
        floor: null,
        target: '≥ 500/s',
        pass: rate >= 500,
        note: `1,000 in ${d1.seconds.toFixed(1)} s; ${SUBJECTS} in ${d10.seconds.toFixed(1)} s`,
      }),
    ]);

    add(await measureReads(big));
    const s = coordinator(big);
    try {
      add(measureSaveLatency(s, 2000));
    } finally {
      s.close();
    }
    add(await measureExport(dir, small, big));
    add(measureTextExport(dir, big, '2026-10'));
    add(await measureReview(big, '2026-10', { whole: true }));
    add(measureOdm(dir, small, big));
    add(child<Measure[]>('phi.ts', []));
    add(measurePhiWords());
    add(await measureSponsor(dir));
    add(await measureSponsorScale(dir, (m) => process.stderr.write(m)));
    // Before the browser: a failing browser step must not lose it. Passwords still open the
    // rotated database, so the browser step logs in as before.
    add(measureRekey(big, SUBJECTS));
    add(await measureBrowser(dir, big));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const out = join(import.meta.dirname, 'results.json');
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.table(
    results.map((r) => ({
      measure: r.name,
      value: r.value,
      unit: r.unit,
      floor: r.floor ?? '',
      ratio: r.ratio ?? '',
      target: r.target,
      pass: r.pass ? 'yes' : 'NO',
    })),
  );
  const failed = results.filter((r) => !r.pass);
  process.stdout.write(
    `${results.length} measures, ${results.length - failed.length} pass, ${failed.length} miss their target; ${((Date.now() - started) / 1000).toFixed(0)} s; written to ${out}\n`,
  );
}

await main();
