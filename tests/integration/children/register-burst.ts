/**
 * A child process for the registration race: waits for `go` on stdin (so two children start
 * together), registers N subjects on the site database as fast as it can, and prints the IDs it
 * was given, one a line, each only after its transaction committed.
 */
import { writeSync } from 'node:fs';
import { unlockSiteDatabase } from '../../../main/services/site-db';
import { registerSubject } from '../../../main/services/subjects';

const [path, password, n] = process.argv.slice(2) as [string, string, string];
const s = unlockSiteDatabase(path, { username: 'coordinator', password });
writeSync(1, 'ready\n');
process.stdin.once('data', () => {
  for (let i = 0; i < Number(n); i++) writeSync(1, `id ${registerSubject(s).subjectId}\n`);
  s.close();
  process.exit(0);
});
