/**
 * User records signed by the site key: id, user name, role, state and public keys. Only a holder
 * of the site key (an administrator, the recovery code) can sign one, so `UPDATE users SET
 * role = 'admin'` behind the application's back makes the record fail, not grant anything.
 */
import type { Db } from '../db/connection';
import { privateKeyOf, signBytes, verifyBytes } from '../db/crypto-keys';
import { stmt } from '../db/statements';
import type { Role } from '../../shared/roles';
import { retireSigningKey } from '../db/retired-signers';
import { issueSignerCert } from '../db/signer-certs';

export interface UserRecord {
  id: number;
  username: string;
  role: Role;
  active: boolean;
  signPublic: string | null;
  encPublic: string | null;
  sig: string | null;
}

function recordBytes(dbId: string, r: Omit<UserRecord, 'sig'>): string {
  return JSON.stringify([
    'sitecrf-user-v2',
    dbId,
    r.id,
    r.username.toLowerCase(),
    r.role,
    r.active ? 1 : 0,
    r.signPublic,
    r.encPublic,
  ]);
}

export function signUserRecord(sitePrivate: string, dbId: string, r: Omit<UserRecord, 'sig'>): string {
  return signBytes(privateKeyOf(sitePrivate), recordBytes(dbId, r));
}

export function verifyUserRecord(sitePublic: string, dbId: string, r: UserRecord): boolean {
  return r.sig !== null && verifyBytes(sitePublic, recordBytes(dbId, r), r.sig);
}

interface Row {
  id: number;
  username: string;
  role: Role;
  active: number;
  sign_public: string | null;
  enc_public: string | null;
  record_sig: string | null;
}
const toRecord = (r: Row): UserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role,
  active: !!r.active,
  signPublic: r.sign_public,
  encPublic: r.enc_public,
  sig: r.record_sig,
});
const COLS = 'u.id, u.username, u.role, u.active, k.sign_public, k.enc_public, k.record_sig';
const FROM = 'FROM users u LEFT JOIN user_keys k ON k.user_id = u.id';

export function readUserRecord(db: Db, id: number): UserRecord | null {
  const r = stmt(db, `SELECT ${COLS} ${FROM} WHERE u.id = ?`).get(id) as Row | undefined;
  return r ? toRecord(r) : null;
}

export function readUserRecordByName(db: Db, username: string): UserRecord | null {
  const r = stmt(db, `SELECT ${COLS} ${FROM} WHERE u.username = ?`).get(username) as Row | undefined;
  return r ? toRecord(r) : null;
}

export function allUserRecords(db: Db): UserRecord[] {
  return (db.prepare(`SELECT ${COLS} ${FROM} ORDER BY u.id`).all() as Row[]).map(toRecord);
}

/** Writes the record's role, state and keys with a fresh site signature (inside the caller's transaction). */
export function writeUserRecord(
  db: Db,
  sitePrivate: string,
  dbId: string,
  r: Omit<UserRecord, 'sig'> & { signPublic: string; encPublic: string },
): void {
  const sig = signUserRecord(sitePrivate, dbId, r);
  const before = stmt(db, 'SELECT sign_public FROM user_keys WHERE user_id = ?').get(r.id) as
    { sign_public: string } | undefined;
  if (before && before.sign_public !== r.signPublic)
    retireSigningKey(db, sitePrivate, dbId, r.username, before.sign_public);
  db.prepare('UPDATE users SET role = ?, active = ? WHERE id = ?').run(r.role, r.active ? 1 : 0, r.id);
  db.prepare(
    `INSERT INTO user_keys (user_id, sign_public, enc_public, record_sig) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET sign_public = excluded.sign_public, enc_public = excluded.enc_public, record_sig = excluded.record_sig`,
  ).run(r.id, r.signPublic, r.encPublic, sig);
  // The certificate a submission's Cover carries follows the record (role, state, key).
  issueSignerCert(db, sitePrivate, dbId, r);
}
