/** `npx tsx bench/sponsor-run.ts`: only the sponsor-at-scale rows of `npm run bench` (same figures). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureSponsorScale } from './sponsor-scale';

const dir = mkdtempSync(join(tmpdir(), 'sitecrf-bench-'));
try {
  const rows = await measureSponsorScale(dir, (s) => process.stderr.write(s));
  console.table(
    rows.map((r) => ({
      measure: r.name,
      value: r.value,
      unit: r.unit,
      ratio: r.ratio ?? '',
      target: r.target,
      pass: r.pass ? 'yes' : 'NO',
      note: r.note ?? '',
    })),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
