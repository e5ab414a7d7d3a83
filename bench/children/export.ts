/** One export in a fresh process, so its peak RSS is its own: prints {seconds, maxRssMb, file, rows}. */
import { unlockSiteDatabase } from '../../main/services/site-db';
import { exportSubmission } from '../../main/export/workbook-writer';
import type { ProfileId } from '../../main/export/profiles';

const [db, user, password, outDir, period, profile = 'safe-harbor'] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string?,
];
const s = unlockSiteDatabase(db, { username: user, password }, { audit: false });
const t = performance.now();
const r = await exportSubmission(s, { period, profile: profile as ProfileId, outDir });
const seconds = (performance.now() - t) / 1000;
s.close();
process.stdout.write(
  JSON.stringify({
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    file: r.file,
    rows: r.rows,
    subjects: r.subjects,
  }) + '\n',
);
