/**
 * Users and passwords. Each user record (role, state, public keys) is signed by the site key;
 * a user's own password change rewraps one slot; deactivation, an admin reset and the loss of
 * a role's keys rotate the keys (rotate.ts).
 */
import { CrfError } from '../../shared/errors';
import { ROLES, type Role } from '../../shared/roles';
import { holdsIdentifiers, holdsSiteKey, issueGrant } from '../db/grants';
import { readKeyFile, unwrapSlot, userSlotId, wrapSlot, writeKeyFile, type KeyFile, DEFAULT_KDF } from '../db/keyslots';
import { rotateKeys } from './rotate';
import { personal, validatePassword, validateUsername } from './site-db';
import { appendAudit } from './audit';
import type { SiteSession } from './session';
import { readUserRecord, writeUserRecord, type UserRecord } from './user-records';

export interface UserInfo {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  active: boolean;
  lockMinutes: number;
  createdAt: string;
}

interface UserRow {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  active: number;
  lock_minutes: number;
  created_at: string;
}
const toInfo = (r: UserRow): UserInfo => ({
  id: r.id,
  username: r.username,
  fullName: r.full_name,
  role: r.role,
  active: !!r.active,
  lockMinutes: r.lock_minutes,
  createdAt: r.created_at,
});

/** New slots use the cost chosen when the database was created. */
const kdfOf = (kf: KeyFile) => kf.slots[0]?.kdf ?? DEFAULT_KDF;

function checkRole(role: string): asserts role is Role {
  if (!(ROLES as readonly string[]).includes(role))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'role',
      rule: 'code',
      message: `Role must be one of ${ROLES.join(', ')}`,
    });
}

function getUserRow(s: SiteSession, username: string): UserRow {
  const r = s.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  if (!r) throw new CrfError({ code: 'NOT_FOUND', field: 'username', message: `No user ${username}` });
  return r;
}

export function listUsers(s: SiteSession): UserInfo[] {
  s.require('user.manage');
  return (s.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(toInfo);
}

export function currentUser(s: SiteSession): UserInfo {
  s.require('user.self');
  return toInfo(getUserRow(s, s.user.username));
}

export function addUser(
  s: SiteSession,
  input: { username: string; fullName: string; role: string; password: string },
): UserInfo {
  s.require('user.manage');
  validateUsername(input.username);
  checkRole(input.role);
  validatePassword(input.password);
  const fullName = input.fullName.trim();
  if (!fullName || fullName.length > 100)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'fullName',
      rule: 'length',
      message: 'A full name is 1–100 characters',
    });
  if (s.db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username))
    throw new CrfError({
      code: 'CONFLICT',
      field: 'username',
      rule: 'unique',
      message: `The user name ${input.username} is taken`,
    });
  const kf = readKeyFile(s.dbPath);
  const keys = adminKeys(s);
  const own = personal();
  const at = s.now().toISOString();
  const role = input.role;
  s.db.transaction(() => {
    const id = Number(
      s.db
        .prepare('INSERT INTO users (username, full_name, role, created_at) VALUES (?, ?, ?, ?)')
        .run(input.username, fullName, role, at).lastInsertRowid,
    );
    writeUserRecord(s.db, keys.site, s.dbId, {
      id,
      username: input.username,
      role,
      active: true,
      signPublic: own.signPublic,
      encPublic: own.encPublic,
    });
    const slot = wrapSlot(
      own,
      input.password,
      kf.dbId,
      userSlotId(input.username),
      'user',
      { username: input.username, id },
      kdfOf(kf),
    );
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'user.add',
          field: 'role',
          newValue: input.role,
          detail: { username: input.username, fullName },
        },
      ],
      s.now(),
    );
    // The slot is written inside the transaction: if writing it fails, the user row rolls back.
    kf.slots = [...kf.slots.filter((x) => x.id !== slot.id), slot];
    kf.grants = [...kf.grants.filter((g) => g.slot !== slot.id), issueGrant(kf.dbId, slot, role, kf.generation, keys)];
    writeKeyFile(s.dbPath, kf);
  })();
  return toInfo(getUserRow(s, input.username));
}

export function setUserRole(s: SiteSession, input: { username: string; role: string }): UserInfo {
  s.require('user.manage');
  checkRole(input.role);
  const r = getUserRow(s, input.username);
  if (r.username.toLowerCase() === s.user.username.toLowerCase())
    throw new CrfError({ code: 'VALIDATION', field: 'role', rule: 'self', message: 'You cannot change your own role' });
  const keys = adminKeys(s);
  const rec = signedRecord(s, r);
  const role: Role = input.role;
  s.db.transaction(() => {
    writeUserRecord(s.db, keys.site, s.dbId, { ...rec, role });
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'user.role',
          field: 'role',
          oldValue: r.role,
          newValue: input.role,
          detail: { username: r.username },
        },
      ],
      s.now(),
    );
  })();
  // Losing identified access or the site key revokes them: the user may have kept a copy.
  const loses = (holdsIdentifiers(r.role) && !holdsIdentifiers(role)) || (holdsSiteKey(r.role) && !holdsSiteKey(role));
  if (loses) rotateKeys(s, { drop: [], add: [] });
  else reissueGrant(s, r.username, role);
  return toInfo(getUserRow(s, input.username));
}

