/**
 * The first free-text save of a process, cold (the PHI scanner loads its word lists inside the
 * save) and warmed (the hosts' warm-up, main/export/phi-warmup.ts, ran after start, as it does
 * while the user logs in), against the second save (the steady state). Each run is a fresh
 * process, so nothing is loaded before it starts.
 *
 *   npx tsx bench/first-save.ts            # 3 runs of each, medians
 *   BENCH_RUNS=5 npx tsx bench/first-save.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const PROC = {
  proc_date: '2025-01-14',
  hospitalization: 'OUTPATIENT',
  anesthesia: 'LOCAL',
  guidance: 'CT',
  approach: 'LONG_AXIS',
  side_treated: 'BILAT',
  needles: 2,
  cement_ml: 6.5,
  extravasation: 'N',
};

async function child(mode: 'cold' | 'warm'): Promise<void> {
  await import('../main/export/free-text-redactor');
  const { benchSite, coordinator } = await import('./sites');
  const { saveForm } = await import('../main/services/save-form');
  const { registerSubject } = await import('../main/services/subjects');
  const { warmPhiScanner } = await import('../main/export/phi-warmup');
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-first-save-'));
  try {
    const path = benchSite(dir, 'first');
    // What the hosts' scheduled warm-up runs (warmPhiScannerSoon), here at once.
    const warmMs = mode === 'warm' ? warmPhiScanner() : 0;
    const s = coordinator(path);
    const [a, b] = [registerSubject(s).subjectId, registerSubject(s).subjectId];
    const save = (subjectId: string, note: string): number => {
      const t0 = performance.now();
      saveForm(s, {
        subjectId,
        event: 'procedure',
        form: 'PROC',
        status: 'complete',
        values: { ...PROC, proc_notes: note },
      });
      return performance.now() - t0;
    };
    const first = save(a, 'Pt tolerated well; daughter Maria drove him home to Fall River.');
    const second = save(b, 'Uneventful, no extravasation; follow-up call to 631-555-0123.');
    s.close();
    process.stdout.write(JSON.stringify({ mode, warmMs, first, second }) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

function parent(): void {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const rows: { mode: string; warmMs: number; first: number; second: number }[] = [];
  for (let i = 0; i < runs; i++)
    for (const mode of ['cold', 'warm'])
      rows.push(
        JSON.parse(
          execFileSync(process.execPath, ['--import', 'tsx', 'bench/first-save.ts', mode], { encoding: 'utf8' }),
        ) as (typeof rows)[number],
      );
  for (const mode of ['cold', 'warm']) {
    const r = rows.filter((x) => x.mode === mode);
    const f = (xs: number[]) => `${Math.round(median(xs))} ms`;
    console.log(
      `${mode}: first free-text save ${f(r.map((x) => x.first))}, second ${f(r.map((x) => x.second))}` +
        (mode === 'warm' ? `, warm-up (before the login, off the save) ${f(r.map((x) => x.warmMs))}` : '') +
        ` (median of ${runs}; runs: ${r.map((x) => Math.round(x.first)).join(', ')} ms)`,
    );
  }
}

const mode = process.argv[2];
if (mode === 'cold' || mode === 'warm') await child(mode);
else parent();
