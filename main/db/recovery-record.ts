/** The recovery principal's public keys, signed by the site key like a user record (meta `recovery_record`). */
import { z } from 'zod';
import type { Db } from './connection';
import { privateKeyOf, publicOf, signBytes, verifyBytes } from './crypto-keys';
import { retireSigningKey } from './retired-signers';

const recordSchema = z.object({ signPublic: z.string(), encPublic: z.string(), sig: z.string() }).strict();
export type RecoveryRecord = z.infer<typeof recordSchema>;

const bytes = (dbId: string, r: { signPublic: string; encPublic: string }): string =>
  JSON.stringify(['sitecrf-recovery-v2', dbId, r.signPublic, r.encPublic]);

export function writeRecoveryRecord(
  db: Db,
  sitePrivate: string,
  dbId: string,
  r: { signPublic: string; encPublic: string },
): void {
  const before = readRecoveryRecord(db, publicOf(sitePrivate), dbId);
  if (before && before.signPublic !== r.signPublic)
    retireSigningKey(db, sitePrivate, dbId, 'recovery', before.signPublic);
  const rec: RecoveryRecord = {
    signPublic: r.signPublic,
    encPublic: r.encPublic,
    sig: signBytes(privateKeyOf(sitePrivate), bytes(dbId, r)),
  };
  db.prepare(
    `INSERT INTO meta (key, value) VALUES ('recovery_record', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(JSON.stringify(rec));
}

/** The recovery's signing key when its record verifies under the site key, else null. */
export function readRecoveryRecord(db: Db, sitePublic: string, dbId: string): RecoveryRecord | null {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'recovery_record'`).get() as { value: string } | undefined;
  if (!row) return null;
  try {
    const r = recordSchema.parse(JSON.parse(row.value));
    return verifyBytes(sitePublic, bytes(dbId, r), r.sig) ? r : null;
  } catch {
    return null;
  }
}
