/**
 * Creating and unlocking a site database. One site per database; the data key is random and
 * never stored in the clear; a wrong password is refused with nothing changed in the database.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, unlinkSync } from 'node:fs';
import { CrfError } from '../../shared/errors';
import type { Role } from '../../shared/roles';
import { DEFAULT_STUDY_ID, getStudy } from '../../shared/studies/index';
import { appendAudit } from './audit';
import { fillSubjectColumns } from './subject-columns';
import { SiteSession, type SessionUser } from './session';
import { openEncrypted, type Db } from '../db/connection';
import {
  DEFAULT_KDF,
  RECOVERY_SLOT_ID,
  keyFilePath,
  newRecoveryCode,
  normalizeRecoveryCode,
  readKeyFile,
  unwrapKey,
  userSlotId,
  wrapKey,
  writeKeyFile,
  type KdfParams,
  type KeyFile,
} from '../db/keyslots';
import { migrate, schemaVersion } from '../db/migrate';
import type { MigrationHooks } from '../db/migrations/index';
import type { Study } from '../../shared/protocol/load';
import { lockoutSeconds } from '../../shared/lockout';

export const APP_FORMAT = 'sitecrf-site-db';

/** The services that migrations call back into; the study is resolved only if a migration needs it. */
function migrationHooks(study: () => Study): MigrationHooks {
  return { fillSubjectColumns: (db) => fillSubjectColumns(db, study()) };
}

function metaValue(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export interface CreateOptions {
  path: string;
  siteCode: string;
  studyId?: string;
  admin: { username: string; fullName: string; password: string };
  kdf?: KdfParams;
  now?: Date;
}

export function validatePassword(pw: string, field = 'password'): void {
  if (pw.length < 10)
    throw new CrfError({
      code: 'VALIDATION',
      field,
      rule: 'minLength',
      message: 'A password needs at least 10 characters',
    });
  if (pw.length > 200)
    throw new CrfError({
      code: 'VALIDATION',
      field,
      rule: 'maxLength',
      message: 'A password may have at most 200 characters',
    });
}

export function validateUsername(u: string): void {
  if (!/^[a-z][a-z0-9._-]{1,31}$/i.test(u))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'username',
      rule: 'pattern',
      message: 'A user name is 2–32 letters, digits, ., _ or -, starting with a letter',
    });
}

export function createSiteDatabase(o: CreateOptions): { recoveryCode: string; dbId: string } {
  const study = getStudy(o.studyId ?? DEFAULT_STUDY_ID);
  const site = study.def.sites.find((s) => s.code === o.siteCode);
  if (!site)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'site',
      rule: 'code',
      message: `Unknown site ${o.siteCode}: one of ${study.def.sites.map((s) => s.code).join(', ')}`,
    });
  validateUsername(o.admin.username);
  validatePassword(o.admin.password);
  if (existsSync(o.path) || existsSync(keyFilePath(o.path)))
    throw new CrfError({ code: 'CONFLICT', message: `${o.path} already exists: SiteCRF never overwrites a database` });

  const dataKey = randomBytes(32);
  const dbId = randomUUID();
  const recoveryCode = newRecoveryCode();
  const kdf = o.kdf ?? DEFAULT_KDF;
  const keyFile: KeyFile = {
    format: 'sitecrf-keys',
    version: 1,
    dbId,
    cipher: 'sqlcipher',
    slots: [
      wrapKey(dataKey, o.admin.password, dbId, userSlotId(o.admin.username), 'user', o.admin.username, kdf),
      wrapKey(dataKey, normalizeRecoveryCode(recoveryCode), dbId, RECOVERY_SLOT_ID, 'recovery', undefined, kdf),
    ],
    failures: {},
  };
  const now = o.now ?? new Date();
  let db: Db | undefined;
  try {
    db = openEncrypted(o.path, dataKey, { create: true });
    migrate(
      db,
      migrationHooks(() => study),
    );
    const tx = db.transaction(() => {
      const meta = db!.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      meta.run('format', APP_FORMAT);
      meta.run('db_id', dbId);
      meta.run('study', study.def.id);
      meta.run('protocol_version', study.def.version);
      meta.run('site_code', site.code);
      meta.run('next_subject_seq', '1');
      meta.run('created_at', now.toISOString());
      const siteIns = db!.prepare('INSERT INTO sites (code, name) VALUES (?, ?)');
      for (const s of study.def.sites) siteIns.run(s.code, s.name);
      db!
        .prepare('INSERT INTO users (username, full_name, role, created_at) VALUES (?, ?, ?, ?)')
        .run(o.admin.username, o.admin.fullName, 'admin', now.toISOString());
      appendAudit(
        db!,
        [
          { user: o.admin.username, action: 'site.create', detail: { site: site.code, study: study.def.id, dbId } },
          {
            user: o.admin.username,
            action: 'user.add',
            field: 'role',
            newValue: 'admin',
            detail: { username: o.admin.username },
          },
        ],
        now,
      );
    });
    tx();
    writeKeyFile(o.path, keyFile);
  } catch (e) {
    db?.close();
    for (const p of [o.path, `${o.path}-wal`, `${o.path}-shm`]) if (existsSync(p)) unlinkSync(p);
    throw e;
  } finally {
    dataKey.fill(0);
  }
  db.close();
  return { recoveryCode, dbId };
}

