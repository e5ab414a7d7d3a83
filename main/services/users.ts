/** Users and passwords. A password change rewraps one key slot; nothing re-encrypts the data. */
import { CrfError } from '../../shared/errors';
import { ROLES, type Role } from '../../shared/roles';
import { readKeyFile, unwrapKey, userSlotId, wrapKey, writeKeyFile, type KeyFile, DEFAULT_KDF } from '../db/keyslots';
import { validatePassword, validateUsername } from './site-db';
import { appendAudit } from './audit';
import type { SiteSession } from './session';

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
  const slot = s.withDataKey((k) =>
    wrapKey(k, input.password, kf.dbId, userSlotId(input.username), 'user', input.username, kdfOf(kf)),
  );
  const at = s.now().toISOString();
  s.db.transaction(() => {
    s.db
      .prepare('INSERT INTO users (username, full_name, role, created_at) VALUES (?, ?, ?, ?)')
      .run(input.username, fullName, input.role, at);
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
  s.db.transaction(() => {
    s.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(input.role, r.id);
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
  const kf = readKeyFile(s.dbPath);
  s.db.transaction(() => {
    s.db.prepare('UPDATE users SET active = ? WHERE id = ?').run(input.active ? 1 : 0, r.id);
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
    // A deactivated user's slot is removed: their password no longer opens the file at all.
    if (!input.active) {
      kf.slots = kf.slots.filter((x) => x.id !== userSlotId(r.username));
      writeKeyFile(s.dbPath, kf);
    }
  })();
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
  const slot = s.withDataKey((k) =>
    wrapKey(k, input.newPassword, kf.dbId, userSlotId(r.username), 'user', r.username, kdfOf(kf)),
  );
  s.db.transaction(() => {
    appendAudit(
      s.db,
      [{ user: s.user.username, action: 'user.password.reset', detail: { username: r.username } }],
      s.now(),
    );
    kf.slots = [...kf.slots.filter((x) => x.id !== slot.id), slot];
    delete kf.failures[r.username.toLowerCase()];
    writeKeyFile(s.dbPath, kf);
  })();
}

export function changeOwnPassword(s: SiteSession, input: { currentPassword: string; newPassword: string }): void {
  s.require('user.self');
  validatePassword(input.newPassword, 'newPassword');
  const kf = readKeyFile(s.dbPath);
  const own = kf.slots.find((x) => x.id === userSlotId(s.user.username));
  if (!own || !unwrapKey(own, input.currentPassword, kf.dbId))
    throw new CrfError({
      code: 'AUTH',
      field: 'currentPassword',
      rule: 'password',
      message: 'The current password is wrong',
    });
  const slot = s.withDataKey((k) => wrapKey(k, input.newPassword, kf.dbId, own.id, 'user', s.user.username, own.kdf));
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
  return !!own && unwrapKey(own, password, kf.dbId) !== null;
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
