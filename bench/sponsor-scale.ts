/**
 * The sponsor's side at the issue's scale: six sites' workbooks of SITECRF_BENCH_SPONSOR_SUBJECTS
 * subjects each (default 2,000; the issue's figure is 10,000), made by the real demo network
 * (every site its own encrypted database, signed and hash-chained workbooks), imported into a
 * fresh store beside two floors (the six read-backs, and DuckDB appending the same rows from
 * memory), then the report and the analyst export on the pooled subjects. Every step runs in a
 * fresh process (bench/children/sponsor.ts) so that its peak RSS is its own.
 *
 * Making the workbooks is the slow part (the demo enters every subject through the real save
 * path: tens of subjects per second), so they are kept under the temp folder, keyed by a hash
 * of the code that writes them and the size, and made again only when that code changes.
 * SITECRF_BENCH_SPONSOR_WORKBOOKS=DIR uses the network of DIR/manifest.json instead (made by this
 * builder before: workbooks, subjects). The sponsor's side and the workbook reader are left out
 * of the code hash: they read workbooks and write none.
 *
 * The machine's load average is printed with the figures: wall times on a loaded machine are
 * not quiet figures (the CPU seconds are steadier).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNetwork } from '../main/demo/network';
import { child } from './export';
import { measure, type Measure } from './measure';
import { ADMIN_PW, BENCH_KDF } from './sites';

export const SPONSOR_SUBJECTS = Number(process.env.SITECRF_BENCH_SPONSOR_SUBJECTS ?? 2_000);
const ROOT = join(import.meta.dirname, '..');
/** A fixed clock, so that the cached workbooks' periods do not depend on the day of the run. */
const NOW = new Date('2026-12-01T12:00:00Z');

/** Code that reads workbooks and never writes one: changing it keeps the cached workbooks. */
const READS_ONLY = /^main\/(sponsor\/|export\/workbook-reader\.ts$|export\/xlsx\/)/;

function codeHash(): string {
  const h = createHash('sha256');
  for (const top of ['main', 'shared']) {
    const files = readdirSync(join(ROOT, top), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|json)$/.test(f) && !f.endsWith('.test.ts') && !READS_ONLY.test(`${top}/${f}`))
      .sort();
    for (const f of files) h.update(`${top}/${f}\0`).update(readFileSync(join(ROOT, top, f)));
  }
  return h.digest('hex').slice(0, 16);
}

interface Network {
  files: string[];
  subjects: number;
  cached: boolean;
  seconds: number;
}

