/**
 * A child process for the export crash test: exports one period after another into a folder and
 * reports each export only after exportSubmission returned, so the parent can kill it anywhere.
 */
import { writeSync } from 'node:fs';
import '../../../main/export/free-text-redactor';
import { exportSubmission } from '../../../main/export/workbook-writer';
import { unlockSiteDatabase } from '../../../main/services/site-db';

const [path, password, outDir, firstYear] = process.argv.slice(2) as [string, string, string, string];
const s = unlockSiteDatabase(path, { username: 'coordinator', password });
writeSync(1, 'ready\n');
for (let i = 0; ; i++) {
  const period = `${Number(firstYear) + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  const r = await exportSubmission(s, { period, outDir });
  writeSync(1, `exported ${period} ${r.sha256}\n`);
}
