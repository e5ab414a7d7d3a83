/**
 * Backups: an online, consistent snapshot (VACUUM INTO) encrypted with the same data key, with
 * a copy of the key slots beside it, so it restores on another machine with a user's password
 * or the recovery code. A backup is checked by opening it before it is reported done.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { CrfError } from '../../shared/errors';
import { appendAudit, verifyAuditChain } from './audit';
import type { SiteSession } from './session';
import { openEncrypted, snapshotInto } from '../db/connection';
import { keyFilePath, readKeyFile, writeKeyFile } from '../db/keyslots';
import { unlockSiteDatabase, type Credentials } from './site-db';

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function backupDatabase(s: SiteSession, out: string): { file: string; sha256: string; auditRows: number } {
  s.require('backup.run');
  if (existsSync(out) || existsSync(keyFilePath(out)))
    throw new CrfError({
      code: 'CONFLICT',
      field: 'out',
      message: `${out} already exists: choose a new backup file name`,
    });
  const tmp = `${out}.partial`;
  if (existsSync(tmp)) unlinkSync(tmp);
  // The audit row goes in first so the backup itself records that it was taken.
  s.db.transaction(() =>
    appendAudit(s.db, [{ user: s.user.username, action: 'backup', detail: { file: out } }], s.now()),
  )();
  snapshotInto(s.db, tmp);
  const check = s.withDataKey((k) => openEncrypted(tmp, k, { create: false }));
  let rows: number;
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
  const kf = readKeyFile(s.dbPath);
  writeKeyFile(out, { ...kf, failures: {} });
  renameSync(tmp, out);
  return { file: out, sha256: fileSha256(out), auditRows: rows };
}

/** Restores a backup to a new path after proving the credentials open it and its chain verifies. */
export function restoreDatabase(from: string, to: string, cred: Credentials): { auditRows: number } {
  if (existsSync(to) || existsSync(keyFilePath(to)))
    throw new CrfError({ code: 'CONFLICT', field: 'db', message: `${to} already exists: restore to a new file name` });
  readKeyFile(from);
  copyFileSync(from, `${to}.partial`);
  copyFileSync(keyFilePath(from), keyFilePath(to));
  renameSync(`${to}.partial`, to);
  try {
    const s = unlockSiteDatabase(to, cred, { audit: false });
    try {
      const chain = verifyAuditChain(s.db);
      if (!chain.ok)
        throw new CrfError({ code: 'DAMAGED', message: `The backup's audit trail does not verify: ${chain.problem}` });
      s.db.transaction(() =>
        appendAudit(s.db, [{ user: s.user.username, action: 'restore', detail: { from } }], s.now()),
      )();
      return { auditRows: chain.rows };
    } finally {
      s.close();
    }
  } catch (e) {
    for (const p of [to, keyFilePath(to), `${to}-wal`, `${to}-shm`]) if (existsSync(p)) unlinkSync(p);
    throw e;
  }
}
