/**
 * PHI scanner throughput on real text (issue 14): the notes of PriMock57 and ACI-BENCH, the
 * presidio-synth-v2 texts and the injected set, each scanned as its own value, repeated until
 * `bytes` of input; MB (10^6 bytes of UTF-8) per second of wall time and per CPU-second, best of 3.
 *
 *   npx tsx bench/phi-throughput.ts [bytes]
 *   node --cpu-prof --import tsx bench/phi-throughput.ts    (profile)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPhi } from '../main/export/phi/index.js';
import { DATA_DIR, aciNotes, injectedSet, primockNotes } from './phi-sets.js';

export function realTexts(): string[] {
  const presidio = JSON.parse(readFileSync(join(DATA_DIR, 'presidio-synth-v2', 'synth_dataset_v2.json'), 'utf8')) as {
    full_text: string;
  }[];
  return [
    ...primockNotes(),
    ...aciNotes().map((n) => n.note),
    ...presidio.map((r) => r.full_text),
    ...injectedSet().map((t) => t.text),
  ];
}

/** MB per second of wall time and per CPU-second of this process (best of 3 each): on a machine
 * shared with other jobs the wall figure drops with the load and the CPU figure much less. */
export interface Throughput {
  wall: number;
  cpu: number;
}

export function measureRealThroughput(bytes = 10_000_000, texts = realTexts()): Throughput {
  const one = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  const rounds = Math.max(1, Math.ceil(bytes / one));
  for (const t of texts) findPhi(t);
  let wall = Infinity;
  let cpu = Infinity;
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (const t of texts) findPhi(t);
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, Number(process.hrtime.bigint() - t0) / 1e9);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  const mb = (one * rounds) / 1e6;
  return { wall: mb / wall, cpu: mb / cpu };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const texts = realTexts();
  const { wall, cpu } = measureRealThroughput(Number(process.argv[2] ?? 10_000_000), texts);
  console.log(`real text (${texts.length} values): ${wall.toFixed(2)} MB/s wall, ${cpu.toFixed(2)} MB per CPU-second`);
}
