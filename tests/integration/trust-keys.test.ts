/**
 * Issue 10, attacks 1 (keys), 4 (users table), 5 (live sessions) and revocation, on real
 * encrypted files: roles are bound into the keys and the signed user records, not a convention.
 */
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { keysForSecret } from '../../main/db/grants';
import { keyFilePath, readKeyFile, userSlotId } from '../../main/db/keyslots';
import { rotateKeys } from '../../main/services/rotate';
import { nextKeyFilePath, rotateTmpPath } from '../../main/db/rotate-files';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { getCasebook } from '../../main/services/casebook';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { addUser, resetPassword, setUserActive, setUserRole } from '../../main/services/users';
import { makeSite, PASSWORDS, rawConnection, SACRO_CASE, type Site } from './site-fixture';

let site: Site;
afterEach(() => site?.cleanup());

/** What a script does with a key file, a password and better-sqlite3: open the file with the data key. */
function openWith(path: string, dataKey: Buffer): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${dataKey.toString('hex')}'"`);
  return db;
}

describe('role-bound keys', () => {
  it('gives a monitor the data key only: no identified-access key, no site key', () => {
    site = makeSite();
    const kf = readKeyFile(site.path);
    const mon = keysForSecret(kf, userSlotId('monitor'), PASSWORDS.monitor)!;
    expect(mon.role).toBe('monitor');
    expect(mon.keys.data).toHaveLength(32);
    expect(mon.keys.id).toBeNull();
    expect(mon.keys.site).toBeNull();
    const coord = keysForSecret(kf, userSlotId('coordinator'), PASSWORDS.coordinator)!;
    expect(coord.keys.id).toHaveLength(32);
    expect(coord.keys.site).toBeNull();
    const adm = keysForSecret(kf, userSlotId('admin'), PASSWORDS.admin)!;
    expect(adm.keys.id!.equals(coord.keys.id!)).toBe(true);
    expect(adm.keys.site).toBeTruthy();
    // Editing the role in the key file breaks the grant's AAD: it opens nothing.
    const forged = readKeyFile(site.path);
    forged.grants.find((g) => g.slot === userSlotId('monitor'))!.role = 'admin';
    expect(keysForSecret(forged, userSlotId('monitor'), PASSWORDS.monitor)).toBeNull();
  });

  it('refuses a login and a live session after `UPDATE users SET role` behind the application (attack 4)', () => {
    site = makeSite();
    const live = site.login('monitor');
    const raw = rawConnection(site.path);
    raw.prepare(`UPDATE users SET role = 'admin' WHERE username = 'monitor'`).run();
    raw.close();
    expect(() => site.login('monitor')).toThrow(/not signed by this site/);
    expect(() =>
      addUser(live, { username: 'eve', fullName: 'Eve', role: 'admin', password: 'eve-password-1' }),
    ).toThrow(/not signed by this site/);
    live.close();
  });

  it('refuses a demoted and a deactivated live session at its next call (attack 5)', () => {
    site = makeSite();
    const admin = site.login('admin');
    const carla = site.login('coordinator');
    const ivan = site.login('investigator');
    const { subjectId } = registerSubject(carla);
    saveForm(carla, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
    expect(getCasebook(carla, subjectId).identity?.name).toBe('Zebulon Quackenbush');
    setUserRole(admin, { username: 'coordinator', role: 'monitor' });
    expect(() => getCasebook(carla, subjectId)).toThrow(/role of coordinator changed from coordinator to monitor/);
    setUserActive(admin, { username: 'investigator', active: false });
    expect(() => getCasebook(ivan, subjectId)).toThrow(/log in again/);
    // The demoted coordinator logs in again as the monitor it now is: no names.
    const again = site.login('coordinator');
    expect(again.user.role).toBe('monitor');
    expect(getCasebook(again, subjectId).identity).toBeFalsy();
    expect(keysForSecret(readKeyFile(site.path), userSlotId('coordinator'), PASSWORDS.coordinator)!.keys.id).toBeNull();
    for (const s of [admin, carla, ivan, again]) s.close();
  });
});

describe('revocation', () => {
  it("leaves a deactivated user's old password and old key file unable to open data written after (attack 1)", () => {
    site = makeSite();
    const oldKeys = `${site.dir}/old.keys.json`;
    copyFileSync(keyFilePath(site.path), oldKeys);
    const admin = site.login('admin');
    setUserActive(admin, { username: 'coordinator', active: false });
    admin.close();
    const ivan = site.login('investigator');
    const { subjectId } = registerSubject(ivan);
    saveForm(ivan, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
    ivan.close();

    const old = JSON.parse(readFileSync(oldKeys, 'utf8')) as ReturnType<typeof readKeyFile>;
    const stolen = keysForSecret(old, userSlotId('coordinator'), PASSWORDS.coordinator)!;
    expect(stolen.keys.data).toHaveLength(32);
    const db = openWith(site.path, stolen.keys.data);
    expect(() => db.prepare('SELECT count(*) FROM subjects').get()).toThrow();
    db.close();
    expect(() => site.login('coordinator')).toThrow(/Wrong user name or password/);
    // The remaining users open the rekeyed file as before.
    const back = site.login('investigator');
    expect(getCasebook(back, subjectId).identity?.name).toBe('Zebulon Quackenbush');
    back.close();
  });

  it('gives a reset user new keys: the old password with the old key file opens nothing new', () => {
    site = makeSite();
    copyFileSync(keyFilePath(site.path), `${site.dir}/old.keys.json`);
    const admin = site.login('admin');
    resetPassword(admin, { username: 'monitor', newPassword: 'monitor-new-pass-2' });
    const { subjectId } = registerSubject(site.login('coordinator'));
    admin.close();
    const old = JSON.parse(readFileSync(`${site.dir}/old.keys.json`, 'utf8')) as ReturnType<typeof readKeyFile>;
    const stolen = keysForSecret(old, userSlotId('monitor'), PASSWORDS.monitor)!;
    const db = openWith(site.path, stolen.keys.data);
    expect(() => db.prepare('SELECT subject_id FROM subjects').all()).toThrow();
    db.close();
    expect(() => site.login('monitor')).toThrow(/Wrong user name or password/);
    const m = site.login('monitor', 'monitor-new-pass-2');
    expect(getCasebook(m, subjectId).subject.subjectId).toBe(subjectId);
    m.close();
  });

  it('is crash-safe: a kill before the switch keeps the old keys, after the database switch the new ones', () => {
    site = makeSite();
    const admin = site.login('admin');
    const before = readKeyFile(site.path).generation;
    expect(() =>
      rotateKeys(admin, {
        drop: [],
        add: [],
        beforeSwitch: () => {
          throw new Error('killed');
        },
      }),
    ).toThrow('killed');
    expect(existsSync(rotateTmpPath(site.path))).toBe(false);
    expect(readKeyFile(site.path).generation).toBe(before);
    admin.close();
    site.login('monitor').close();

    // A kill between renaming the rekeyed copy over the database and the key file.
    const admin2 = site.login('admin');
    expect(() =>
      rotateKeys(admin2, {
        drop: [],
        add: [],
        beforeSwitch: () => {
          admin2.db.close();
          renameSync(rotateTmpPath(site.path), site.path);
          throw new Error('killed');
        },
      }),
    ).toThrow('killed');
    expect(existsSync(nextKeyFilePath(site.path))).toBe(false);
    expect(readKeyFile(site.path).generation).toBe(before + 1);
    const m = unlockSiteDatabase(site.path, { username: 'monitor', password: PASSWORDS.monitor });
    expect(m.user.role).toBe('monitor');
    m.close();
  });

  it('replaces the recovery code once it is used (issue 11): the spent code opens nothing, the new one does', () => {
    site = makeSite();
    const spent = site.recoveryCode;
    const r = unlockSiteDatabase(site.path, { username: 'admin', recoveryCode: spent }, { replaceRecovery: true });
    const fresh = r.newRecoveryCode!;
    expect(fresh).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){5}$/);
    expect(fresh).not.toBe(spent);
    r.close();
    expect(() => unlockSiteDatabase(site.path, { username: 'admin', recoveryCode: spent })).toThrow(
      /recovery code does not open/,
    );
    const again = unlockSiteDatabase(site.path, { username: 'admin', recoveryCode: fresh });
    expect(again.user.role).toBe('admin');
    expect(again.db.prepare(`SELECT count(*) AS n FROM audit WHERE action = 'recovery.replace'`).get()).toEqual({
      n: 1,
    });
    again.close();
  });
});
