/**
 * The recovery code is one-time: once it has opened the database it is replaced by a new one,
 * with new keys for the recovery principal and a rotation, so the spent code (and any copy of
 * the key file it opens) opens nothing written afterwards. The caller shows the new code.
 */
import { CrfError } from '../../shared/errors';
import { RECOVERY_SLOT_ID, newRecoveryCode, normalizeRecoveryCode, readKeyFile, wrapSlot } from '../db/keyslots';
import { writeRecoveryRecord } from '../db/recovery-record';
import { appendAudit } from './audit';
import { rotateKeys } from './rotate';
import type { SiteSession } from './session';
import { personal } from './site-db';

export function replaceRecoveryCode(s: SiteSession): string {
  const keys = s.siteKeys();
  if (!keys.site)
    throw new CrfError({
      code: 'FORBIDDEN',
      message: 'Only the recovery or an administrator can replace the recovery code',
    });
  const kf = readKeyFile(s.dbPath);
  const old = kf.slots.find((x) => x.id === RECOVERY_SLOT_ID);
  const code = newRecoveryCode();
  const p = personal();
  const slot = wrapSlot(p, normalizeRecoveryCode(code), kf.dbId, RECOVERY_SLOT_ID, 'recovery', undefined, old?.kdf);
  s.db.transaction(() => {
    writeRecoveryRecord(s.db, keys.site!, s.dbId, p);
    appendAudit(s.db, [{ user: s.user.username, action: 'recovery.replace' }], s.now());
  })();
  rotateKeys(s, { drop: [], add: [slot] });
  return code;
}
