/**
 * Unlocking a site database: the password unwraps the user's own private keys, those open the
 * user's grant (the data key, and for roles that may hold them the identified-access and site
 * keys), and the role comes from the user record signed by the site key. A wrong password is
 * refused with nothing changed in the database.
 */
import { CrfError } from '../../shared/errors';
import { DEFAULT_STUDY_ID, getStudy, studySourceText } from '../../shared/studies/index';
import { storedStudy } from './study-store';
import { appendAudit, setAuditSigner, type AuditEntry } from './audit';
import { checkHeads, recordHead } from './heads';
import { keyringOf } from './identifier-values';
import { fillSubjectColumns } from './subject-columns';
import { replaceRecoveryCode } from './recovery';
import { SiteSession, type SessionKeys, type SessionUser } from './session';
import { allUserRecords, readUserRecordByName, verifyUserRecord } from './user-records';
import { openEncrypted } from '../db/connection';
import { privateKeyOf, publicOf } from '../db/crypto-keys';
import { clearReported, pendingReports, retryAfter, withFailure } from '../db/failures';
import { openGrant } from '../db/grants';
import {
  RECOVERY_SLOT_ID,
  burnKdf,
  normalizeRecoveryCode,
  readKeyFile,
  unwrapSlot,
  userSlotId,
  writeKeyFile,
  DEFAULT_KDF,
} from '../db/keyslots';
import { migrate, schemaVersion } from '../db/migrate';
import { readRecoveryRecord } from '../db/recovery-record';
import { finishRotation } from '../db/rotate-files';
import { checkKeyFileId, signKeyFileId } from '../db/keyfile-id';
import { backfillSignerCerts } from '../db/signer-certs';
import { plural } from '../../shared/plural';

const APP_FORMAT = 'sitecrf-site-db';

export type Credentials = { username: string; password: string } | { username: string; recoveryCode: string };

export interface UnlockOptions {
  now?: Date;
  clock?: () => Date;
  /** Auditing a login is skipped for internal re-opens (e.g. a backup verifying itself). */
  audit?: boolean;
  /** After the recovery code opened the file, replace it (the caller must show `session.newRecoveryCode`). */
  replaceRecovery?: boolean;
}

const damaged = (message: string): CrfError => new CrfError({ code: 'DAMAGED', message });

