/** Read-back of a submission in a fresh process: prints {seconds, ok}. */
import { readSubmission } from '../../main/export/workbook-reader';

const [file] = process.argv.slice(2) as [string];
const t = performance.now();
const r = await readSubmission(file);
process.stdout.write(
  JSON.stringify({
    seconds: (performance.now() - t) / 1000,
    ok: r.hashCheck.ok,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
