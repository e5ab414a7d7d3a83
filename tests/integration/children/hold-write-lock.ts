/**
 * A child process standing for "another SiteCRF program writing": it takes the database's write
 * lock (or, with `exclusive`, every lock), says `locked`, and keeps it for HOLD ms (0: until killed).
 */
import { writeSync } from 'node:fs';
import { rawConnection } from '../site-fixture';

const [path, hold, mode] = process.argv.slice(2) as [string, string, string | undefined];
const db = rawConnection(path);
if (mode === 'exclusive') {
  db.pragma('locking_mode = EXCLUSIVE');
  db.exec('BEGIN EXCLUSIVE');
  db.prepare('SELECT count(*) FROM sqlite_master').get();
} else db.exec('BEGIN IMMEDIATE');
writeSync(1, 'locked\n');
const ms = Number(hold);
if (ms > 0)
  setTimeout(() => {
    db.exec('ROLLBACK');
    db.close();
    writeSync(1, 'released\n');
  }, ms);
else setInterval(() => undefined, 60_000);
