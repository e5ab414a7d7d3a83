/**
 * Today's figures beside a baseline's, measured on this machine in the same minutes:
 *
 *   git worktree add --detach ../base 8f5005a && cp -al node_modules ../base/node_modules
 *   BENCH_BASE=../base npx tsx bench/compare.ts        # BENCH_SUBJECTS (1000), BENCH_ROUNDS (3)
 *
 * Each round runs bench/children/core.ts once on each checkout (in a fresh process, the order
 * alternating from round to round so a change in the machine's load falls on both), and the
 * table gives each figure's median over the rounds, with the load average before each run.
 * Wall-clock figures on a shared machine move with its load; the CPU times beside them less so.
 * Writes bench/compare.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { round } from './measure';

interface SaveFigures {
  p50: number;
  p99: number;
  f50: number;
  f99: number;
  cpu50: number;
  cpu99: number;
}
interface Core {
  unlockMs: number;
  unlockCpuMs: number;
  demoPerSecond: number;
  demoCpuPerSubjectMs: number;
  saveKept: SaveFigures;
  saveEdited: SaveFigures;
  exportSeconds: number;
  exportCpu: number;
  exportSubjects: number;
}

const base = process.env.BENCH_BASE;
if (!base) {
  process.stderr.write('BENCH_BASE must name a checkout of the baseline commit (see the top of bench/compare.ts)\n');
  process.exit(2);
}
const trees = { base: resolve(base), now: resolve(import.meta.dirname, '..') };
const subjects = Number(process.env.BENCH_SUBJECTS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

function run(root: string): Core {
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-compare-'));
  try {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'children', 'core.ts'), root, dir, String(subjects)],
      { encoding: 'utf8', cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as Core;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<keyof typeof trees, Core[]> = { base: [], now: [] };
const loads: string[] = [];
for (let r = 0; r < rounds; r++) {
  const order: (keyof typeof trees)[] = r % 2 === 0 ? ['base', 'now'] : ['now', 'base'];
  for (const which of order) {
    const load = loadavg()[0]!.toFixed(1);
    loads.push(`${which} ${load}`);
    process.stderr.write(`round ${r + 1}/${rounds}: ${which} (${trees[which]}), load average ${load}\n`);
    results[which].push(run(trees[which]));
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const rows: { measure: string; unit: string; pick: (c: Core) => number }[] = [
  { measure: 'unlock (product scrypt)', unit: 'ms', pick: (c) => c.unlockMs },
  { measure: 'unlock, CPU', unit: 'ms', pick: (c) => c.unlockCpuMs },
  { measure: `demo generation (${subjects} subjects)`, unit: 'subjects/s', pick: (c) => c.demoPerSecond },
  { measure: 'demo generation, CPU per subject', unit: 'ms', pick: (c) => c.demoCpuPerSubjectMs },
  { measure: 'form save p50 (PROC, note kept)', unit: 'ms', pick: (c) => c.saveKept.p50 },
  { measure: 'form save p99 (PROC, note kept)', unit: 'ms', pick: (c) => c.saveKept.p99 },
  { measure: 'form save CPU p50 / p99 (note kept)', unit: 'ms', pick: (c) => c.saveKept.cpu50 },
  { measure: '  … CPU p99', unit: 'ms', pick: (c) => c.saveKept.cpu99 },
  { measure: 'form save p50 (PROC, note edited each save)', unit: 'ms', pick: (c) => c.saveEdited.p50 },
  { measure: 'form save p99 (PROC, note edited each save)', unit: 'ms', pick: (c) => c.saveEdited.p99 },
  { measure: '  … CPU p99', unit: 'ms', pick: (c) => c.saveEdited.cpu99 },
  { measure: 'bare INSERT commit p50 / p99 (disk floor)', unit: 'ms', pick: (c) => c.saveKept.f50 },
  { measure: '  … p99', unit: 'ms', pick: (c) => c.saveKept.f99 },
  { measure: `export safe-harbor (${subjects} + 100 subjects)`, unit: 's', pick: (c) => c.exportSeconds },
  { measure: '  … CPU', unit: 's', pick: (c) => c.exportCpu },
];
const table = rows.map((r) => {
  const b = median(results.base.map(r.pick));
  const n = median(results.now.map(r.pick));
  return { measure: r.measure, unit: r.unit, base: round(b, 2), now: round(n, 2), 'now / base': round(n / b, 2) };
});
console.table(table);
const p99 = table.find((t) => t.measure.startsWith('form save p99 (PROC, note kept)'))!;
const p99e = table.find((t) => t.measure.startsWith('form save p99 (PROC, note edited'))!;
process.stdout.write(
  `save p99 ratio now/base: ${p99['now / base']} (note kept), ${p99e['now / base']} (note edited each save); issue 10's budget is 1.5\n` +
    `${rounds} rounds, medians; load average (1 min) before each run: ${loads.join(', ')}\n`,
);
writeFileSync(
  join(import.meta.dirname, 'compare.json'),
  JSON.stringify({ trees, subjects, rounds, loads, table, runs: results }, null, 2) + '\n',
);