export type Credentials = { username: string; password: string } | { username: string; recoveryCode: string };

function retryAfter(kf: KeyFile, username: string, now: Date): number {
  const f = kf.failures[username.toLowerCase()];
  if (!f) return 0;
  return lockoutSeconds(f.count, Date.parse(f.last), now.getTime());
}

function recordFailure(path: string, kf: KeyFile, username: string, now: Date): void {
  const k = username.toLowerCase();
  const f = kf.failures[k] ?? { count: 0, last: now.toISOString(), pending: [] };
  f.count += 1;
  f.last = now.toISOString();
  // Kept until the next successful unlock writes them into the audit trail (bounded).
  f.pending = [...f.pending, now.toISOString()].slice(-50);
  kf.failures[k] = f;
  writeKeyFile(path, kf);
}

export interface UnlockOptions {
  now?: Date;
  clock?: () => Date;
  /** Auditing a login is skipped for internal re-opens (e.g. a backup verifying itself). */
  audit?: boolean;
}

export function unlockSiteDatabase(path: string, cred: Credentials, opts: UnlockOptions = {}): SiteSession {
  const now = opts.now ?? opts.clock?.() ?? new Date();
  const kf = readKeyFile(path);
  const wait = retryAfter(kf, cred.username, now);
  if (wait > 0)
    throw new CrfError({
      code: 'LOCKED_OUT',
      retryAfterSeconds: wait,
      message: `Too many wrong passwords for ${cred.username}: try again in ${wait} seconds`,
    });

  const usingRecovery = 'recoveryCode' in cred;
  const slot = usingRecovery
    ? kf.slots.find((s) => s.id === RECOVERY_SLOT_ID)
    : kf.slots.find((s) => s.id === userSlotId(cred.username));
  const secret = usingRecovery ? normalizeRecoveryCode(cred.recoveryCode) : cred.password;
  // An unknown user costs the same scrypt as a known one: timing does not tell who exists.
  const dataKey = slot
    ? unwrapKey(slot, secret, kf.dbId)
    : (wrapKey(randomBytes(32), secret, kf.dbId, 'x', 'user', undefined), null);
  if (!dataKey) {
    recordFailure(path, kf, cred.username, now);
    throw new CrfError({
      code: 'AUTH',
      message: usingRecovery ? 'That recovery code does not open this database' : 'Wrong user name or password',
    });
  }

  const db = openEncrypted(path, dataKey, { create: false });
  try {
    const format = (() => {
      try {
        return (db.prepare(`SELECT value FROM meta WHERE key = 'format'`).get() as { value: string } | undefined)
          ?.value;
      } catch {
        return undefined;
      }
    })();
    if (format !== APP_FORMAT && schemaVersion(db) > 0)
      throw new CrfError({
        code: 'NOT_A_DATABASE',
        message: `${path} is an SQLite database but not a SiteCRF site database`,
      });
    migrate(
      db,
      migrationHooks(() => getStudy(metaValue(db, 'study') ?? DEFAULT_STUDY_ID)),
    );
    const meta = Object.fromEntries(
      (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [
        r.key,
        r.value,
      ]),
    );
    if (meta.db_id !== kf.dbId)
      throw new CrfError({ code: 'DAMAGED', message: `${path} does not belong to its key file (database ids differ)` });
    const row = db
      .prepare('SELECT id, username, full_name, role, active FROM users WHERE username = ?')
      .get(cred.username) as
      { id: number; username: string; full_name: string; role: Role; active: number } | undefined;
    if (!row || !row.active) {
      recordFailure(path, kf, cred.username, now);
      throw new CrfError({
        code: 'AUTH',
        message: row ? `The account ${cred.username} is deactivated` : 'Wrong user name or password',
      });
    }
    if (usingRecovery && row.role !== 'admin')
      throw new CrfError({ code: 'FORBIDDEN', message: 'The recovery code can only be used by an administrator' });
    const site = db.prepare('SELECT code, name FROM sites WHERE code = ?').get(meta.site_code) as {
      code: string;
      name: string;
    };
    const user: SessionUser = { id: row.id, username: row.username, fullName: row.full_name, role: row.role };
    const session = new SiteSession(
      db,
      getStudy(meta.study ?? DEFAULT_STUDY_ID),
      user,
      site,
      path,
      kf.dbId,
      dataKey,
      opts.clock,
    );

    if (opts.audit !== false) {
      const pending = Object.entries(kf.failures).flatMap(([u, f]) =>
        f.pending.map((at) => ({ at, user: u, action: 'login.failed' })),
      );
      db.transaction(() =>
        appendAudit(db, [...pending, { user: user.username, action: usingRecovery ? 'login.recovery' : 'login' }], now),
      )();
      if (pending.length || kf.failures[cred.username.toLowerCase()]) {
        for (const f of Object.values(kf.failures)) f.pending = [];
        delete kf.failures[cred.username.toLowerCase()];
        writeKeyFile(path, kf);
      }
    }
    return session;
  } catch (e) {
    if (db.open) db.close();
    throw e;
  }
}

export function logout(s: SiteSession): void {
  try {
    s.db.transaction(() => appendAudit(s.db, [{ user: s.user.username, action: 'logout' }], s.now()))();
  } finally {
    s.close();
  }
}
