import { unlockSiteDatabase } from '../services/site-db';
import type { SiteSession } from '../services/session';
import { secretFrom } from './secrets';

/** Every verb that opens a database takes --user and that user's password (or the recovery code where allowed). */
export async function openSession(db: string, user: string, opts: { recovery?: boolean } = {}): Promise<SiteSession> {
  if (opts.recovery) {
    const code = await secretFrom('SITECRF_RECOVERY_CODE', 'Recovery code: ');
    const s = unlockSiteDatabase(db, { username: user, recoveryCode: code }, { replaceRecovery: true });
    if (s.newRecoveryCode) process.stderr.write(newCodeText(s.newRecoveryCode));
    return warned(s);
  }
  const password = await secretFrom('SITECRF_PASSWORD', `Password for ${user}: `);
  return warned(unlockSiteDatabase(db, { username: user, password }));
}

/** What the login found wrong (a rolled-back file, a tampered counter) goes to stderr on every verb, never stdout. */
function warned(s: SiteSession): SiteSession {
  for (const w of s.warnings) process.stderr.write(`Warning: ${w}\n`);
  return s;
}

/** The recovery code is one-time: the used one no longer opens anything, so the new one is shown once. */
export function newCodeText(code: string): string {
  return `The recovery code was used and is now replaced. New recovery code (shown once; print it or store it in a safe place):\n\n    ${code}\n\n`;
}