export function unlockSiteDatabase(path: string, cred: Credentials, opts: UnlockOptions = {}): SiteSession {
  const now = opts.now ?? opts.clock?.() ?? new Date();
  finishRotation(path);
  const kf = readKeyFile(path);
  checkKeyFileId(kf, path);
  const wait = retryAfter(kf, cred.username, now);
  if (wait > 0) {
    writeKeyFile(path, kf);
    throw new CrfError({
      code: 'LOCKED_OUT',
      retryAfterSeconds: wait,
      message: `Too many wrong passwords for ${cred.username}: try again in ${plural(wait, 'second')}`,
    });
  }

  const usingRecovery = 'recoveryCode' in cred;
  const slot = kf.slots.find((s) => s.id === (usingRecovery ? RECOVERY_SLOT_ID : userSlotId(cred.username)));
  const secret = usingRecovery ? normalizeRecoveryCode(cred.recoveryCode) : cred.password;
  // An unknown user costs the same scrypt as a known one: timing does not tell who exists.
  const own = slot ? unwrapSlot(slot, secret, kf.dbId) : (burnKdf(secret, kf.slots[0]?.kdf ?? DEFAULT_KDF), null);
  if (!own || !slot) {
    withFailure(kf, cred.username, now);
    writeKeyFile(path, kf);
    throw new CrfError({
      code: 'AUTH',
      message: usingRecovery ? 'That recovery code does not open this database' : 'Wrong user name or password',
    });
  }
  const grant = openGrant(kf, slot, own.enc);
  if (!grant)
    throw new CrfError({
      code: 'AUTH',
      message: `The account ${cred.username} holds no key of this database's current generation (deactivated, or its keys were rotated)`,
    });

  const db = openEncrypted(path, grant.keys.data, { create: false });
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
    const ring = grant.keys.id ? keyringOf(grant.keys.id, grant.keys.idOld) : null;
    migrate(db, {
      fillSubjectColumns: (d) => {
        const study = (d.prepare(`SELECT value FROM meta WHERE key = 'study'`).get() as { value: string } | undefined)
          ?.value;
        fillSubjectColumns(d, getStudy(study ?? DEFAULT_STUDY_ID), ring);
      },
      studyText: studySourceText,
    });
    const meta = Object.fromEntries(
      (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [
        r.key,
        r.value,
      ]),
    );
    if (meta.db_id !== kf.dbId) throw damaged(`${path} does not belong to its key file (database ids differ)`);
    if (meta.site_public_key !== kf.sitePublicKey)
      throw damaged(`The site key of ${path} differs from its key file's: one of them was replaced`);
    if (grant.keys.site && publicOf(grant.keys.site) !== kf.sitePublicKey)
      throw damaged(`The key file's site key is not this site's (it was replaced): restore the key file from a backup`);

    const rec = readUserRecordByName(db, cred.username);
    if (!rec) {
      withFailure(kf, cred.username, now);
      writeKeyFile(path, kf);
      throw new CrfError({ code: 'AUTH', message: 'Wrong user name or password' });
    }
    if (!verifyUserRecord(kf.sitePublicKey, kf.dbId, rec))
      throw new CrfError({
        code: 'AUTH',
        message: `The user record of ${rec.username} is not signed by this site: it was changed outside SiteCRF`,
      });
    if (!rec.active) throw new CrfError({ code: 'AUTH', message: `The account ${cred.username} is deactivated` });
    let signer: string;
    let signPublic: string;
    if (usingRecovery) {
      if (rec.role !== 'admin')
        throw new CrfError({ code: 'FORBIDDEN', message: 'The recovery code can only be used by an administrator' });
      const r = readRecoveryRecord(db, kf.sitePublicKey, kf.dbId);
      if (!r || r.signPublic !== slot.signPublic)
        throw damaged(`The recovery record of ${path} is not signed by this site`);
      signer = 'recovery';
      signPublic = r.signPublic;
    } else {
      if (rec.signPublic !== slot.signPublic || rec.id !== slot.userId)
        throw damaged(`The key slot of ${rec.username} does not match the user's signed record`);
      if (grant.role !== rec.role)
        throw new CrfError({
          code: 'AUTH',
          message: `The keys of ${rec.username} were issued for the role ${grant.role}, the record says ${rec.role}: an administrator must re-issue them`,
        });
      signer = rec.username;
      signPublic = rec.signPublic!;
    }
    const full = db.prepare('SELECT full_name FROM users WHERE id = ?').get(rec.id) as { full_name: string };
    const site = db.prepare('SELECT code, name FROM sites WHERE code = ?').get(meta.site_code) as {
      code: string;
      name: string;
    };
    const user: SessionUser = { id: rec.id, username: rec.username, fullName: full.full_name, role: rec.role };
    const keys: SessionKeys = {
      ...grant.keys,
      signer,
      sign: privateKeyOf(own.sign),
      signPublic,
      sitePublicKey: kf.sitePublicKey,
      generation: kf.generation,
    };
    setAuditSigner(db, { dbId: kf.dbId, name: signer, key: keys.sign });
    const session = new SiteSession(
      db,
      // The database's own definition, not one compiled into this build (issue 12).
      storedStudy(db).study,
      user,
      site,
      path,
      kf.dbId,
      keys,
      opts.clock,
    );
    session.warnings.push(...checkHeads(db, kf));
    // A key file from before the id was signed gets its signature at an administrator's login.
    if (kf.idSig === undefined && grant.keys.site) {
      signKeyFileId(kf, grant.keys.site);
      writeKeyFile(path, kf);
    }

    if (opts.audit !== false) {
      const { failed, tampered } = pendingReports(kf, now);
      const entries: AuditEntry[] = [
        ...failed.map((f) => ({ at: f.at, user: f.user, action: 'login.failed' })),
        ...tampered.map((t) => ({
          user: user.username,
          action: 'keyfile.tampered',
          detail: { counter: t.user, problem: t.problem },
        })),
        { user: user.username, action: usingRecovery ? 'login.recovery' : 'login' },
      ];
      db.transaction(() => {
        appendAudit(db, entries, now);
        // Users made before signer certificates existed get theirs from the first site-key login.
        if (grant.keys.site)
          backfillSignerCerts(
            db,
            grant.keys.site,
            kf.sitePublicKey,
            kf.dbId,
            allUserRecords(db).flatMap((r) =>
              r.active && r.signPublic && verifyUserRecord(kf.sitePublicKey, kf.dbId, r)
                ? [{ id: r.id, role: r.role, signPublic: r.signPublic }]
                : [],
            ),
          );
      })();
      if (failed.length || tampered.length || kf.failures[cred.username.toLowerCase()]) {
        clearReported(kf, cred.username, now);
        writeKeyFile(path, kf);
      }
      for (const t of tampered)
        session.warnings.push(
          `The wrong-password counter of ${t.user} in the key file was tampered with (${t.problem})`,
        );
    }
    if (usingRecovery && opts.replaceRecovery) session.newRecoveryCode = replaceRecoveryCode(session);
    return session;
  } catch (e) {
    if (db.open) db.close();
    throw e;
  }
}

export function logout(s: SiteSession): void {
  try {
    s.db.transaction(() => appendAudit(s.db, [{ user: s.user.username, action: 'logout' }], s.now()))();
    recordHead(s, 'logout');
  } finally {
    s.close();
  }
}
