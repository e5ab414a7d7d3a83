/**
 * Backups: an online, consistent snapshot (VACUUM INTO) encrypted with the same data key, with
 * a copy of the key slots beside it, so it restores on another machine with a user's password
 * or the recovery code. A backup is checked by opening it before it is reported done.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { CrfError } from '../../shared/errors';
import { appendAudit, verifyAuditChain } from './audit';
import { recordHead } from './heads';
import type { SiteSession } from './session';
import { openEncrypted, snapshotInto } from '../db/connection';
import { keyFilePath, readKeyFile, writeKeyFile } from '../db/keyslots';
import { unlockSiteDatabase, type Credentials } from './site-db';

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Removes what a failed step left behind; never throws over the error that caused it. */
function removeAll(paths: string[]): void {
  for (const p of paths) {
    try {
      if (existsSync(p)) unlinkSync(p);
    } catch {
      // Best effort: the original error is the one to report.
    }
  }
}

/**
 * The snapshot is taken and verified first; only then is the backup recorded in the audit trail
 * and renamed to its name. A backup that fails leaves no file and no "backup" row (issue 11).
 * The backup therefore does not hold its own row: the live database's trail does.
 */
export function backupDatabase(s: SiteSession, out: string): { file: string; sha256: string; auditRows: number } {
  s.require('backup.run');
  if (existsSync(out) || existsSync(keyFilePath(out)))
    throw new CrfError({
      code: 'CONFLICT',
      field: 'out',
      message: `${out} already exists: choose a new backup file name`,
    });
  const tmp = `${out}.partial`;
  const leftovers = [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`];
  removeAll(leftovers);
  let rows: number;
  let sha256: string;
  try {
    snapshotInto(s.db, tmp);
    const check = s.withDataKey((k) => openEncrypted(tmp, k, { create: false }));
    try {
      const integrity = check.pragma('integrity_check', { simple: true });
      const chain = verifyAuditChain(check);
      if (integrity !== 'ok' || !chain.ok)
        throw new CrfError({
          code: 'DAMAGED',
          message: `The backup did not verify (${integrity}; ${chain.problem ?? 'chain ok'})`,
        });
      rows = chain.rows;
      check.pragma('journal_mode = DELETE');
    } finally {
      check.close();
    }
    sha256 = fileSha256(tmp);
    // The chain head of the snapshot goes into the site's key file first, so the backup's copy carries it too.
    recordHead(s, 'backup');
    const kf = readKeyFile(s.dbPath);
    writeKeyFile(out, { ...kf, failures: {} });
  } catch (e) {
    removeAll([...leftovers, keyFilePath(out)]);
    throw e;
  }
  try {
    s.db.transaction(() =>
      appendAudit(s.db, [{ user: s.user.username, action: 'backup', detail: { file: out, sha256 } }], s.now()),
    )();
    renameSync(tmp, out);
  } catch (e) {
    removeAll([...leftovers, keyFilePath(out)]);
    throw e;
  }
  return { file: out, sha256, auditRows: rows };
}

/**
 * Restores a backup to a new path: copied to `<to>.partial`, opened with the credentials (which
 * must be an administrator's, as for a backup), its chain verified, and only then renamed to
 * its name. A failed restore leaves nothing at `to`.
 */
export function restoreDatabase(
  from: string,
  to: string,
  cred: Credentials,
): { auditRows: number; newRecoveryCode?: string } {
  if (existsSync(to) || existsSync(keyFilePath(to)))
    throw new CrfError({ code: 'CONFLICT', field: 'db', message: `${to} already exists: restore to a new file name` });
  readKeyFile(from);
  const tmp = `${to}.partial`;
  const leftovers = [tmp, keyFilePath(tmp), `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`];
  removeAll(leftovers);
  let auditRows: number;
  let newRecoveryCode: string | undefined;
  try {
    copyFileSync(from, tmp);
    copyFileSync(keyFilePath(from), keyFilePath(tmp));
    // A restore with the recovery code spends it: the restored copy gets a new one (and new keys).
    const s = unlockSiteDatabase(tmp, cred, { audit: false, replaceRecovery: true });
    newRecoveryCode = s.newRecoveryCode;
    try {
      // Restore replaces a site's data: the same role as a backup (never a monitor).
      s.require('backup.run');
      const chain = verifyAuditChain(s.db);
      if (!chain.ok)
        throw new CrfError({ code: 'DAMAGED', message: `The backup's audit trail does not verify: ${chain.problem}` });
      s.db.transaction(() =>
        appendAudit(s.db, [{ user: s.user.username, action: 'restore', detail: { from } }], s.now()),
      )();
      auditRows = chain.rows;
      s.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      s.close();
    }
    renameSync(keyFilePath(tmp), keyFilePath(to));
    renameSync(tmp, to);
  } catch (e) {
    removeAll([...leftovers, to, keyFilePath(to), `${to}-wal`, `${to}-shm`]);
    throw e;
  }
  return { auditRows, ...(newRecoveryCode ? { newRecoveryCode } : {}) };
}