/** Six sites' one-month workbooks of `perSite` subjects each, made once per code version. */
export async function sponsorNetwork(perSite: number, log: (s: string) => void): Promise<Network> {
  // A network made before (by this builder, its manifest.json beside the workbooks) may be named:
  // the code hash changes with every commit, and making 60,000 subjects takes minutes.
  const given = process.env.SITECRF_BENCH_SPONSOR_WORKBOOKS;
  const dir = given ?? join(tmpdir(), 'sitecrf-bench-sponsor', `${codeHash()}-${perSite}`);
  const manifest = join(dir, 'manifest.json');
  if (given && !existsSync(manifest)) throw new Error(`SITECRF_BENCH_SPONSOR_WORKBOOKS: no ${manifest}`);
  if (existsSync(manifest)) return { ...(JSON.parse(readFileSync(manifest, 'utf8')) as Network), cached: true };
  const work = `${dir}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const t = performance.now();
  const net = await generateNetwork({
    outDir: work,
    months: 1,
    seed: 'bench',
    subjects: perSite * 6,
    equalShares: true,
    now: NOW,
    admin: { username: 'admin', password: ADMIN_PW },
    kdf: BENCH_KDF,
    onProgress: (m) => log(`  ${m.replace(work, '…')}\n`),
  });
  const seconds = (performance.now() - t) / 1000;
  // The site databases are not needed again: only the workbooks are kept.
  for (const f of readdirSync(work)) if (!f.endsWith('.xlsx')) rmSync(join(work, f));
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  const files = net.sites.flatMap((s) => s.workbooks.map((w) => w.replace(work, dir)));
  const out: Network = { files, subjects: net.subjects, cached: false, seconds };
  writeFileSync(manifest, JSON.stringify(out));
  return out;
}

interface Run {
  seconds: number;
  maxRssMb: number;
  /** CPU of the whole child, start-up included (wall time on a loaded machine says little). */
  cpuSeconds: number;
}

export async function measureSponsorScale(dir: string, log: (s: string) => void): Promise<Measure[]> {
  const given = process.env.SITECRF_BENCH_SPONSOR_WORKBOOKS;
  log(
    given
      ? `sponsor at scale: the network in ${given} (SITECRF_BENCH_SPONSOR_WORKBOOKS)\n`
      : `sponsor at scale: six sites × ${SPONSOR_SUBJECTS.toLocaleString('en-US')} subjects (SITECRF_BENCH_SPONSOR_SUBJECTS)\n`,
  );
  const net = await sponsorNetwork(SPONSOR_SUBJECTS, log);
  // Per site as the network holds them (a named network may have another size).
  const n = Math.round(net.subjects / 6);
  log(`  ${net.files.length} workbooks, ${net.subjects.toLocaleString('en-US')} subjects in all\n`);
  const pooled = net.subjects.toLocaleString('en-US');
  const loadBefore = loadavg()[0]!;
  const base = join(dir, 'sponsor-scale');
  mkdirSync(base, { recursive: true });
  const store = join(base, 'study.duckdb');
  const reads = child<Run & { rows: number }>('sponsor.ts', ['read', ...net.files]);
  const floor = child<Run & { rows: number }>('sponsor.ts', ['floor', join(base, 'floor.duckdb'), ...net.files]);
  const init = child<Run>('sponsor.ts', ['init', store, net.files[0]!]);
  const imp = child<Run & { each: number[] }>('sponsor.ts', ['import', store, ...net.files]);
  type Report = Run & { studySeconds: number; tablesSeconds: number; writeSeconds: number; subjects: number };
  // The first report after the import parses the rows' JSON and keeps the frame in the store;
  // the next ones (until another import) read the kept frame.
  const report = child<Report>('sponsor.ts', ['report', store, join(base, 'tables')]);
  const again = child<Report>('sponsor.ts', ['report', store, join(base, 'tables-again')]);
  const csv = child<Run & { rows: number }>('sponsor.ts', ['export', store, 'csv', join(base, 'csv')]);
  const parquet = child<Run & { rows: number }>('sponsor.ts', ['export', store, 'parquet', join(base, 'parquet')]);
  const cores = availableParallelism();
  const load = `load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cores} cores (${Math.max(loadBefore, loadavg()[0]!) > cores / 2 ? 'loaded' : 'quiet'})`;
  const made = net.cached ? 'cached' : `made in ${net.seconds.toFixed(0)} s`;
  const mb = (r: Run): string => `peak RSS ${r.maxRssMb.toFixed(0)} MB; CPU ${r.cpuSeconds.toFixed(1)} s`;
  return [
    measure({
      name: `sponsor: six ${n.toLocaleString('en-US')}-subject workbooks read back (sum of six)`,
      value: reads.seconds,
      unit: 's',
      floor: null,
      target: '(floor of the import)',
      pass: true,
      note: `${reads.rows.toLocaleString('en-US')} rows; workbooks ${made}; ${mb(reads)}; ${load}`,
    }),
    measure({
      name: `sponsor: DuckDB appending the same ${floor.rows.toLocaleString('en-US')} rows from memory`,
      value: floor.seconds,
      unit: 's',
      floor: null,
      target: '(floor of the import)',
      pass: true,
      note: `rows read first, untimed; ${mb(floor)} (every row held)`,
    }),
    measure({
      name: `sponsor import: six ${n.toLocaleString('en-US')}-subject workbooks into a fresh store`,
      value: imp.seconds,
      unit: 's',
      floor: reads.seconds,
      target: '≤ 2× the six read-backs',
      pass: imp.seconds <= 2 * reads.seconds,
      note: `CPU ${imp.cpuSeconds.toFixed(1)} s (read-backs ${reads.cpuSeconds.toFixed(1)} s); ${(imp.seconds / floor.seconds).toFixed(1)}× the DuckDB floor (${floor.seconds.toFixed(2)} s); read-backs + floor ${(reads.seconds + floor.seconds).toFixed(2)} s; each ${imp.each.map((s) => s.toFixed(1)).join('/')} s; init ${init.seconds.toFixed(1)} s apart`,
    }),
    measure({
      name: 'sponsor import: peak RSS',
      value: imp.maxRssMb,
      unit: 'MB',
      floor: null,
      target: '≤ 400 MB',
      pass: imp.maxRssMb <= 400,
      note: `rows streamed, none held; read-backs (rows held) ${reads.maxRssMb.toFixed(0)} MB, DuckDB floor ${floor.maxRssMb.toFixed(0)} MB, init ${init.maxRssMb.toFixed(0)} MB; ${load}`,
    }),
    ...(
      [
        ['first after the import: JSON parsed, frame kept', report],
        ['again: the kept frame', again],
      ] as const
    ).map(([what, r]) =>
      measure({
        name: `sponsor report on ${r.subjects.toLocaleString('en-US')} pooled subjects (${what})`,
        value: r.seconds,
        unit: 's',
        floor: null,
        target: '≤ 1 s',
        pass: r.seconds <= 1,
        note: `CPU ${r.cpuSeconds.toFixed(1)} s (process, start-up included); study file ${r.studySeconds.toFixed(2)} s, tables (DuckDB) ${r.tablesSeconds.toFixed(2)} s, files ${r.writeSeconds.toFixed(2)} s`,
      }),
    ),
    measure({
      name: 'sponsor report: peak RSS',
      value: Math.max(report.maxRssMb, again.maxRssMb),
      unit: 'MB',
      floor: null,
      target: '≤ 400 MB',
      pass: Math.max(report.maxRssMb, again.maxRssMb) <= 400,
      note: `first ${report.maxRssMb.toFixed(0)} MB, again ${again.maxRssMb.toFixed(0)} MB`,
    }),
    ...[
      ['csv', csv],
      ['parquet', parquet],
    ].map(([f, r]) =>
      measure({
        name: `sponsor export --format ${f as string}, ${pooled} pooled subjects`,
        value: (r as Run).seconds,
        unit: 's',
        floor: null,
        target: '(reported)',
        pass: true,
        note: `${(r as Run & { rows: number }).rows.toLocaleString('en-US')} rows; ${mb(r as Run)}`,
      }),
    ),
  ];
}
