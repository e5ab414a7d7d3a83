import { unlockSiteDatabase } from '../services/site-db';
import type { SiteSession } from '../services/session';
import { secretFrom } from './secrets';

/** Every verb that opens a database takes --user and that user's password (or the recovery code where allowed). */
export async function openSession(db: string, user: string, opts: { recovery?: boolean } = {}): Promise<SiteSession> {
  if (opts.recovery) {
    const code = await secretFrom('SITECRF_RECOVERY_CODE', 'Recovery code: ');
    return unlockSiteDatabase(db, { username: user, recoveryCode: code });
  }
  const password = await secretFrom('SITECRF_PASSWORD', `Password for ${user}: `);
  return unlockSiteDatabase(db, { username: user, password });
}
