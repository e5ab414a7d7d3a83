/** Opening the encrypted SQLite file with a raw data key, and the pragmas that make a save durable. */
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { CrfError } from '../../shared/errors';
import { refuseNonFile, sqliteFault } from './sqlite-faults';

export type { Db };

export function openEncrypted(path: string, dataKey: Buffer, opts: { create: boolean }): Db {
  if (!opts.create) refuseNonFile(path, 'a SiteCRF database');
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: !opts.create });
  } catch (e) {
    throw new CrfError({ code: 'NOT_FOUND', message: `Cannot open ${path}: ${(e as Error).message}` });
  }
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma(`key = "x'${dataKey.toString('hex')}'"`);
    // A wrong key or a damaged file only shows on the first read: read at once.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    db.close();
    const fault = sqliteFault(e, path);
    if (fault?.code === 'BUSY')
      throw new CrfError({
        code: 'BUSY',
        rule: 'locked',
        message: `${path} is locked by another program (another SiteCRF window, the sitecrf command or a backup tool): close it or wait, then try again`,
      });
    if (fault) throw fault;
    throw new CrfError({
      code: 'DAMAGED',
      message: `${path} could not be decrypted with its key: the file is damaged or is not the database its key file belongs to (${(e as Error).message})`,
    });
  }
  // WAL with synchronous=FULL: a save that returned is on disk, even after a power cut.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoints run when the app is idle (scheduleIdleCheckpoint), not on a coordinator's save;
  // this bound (about 40 MB of WAL) only matters for long batch jobs such as demo generation.
  db.pragma('wal_autocheckpoint = 10000');
  // A 64 MiB page cache (used only as needed): a site database of 10,000 subjects is ~170 MB, and
  // a page found in the cache is not read and decrypted again.
  db.pragma('cache_size = -65536');
  immediateTransactions(db);
  return db;
}

/**
 * Every transaction in SiteCRF writes, so each takes the write lock at BEGIN (BEGIN IMMEDIATE)
 * and waits out busy_timeout there. A deferred transaction that has read first and then
 * writes gets SQLITE_BUSY at once when another program (the CLI, a second window) is writing:
 * SQLite does not wait for a reader's upgrade, because that could deadlock. Nested calls still
 * become savepoints.
 */
function immediateTransactions(db: Db): void {
  const plain = db.transaction.bind(db);
  db.transaction = ((fn: (...args: unknown[]) => unknown) => plain(fn).immediate) as Db['transaction'];
}

const pending = new WeakMap<Db, NodeJS.Timeout>();

/** Folds the WAL back into the database a moment after the last write, off the save path. */
export function scheduleIdleCheckpoint(db: Db, delayMs = 1000): void {
  const old = pending.get(db);
  if (old) clearTimeout(old);
  const t = setTimeout(() => {
    pending.delete(db);
    if (db.open && !db.inTransaction) {
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // A busy database is checkpointed next time; nothing is lost either way.
      }
    }
  }, delayMs);
  t.unref();
  pending.set(db, t);
}

/** Copies the open database into a new file encrypted with the same key (an online, consistent snapshot). */
export function snapshotInto(db: Db, dest: string): void {
  db.prepare('VACUUM INTO ?').run(dest);
}