export function setUserActive(s: SiteSession, input: { username: string; active: boolean }): UserInfo {
  s.require('user.manage');
  const r = getUserRow(s, input.username);
  if (r.username.toLowerCase() === s.user.username.toLowerCase())
    throw new CrfError({
      code: 'VALIDATION',
      field: 'active',
      rule: 'self',
      message: 'You cannot deactivate yourself',
    });
  const keys = adminKeys(s);
  const rec = signedRecord(s, r);
  s.db.transaction(() => {
    writeUserRecord(s.db, keys.site, s.dbId, { ...rec, active: input.active });
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: input.active ? 'user.activate' : 'user.deactivate',
          detail: { username: r.username },
        },
      ],
      s.now(),
    );
  })();
  // A deactivated user's slot is removed and every key they held is replaced: neither their
  // password nor a copy of today's key file opens what is written from now on.
  if (!input.active) rotateKeys(s, { drop: [userSlotId(r.username)], add: [] });
  return toInfo(getUserRow(s, input.username));
}

/** An administrator sets a new password for a user (a new key slot wrapped with the session's key). */
export function resetPassword(s: SiteSession, input: { username: string; newPassword: string }): void {
  s.require('user.manage');
  validatePassword(input.newPassword, 'newPassword');
  const r = getUserRow(s, input.username);
  if (!r.active)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'username',
      rule: 'active',
      message: `${r.username} is deactivated: activate the account first`,
    });
  const kf = readKeyFile(s.dbPath);
  const keys = adminKeys(s);
  const rec = signedRecord(s, r);
  // New key pairs: the old password's slot (in any copy of the key file) opens nothing new.
  const own = personal();
  const slot = wrapSlot(
    own,
    input.newPassword,
    kf.dbId,
    userSlotId(r.username),
    'user',
    { username: r.username, id: r.id },
    kdfOf(kf),
  );
  s.db.transaction(() => {
    writeUserRecord(s.db, keys.site, s.dbId, { ...rec, signPublic: own.signPublic, encPublic: own.encPublic });
    appendAudit(
      s.db,
      [{ user: s.user.username, action: 'user.password.reset', detail: { username: r.username } }],
      s.now(),
    );
  })();
  const after = readKeyFile(s.dbPath);
  delete after.failures[r.username.toLowerCase()];
  writeKeyFile(s.dbPath, after);
  rotateKeys(s, { drop: [], add: [slot] });
}

export function changeOwnPassword(s: SiteSession, input: { currentPassword: string; newPassword: string }): void {
  s.require('user.self');
  validatePassword(input.newPassword, 'newPassword');
  const kf = readKeyFile(s.dbPath);
  const own = kf.slots.find((x) => x.id === userSlotId(s.user.username));
  const keys = own ? unwrapSlot(own, input.currentPassword, kf.dbId) : null;
  if (!own || !keys)
    throw new CrfError({
      code: 'AUTH',
      field: 'currentPassword',
      rule: 'password',
      message: 'The current password is wrong',
    });
  const slot = wrapSlot(
    { ...keys, encPublic: own.encPublic, signPublic: own.signPublic },
    input.newPassword,
    kf.dbId,
    own.id,
    'user',
    { username: s.user.username, id: s.user.id },
    own.kdf,
  );
  s.db.transaction(() => {
    appendAudit(s.db, [{ user: s.user.username, action: 'user.password.change' }], s.now());
    kf.slots = [...kf.slots.filter((x) => x.id !== slot.id), slot];
    writeKeyFile(s.dbPath, kf);
  })();
}

/** Re-asks the password (signatures, unlocking the screen): true only for the session's own password. */
export function checkOwnPassword(s: SiteSession, password: string): boolean {
  const kf = readKeyFile(s.dbPath);
  const own = kf.slots.find((x) => x.id === userSlotId(s.user.username));
  return !!own && unwrapSlot(own, password, kf.dbId) !== null;
}

/** The administrator session's keys: every grant and record needs the site key. */
function adminKeys(s: SiteSession): { data: Buffer; id: Buffer; idOld: Buffer[]; site: string } {
  const k = s.siteKeys();
  if (!k.site || !k.id)
    throw new CrfError({ code: 'FORBIDDEN', message: 'Only an administrator holding the site key can manage users' });
  return { data: k.data, id: k.id, idOld: k.idOld, site: k.site };
}

/** The user's current record, refused if it is not the site's (edited outside SiteCRF). */
function signedRecord(s: SiteSession, r: UserRow): UserRecord & { signPublic: string; encPublic: string } {
  const rec = readUserRecord(s.db, r.id);
  if (!rec || !rec.signPublic || !rec.encPublic)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'username',
      rule: 'keys',
      message: `${r.username} is a system account without keys`,
    });
  return { ...rec, signPublic: rec.signPublic, encPublic: rec.encPublic };
}

/** A new grant for the user's slot for their current role (same generation). */
function reissueGrant(s: SiteSession, username: string, role: Role): void {
  const kf = readKeyFile(s.dbPath);
  const slot = kf.slots.find((x) => x.id === userSlotId(username));
  if (!slot) return;
  kf.grants = [
    ...kf.grants.filter((g) => g.slot !== slot.id),
    issueGrant(kf.dbId, slot, role, kf.generation, adminKeys(s)),
  ];
  writeKeyFile(s.dbPath, kf);
}

export function setLockMinutes(s: SiteSession, minutes: number): UserInfo {
  s.require('user.self');
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'lockMinutes',
      rule: 'range',
      message: 'The lock timeout must be 1–60 minutes',
    });
  s.db.transaction(() => {
    const old = getUserRow(s, s.user.username).lock_minutes;
    s.db.prepare('UPDATE users SET lock_minutes = ? WHERE id = ?').run(minutes, s.user.id);
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'user.lockMinutes',
          field: 'lock_minutes',
          oldValue: String(old),
          newValue: String(minutes),
        },
      ],
      s.now(),
    );
  })();
  return currentUser(s);
}
