/**
 * Creating a site database (unlocking it is unlock.ts). One site per database; the data key, the
 * identified-access key and the site's signing key are random and never stored in the clear.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, unlinkSync } from 'node:fs';
import { CrfError } from '../../shared/errors';
import { DEFAULT_STUDY_ID, getStudy, studySourceText } from '../../shared/studies/index';
import { insertStudyVersion, studyFromText } from './study-store';
import { appendAudit, setAuditSigner } from './audit';
import { writeUserRecord } from './user-records';
import { openEncrypted, type Db } from '../db/connection';
import { newEncPair, newSignPair, privateKeyOf, publicOf } from '../db/crypto-keys';
import { issueGrant, newSymmetricKey } from '../db/grants';
import {
  DEFAULT_KDF,
  RECOVERY_SLOT_ID,
  keyFilePath,
  newRecoveryCode,
  normalizeRecoveryCode,
  userSlotId,
  wrapSlot,
  writeKeyFile,
  type KdfParams,
  type KeyFile,
} from '../db/keyslots';
import { migrate } from '../db/migrate';
import { fillSubjectColumns } from './subject-columns';
import { keyringOf } from './identifier-values';
import { writeRecoveryRecord } from '../db/recovery-record';
import { signKeyFileId } from '../db/keyfile-id';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../shared/password-policy';

export { unlockSiteDatabase, logout, type Credentials, type UnlockOptions } from './unlock';

export const APP_FORMAT = 'sitecrf-site-db';

export interface CreateOptions {
  path: string;
  siteCode: string;
  studyId?: string;
  /** A study file's text (`init --study FILE`, the first-run screen's file); else the shipped `studyId`. */
  studyText?: string;
  admin: { username: string; fullName: string; password: string };
  kdf?: KdfParams;
  now?: Date;
}

export function validatePassword(pw: string, field = 'password'): void {
  if (pw.length < PASSWORD_MIN)
    throw new CrfError({
      code: 'VALIDATION',
      field,
      rule: 'minLength',
      message: `A password needs at least ${PASSWORD_MIN} characters`,
    });
  if (pw.length > PASSWORD_MAX)
    throw new CrfError({
      code: 'VALIDATION',
      field,
      rule: 'maxLength',
      message: `A password may have at most ${PASSWORD_MAX} characters`,
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
  const studyText = o.studyText ?? studySourceText(o.studyId ?? DEFAULT_STUDY_ID);
  const study = o.studyText !== undefined ? studyFromText(o.studyText) : getStudy(o.studyId ?? DEFAULT_STUDY_ID);
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

  const keys = { data: newSymmetricKey(), id: newSymmetricKey(), idOld: [], site: newSignPair().privateKey };
  const sitePublicKey = publicOf(keys.site);
  const dbId = randomUUID();
  const recoveryCode = newRecoveryCode();
  const kdf = o.kdf ?? DEFAULT_KDF;
  const admin = personal();
  const recovery = personal();
  const now = o.now ?? new Date();
  let db: Db | undefined;
  try {
    db = openEncrypted(o.path, keys.data, { create: true });
    migrate(db, {
      fillSubjectColumns: (d) => fillSubjectColumns(d, study, keyringOf(keys.id)),
      studyText: studySourceText,
    });
    let adminId = 0;
    const tx = db.transaction(() => {
      const meta = db!.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      meta.run('format', APP_FORMAT);
      meta.run('db_id', dbId);
      meta.run('study', study.def.id);
      meta.run('site_code', site.code);
      meta.run('next_subject_seq', '1');
      meta.run('created_at', now.toISOString());
      meta.run('site_public_key', sitePublicKey);
      meta.run('key_generation', '1');
      const sha256 = insertStudyVersion(db!, {
        text: studyText,
        version: study.def.version,
        at: now.toISOString(),
        by: o.admin.username,
        reason: null,
      });
      const siteIns = db!.prepare('INSERT INTO sites (code, name) VALUES (?, ?)');
      for (const s of study.def.sites) siteIns.run(s.code, s.name);
      adminId = Number(
        db!
          .prepare('INSERT INTO users (username, full_name, role, created_at) VALUES (?, ?, ?, ?)')
          .run(o.admin.username, o.admin.fullName, 'admin', now.toISOString()).lastInsertRowid,
      );
      writeUserRecord(db!, keys.site, dbId, {
        id: adminId,
        username: o.admin.username,
        role: 'admin',
        active: true,
        signPublic: admin.signPublic,
        encPublic: admin.encPublic,
      });
      writeRecoveryRecord(db!, keys.site, dbId, recovery);
      setAuditSigner(db!, { dbId, name: o.admin.username, key: privateKeyOf(admin.sign) });
      appendAudit(
        db!,
        [
          {
            user: o.admin.username,
            action: 'site.create',
            detail: { site: site.code, study: study.def.id, version: study.def.version, sha256, dbId },
          },
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
    const adminSlot = wrapSlot(
      admin,
      o.admin.password,
      dbId,
      userSlotId(o.admin.username),
      'user',
      { username: o.admin.username, id: adminId },
      kdf,
    );
    const recoverySlot = wrapSlot(
      recovery,
      normalizeRecoveryCode(recoveryCode),
      dbId,
      RECOVERY_SLOT_ID,
      'recovery',
      undefined,
      kdf,
    );
    const keyFile: KeyFile = {
      format: 'sitecrf-keys',
      version: 2,
      dbId,
      cipher: 'sqlcipher',
      generation: 1,
      sitePublicKey,
      slots: [adminSlot, recoverySlot],
      grants: [issueGrant(dbId, adminSlot, 'admin', 1, keys), issueGrant(dbId, recoverySlot, 'admin', 1, keys)],
      heads: [],
      failures: {},
    };
    signKeyFileId(keyFile, keys.site);
    writeKeyFile(o.path, keyFile);
  } catch (e) {
    db?.close();
    for (const p of [o.path, `${o.path}-wal`, `${o.path}-shm`]) if (existsSync(p)) unlinkSync(p);
    throw e;
  } finally {
    keys.data.fill(0);
    keys.id.fill(0);
  }
  db.close();
  return { recoveryCode, dbId };
}

/** A principal's fresh key pairs: X25519 to receive grants, Ed25519 to sign. */
export function personal(): { enc: string; sign: string; encPublic: string; signPublic: string } {
  const e = newEncPair();
  const s = newSignPair();
  return { enc: e.privateKey, sign: s.privateKey, encPublic: e.publicKey, signPublic: s.publicKey };
}
