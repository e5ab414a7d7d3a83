/** Real encrypted site databases in temporary directories, for integration tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { keysForSecret } from '../../main/db/grants';
import { readKeyFile, userSlotId } from '../../main/db/keyslots';
import '../../main/export/free-text-redactor';
import { createSiteDatabase, unlockSiteDatabase } from '../../main/services/site-db';
import type { SiteSession } from '../../main/services/session';
import { addUser } from '../../main/services/users';
import type { Role } from '../../shared/roles';

/** Tests use a cheap scrypt so each login costs milliseconds; the product's default is in keyslots.ts. */
export const FAST_KDF = { name: 'scrypt', N: 1024, r: 8, p: 1 } as const;
export const PASSWORDS: Record<Role, string> = {
  admin: 'admin-password-1',
  coordinator: 'coord-password-1',
  investigator: 'invest-password-1',
  monitor: 'monitor-password-1',
};

export interface Site {
  dir: string;
  path: string;
  recoveryCode: string;
  login(role: Role | string, password?: string): SiteSession;
  cleanup(): void;
}

export function makeSite(opts: { studyId?: string; siteCode?: string; users?: boolean } = {}): Site {
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-'));
  const path = join(dir, 'site.sitecrf');
  const { recoveryCode } = createSiteDatabase({
    path,
    siteCode: opts.siteCode ?? 'MMC',
    studyId: opts.studyId,
    kdf: FAST_KDF,
    admin: { username: 'admin', fullName: 'Ada Admin', password: PASSWORDS.admin },
  });
  const site: Site = {
    dir,
    path,
    recoveryCode,
    login: (who, password) =>
      unlockSiteDatabase(path, { username: who, password: password ?? PASSWORDS[who as Role] ?? '' }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  if (opts.users !== false) {
    const s = site.login('admin');
    const names: Record<Exclude<Role, 'admin'>, string> = {
      coordinator: 'Carla Coordinator',
      investigator: 'Ivan Investigator',
      monitor: 'Mona Monitor',
    };
    for (const [role, fullName] of Object.entries(names))
      addUser(s, { username: role, fullName, role, password: PASSWORDS[role as Role] });
    s.close();
  }
  return site;
}

/** A complete, valid SACRO casebook's values, keyed by event/form. */
export const SACRO_CASE = {
  REG: {
    mrn: 'QX-778812',
    last_name: 'Quackenbush',
    first_name: 'Zebulon',
    birth_date: '1941-04-12',
    sex: 'F',
    zip: '10474',
    phone: '(718) 555-0142',
    referral_date: '2025-01-06',
    consent: 'WAIVER',
  },
  ELIG: {
    severe_pain: 'Y',
    failed_conservative: 'Y',
    conservative_weeks: 6,
    imaging_evidence: 'Y',
    imaging_modality: ['MRI'],
    indication: 'SIF',
    fracture_side: 'BILAT',
  },
  BASE: { baseline_date: '2025-01-10', vas_pre: 9, analgesic: ['STRONG_OPIOID'], ambulation: 'AID' },
  PROC: {
    proc_date: '2025-01-14',
    hospitalization: 'OUTPATIENT',
    anesthesia: 'LOCAL',
    guidance: 'CT',
    approach: 'LONG_AXIS',
    side_treated: 'BILAT',
    needles: 2,
    cement_ml: 6.5,
    extravasation: 'N',
    proc_notes: 'Pt Zebulon Quackenbush tolerated well, call (718) 555-0142',
  },
  FU_1M: { fu_date: '2025-02-13', contact: 'CLINIC', vital_status: 'ALIVE', vas_post: 2 },
};

/** A connection behind the application's back (the admin's slot unwraps the key): for tampering tests. */
export function rawConnection(path: string): Database.Database {
  const key = keysForSecret(readKeyFile(path), userSlotId('admin'), PASSWORDS.admin)!.keys.data;
  const db = new Database(path);
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${key.toString('hex')}'"`);
  return db;
}

/**
 * Runs the `sitecrf` command as a site's script would. Secrets come only from `env`: the
 * caller's own SITECRF_* variables never leak in.
 */
export function sitecrf(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): { code: number; out: string; err: string } {
  try {
    const clean = { ...process.env, SITECRF_PASSWORD: '', SITECRF_NEW_PASSWORD: '', SITECRF_RECOVERY_CODE: '' };
    const out = execFileSync(process.execPath, ['bin/sitecrf.js', ...args], {
      env: { ...clean, ...env },
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout, err: x.stderr };
  }
}
