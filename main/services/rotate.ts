/**
 * Key rotation on revocation (deactivation, reset, loss of a role's keys): a new data key and a
 * new identified-access key, identifier values re-encrypted, the database rekeyed, and grants
 * re-issued to the remaining principals only, in one crash-safe step (rotate-files.ts). Whoever
 * held the old keys (an old key file, a copied password) opens nothing written after it.
 * PRAGMA rekey needs a rollback journal, so the copy is rekeyed in journal_mode=DELETE.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { CrfError } from '../../shared/errors';
import { setAuditSigner } from './audit';
import type { SiteSession } from './session';
import { readUserRecord, verifyUserRecord } from './user-records';
import { openEncrypted, snapshotInto } from '../db/connection';
import { issueGrant, newSymmetricKey, type SiteKeys } from '../db/grants';
import { readKeyFile, writeKeyFileAt, type KeyFile, type KeySlot } from '../db/keyslots';
import { keyringOf } from './identifier-values';
import { reencryptIdentifiers } from './reencrypt';
import { finishRotation, nextKeyFilePath, rotateTmpPath, switchRotation } from '../db/rotate-files';

export interface RotationPlan {
  /** slot ids that lose their keys */
  drop: string[];
  /** new slots (a reset user's new password and keys) */
  add: KeySlot[];
  /** a hook between the copy and the switch, for the crash tests */
  beforeSwitch?: () => void;
}

export function rotateKeys(s: SiteSession, plan: RotationPlan): { generation: number; ms: number } {
  const t0 = performance.now();
  const old = s.siteKeys();
  if (!old.site || !old.id)
    throw new CrfError({ code: 'FORBIDDEN', message: 'Only an administrator can rotate the keys' });
  const kf = readKeyFile(s.dbPath);
  const generation = kf.generation + 1;
  const keys: SiteKeys = {
    data: newSymmetricKey(),
    id: newSymmetricKey(),
    idOld: [Buffer.from(old.id), ...old.idOld],
    site: old.site,
  };
  const replaced = new Set([...plan.drop, ...plan.add.map((x) => x.id)]);
  const slots = [...kf.slots.filter((x) => !replaced.has(x.id)), ...plan.add];
  const grants = slots.flatMap((slot) => {
    if (slot.kind === 'recovery') return [issueGrant(kf.dbId, slot, 'admin', generation, keys)];
    const rec = slot.userId === undefined ? null : readUserRecord(s.db, slot.userId);
    if (!rec || !rec.active || !verifyUserRecord(kf.sitePublicKey, kf.dbId, rec) || rec.signPublic !== slot.signPublic)
      return [];
    return [issueGrant(kf.dbId, slot, rec.role, generation, keys)];
  });
  const next: KeyFile = { ...kf, generation, slots, grants };

  const tmp = rotateTmpPath(s.dbPath);
  const cleanup = (): void => {
    for (const p of [tmp, `${tmp}-journal`, nextKeyFilePath(s.dbPath)]) if (existsSync(p)) unlinkSync(p);
  };
  cleanup();
  try {
    snapshotInto(s.db, tmp);
    const c = openEncrypted(tmp, old.data, { create: false });
    try {
      c.pragma('journal_mode = DELETE');
      c.transaction(() => {
        reencryptIdentifiers(c, s.study, keyringOf(old.id!, old.idOld), keyringOf(keys.id!, keys.idOld));
        c.prepare(
          `INSERT INTO meta (key, value) VALUES ('key_generation', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        ).run(String(generation));
      })();
      c.pragma(`rekey = "x'${keys.data.toString('hex')}'"`);
    } finally {
      c.close();
    }
    writeKeyFileAt(nextKeyFilePath(s.dbPath), next);
    plan.beforeSwitch?.();
  } catch (e) {
    // As after a kill: back to the old pair, or on to the new one if the database was switched.
    finishRotation(s.dbPath);
    throw e;
  }
  s.db.close();
  switchRotation(s.dbPath);
  const db = openEncrypted(s.dbPath, keys.data, { create: false });
  const signer = s.signer();
  setAuditSigner(db, { dbId: s.dbId, name: signer.name, key: signer.key });
  s.replaceConnection(db, { data: keys.data, id: keys.id, idOld: keys.idOld, generation });
  old.data.fill(0);
  return { generation, ms: performance.now() - t0 };
}
