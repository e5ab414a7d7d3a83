/** The site database at rest: no SQLite header, no plaintext, clear refusals, nothing changed by a wrong password. */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { keyFilePath, readKeyFile, writeKeyFile } from '../../main/db/keyslots';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { makeSite, SACRO_CASE, type Site } from './site-fixture';

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
let site: Site;
afterEach(() => site?.cleanup());

describe('encryption at rest', () => {
  it('has no SQLite header and no entered name, MRN or note text in the file, its WAL or its journal', () => {
    site = makeSite();
    const s = site.login('coordinator');
    const { subjectId } = registerSubject(s);
    saveForm(s, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
    saveForm(s, { subjectId, event: 'procedure', form: 'PROC', values: SACRO_CASE.PROC, status: 'complete' });
    const files = [site.path, `${site.path}-wal`, `${site.path}-shm`, `${site.path}-journal`].filter(existsSync);
    expect(files).toContain(`${site.path}-wal`); // checked while the WAL still holds the writes
    const secrets = ['Quackenbush', 'Zebulon', 'QX-778812', '555-0142', 'tolerated well', '1941-04-12'];
    const scan = (): void => {
      for (const f of files.filter(existsSync)) {
        const bytes = readFileSync(f);
        for (const x of secrets) {
          expect(bytes.includes(Buffer.from(x, 'utf8')), `${x} in ${f}`).toBe(false);
          expect(bytes.includes(Buffer.from(x, 'utf16le')), `${x} (UTF-16) in ${f}`).toBe(false);
        }
      }
    };
    scan();
    s.close();
    scan();
    const head = readFileSync(site.path).subarray(0, 16).toString('latin1');
    expect(head.startsWith('SQLite format 3')).toBe(false);
    const keys = readFileSync(keyFilePath(site.path), 'utf8');
    for (const x of secrets) expect(keys.includes(x)).toBe(false);
  });

  it('refuses a wrong password clearly and leaves the database file unchanged', () => {
    site = makeSite({ users: false });
    const before = sha(site.path);
    expect(() => site.login('admin', 'not-the-password')).toThrow(/Wrong user name or password/);
    expect(() => unlockSiteDatabase(site.path, { username: 'nobody', password: 'whatever-123' })).toThrow(
      /Wrong user name or password/,
    );
    expect(sha(site.path)).toBe(before);
    expect((readKeyFile(site.path).failures.admin as { count: number } | undefined)?.count).toBe(1);
  });

  it('delays the next try after five wrong passwords in a row, and audits the failures at the next login', () => {
    site = makeSite({ users: false });
    for (let i = 0; i < 5; i++) expect(() => site.login('admin', `wrong-${i}-password`)).toThrow(/Wrong user name/);
    expect(() => site.login('admin')).toThrow(/Too many wrong passwords for admin: try again in \d+ seconds/);
    // Once the delay has passed, the right password works and the failures are in the trail.
    const later = new Date(Date.now() + 31_000);
    const s = unlockSiteDatabase(site.path, { username: 'admin', password: 'admin-password-1' }, { now: later });
    const failed = s.db.prepare(`SELECT count(*) AS n FROM audit WHERE action = 'login.failed'`).get() as { n: number };
    expect(failed.n).toBe(5);
    s.close();
    expect(readKeyFile(site.path).failures.admin).toBeUndefined();
  });

  it('opens with the recovery code for an administrator only', () => {
    site = makeSite();
    const s = unlockSiteDatabase(site.path, {
      username: 'admin',
      recoveryCode: site.recoveryCode.toLowerCase().replaceAll('-', ' '),
    });
    expect(s.user.role).toBe('admin');
    s.close();
    expect(() => unlockSiteDatabase(site.path, { username: 'coordinator', recoveryCode: site.recoveryCode })).toThrow(
      /only be used by an administrator/,
    );
    expect(() =>
      unlockSiteDatabase(site.path, { username: 'admin', recoveryCode: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF' }),
    ).toThrow(/recovery code does not open/);
  });
});

describe('files that are not a SiteCRF database', () => {
  it('says so for a file without a key file, never creating a new empty database', () => {
    site = makeSite({ users: false });
    const stray = `${site.dir}/stray.sitecrf`;
    writeFileSync(stray, 'hello, I am a text file');
    expect(() => unlockSiteDatabase(stray, { username: 'admin', password: 'admin-password-1' })).toThrow(
      /not a SiteCRF database: its key file .* is missing/,
    );
    expect(() => unlockSiteDatabase(`${site.dir}/missing.sitecrf`, { username: 'admin', password: 'x' })).toThrow(
      /No database at/,
    );
    expect(existsSync(`${site.dir}/missing.sitecrf`)).toBe(false);
  });

  it('says the file is damaged when its bytes are not the encrypted database', () => {
    site = makeSite({ users: false });
    const plain = `${site.dir}/plain.sitecrf`;
    const db = new Database(plain);
    db.exec('CREATE TABLE t (x)');
    db.close();
    copyFileSync(keyFilePath(site.path), keyFilePath(plain));
    expect(() => unlockSiteDatabase(plain, { username: 'admin', password: 'admin-password-1' })).toThrow(
      /damaged or is not the database its key file belongs to/,
    );

    const bytes = readFileSync(site.path);
    bytes.fill(0x41, 0, 4096);
    const broken = `${site.dir}/broken.sitecrf`;
    writeFileSync(broken, bytes);
    copyFileSync(keyFilePath(site.path), keyFilePath(broken));
    expect(() => unlockSiteDatabase(broken, { username: 'admin', password: 'admin-password-1' })).toThrow(/damaged/);
  });

  it('says the key file is damaged when it is not valid', () => {
    site = makeSite({ users: false });
    writeFileSync(keyFilePath(site.path), '{"format":"something-else"}');
    expect(() => site.login('admin')).toThrow(/key file .* is damaged or not a SiteCRF key file/);
    writeFileSync(keyFilePath(site.path), 'not json');
    expect(() => site.login('admin')).toThrow(/damaged \(not JSON\)/);
  });

  it('refuses a database made by a newer SiteCRF', () => {
    site = makeSite({ users: false });
    const s = site.login('admin');
    s.db.pragma('user_version = 999');
    s.close();
    expect(() => site.login('admin')).toThrow(/schema version 999, newer than this SiteCRF knows/);
  });

  it('refuses to overwrite an existing database at init', async () => {
    site = makeSite({ users: false });
    const { createSiteDatabase } = await import('../../main/services/site-db');
    expect(() =>
      createSiteDatabase({
        path: site.path,
        siteCode: 'MMC',
        admin: { username: 'x1', fullName: 'X', password: 'long-enough-pw' },
      }),
    ).toThrow(/already exists/);
    const kf = readKeyFile(site.path);
    writeKeyFile(site.path, kf);
  });
});
