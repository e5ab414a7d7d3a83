/**
 * The key rotation (rekey) at scale, on its own because building the database takes minutes:
 *
 *   BENCH_SCALE=10000 npx tsx bench/rekey.ts      # default 10,000 subjects
 *
 * Builds an encrypted demo database of BENCH_SCALE subjects with the product's own save path
 * (every note PHI-scanned, every value sealed and audited), then times one deactivation, which
 * rotates every key and re-encrypts every identifier value (main/services/rotate.ts). Prints one
 * JSON line.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureRekey } from './scale';
import { benchSite, fillDemo } from './sites';

const subjects = Number(process.env.BENCH_SCALE ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'sitecrf-rekey-'));
try {
  const path = benchSite(dir, 'rekey');
  const demo = fillDemo(path, subjects, 3);
  const load = loadavg()[0]!.toFixed(1);
  const [m] = measureRekey(path, subjects);
  process.stdout.write(
    JSON.stringify({
      subjects,
      rekeySeconds: m!.value,
      fileMb: Math.round(statSync(path).size / 2 ** 20),
      demoSeconds: Math.round(demo.seconds),
      loadAverage: load,
    }) + '\n',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
