/**
 * What checking the audit trail's signatures needs: each principal's signing keys (from user
 * records that verify under the site key, the recovery record and retired keys) and who may
 * write a row in whose name. Shared by `audit verify` and the audit viewer's verdict.
 */
import type { Db } from '../db/connection';
import type { verifyAuditChain } from './audit';
import { verifiedSigners } from './heads';
import { allUserRecords } from './user-records';

export type AuditKeys = NonNullable<Parameters<typeof verifyAuditChain>[1]>;

export function auditKeys(db: Db, sitePublicKey: string, dbId: string): AuditKeys {
  const records = allUserRecords(db);
  // A system account (the demo user) has no keys and never logs in: its owner's session writes its rows.
  const system = new Set(records.filter((r) => r.sig === null && !r.active).map((r) => r.username.toLowerCase()));
  const admins = new Set(records.filter((r) => r.role === 'admin').map((r) => r.username.toLowerCase()));
  return {
    dbId,
    publicKeys: verifiedSigners(db, sitePublicKey, dbId),
    signedFrom: 1,
    mayWriteFor: (signer, user, action) =>
      signer.toLowerCase() === user.toLowerCase() ||
      (signer === 'recovery' && admins.has(user.toLowerCase())) ||
      action === 'login.failed' ||
      system.has(user.toLowerCase()),
  };
}
