/**
 * Grants: what each principal's role may hold, sealed to its X25519 key. Every grant holds the
 * data key (it opens the SQLite file); only identified roles' grants (and the recovery's) hold
 * the identified-access key, and only administrators' (and the recovery's) the site's signing
 * key. The AAD binds database, slot, user, role and generation: a grant copied to another slot,
 * role or generation does not open.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { may, type Role } from '../../shared/roles';
import { openSealed, sealTo } from './crypto-keys';
import { unwrapSlot, type Grant, type KeyFile, type KeySlot } from './keyslots';

export interface SiteKeys {
  /** opens the SQLite file */
  data: Buffer;
  /** encrypts identifier values; null for roles without identified access */
  id: Buffer | null;
  /** earlier identified-access keys (values sealed before a rotation, in the append-only trail) */
  idOld: Buffer[];
  /** the site's Ed25519 private key (PKCS#8 base64); null unless admin or recovery */
  site: string | null;
}

export const holdsIdentifiers = (role: Role): boolean => may(role, 'subject.identified');
export const holdsSiteKey = (role: Role): boolean => role === 'admin';

const HEX32 = /^[0-9a-f]{64}$/;
const payloadSchema = z
  .object({
    data: z.string().regex(/^[0-9a-f]{64}$/),
    id: z.string().regex(HEX32).optional(),
    old: z.array(z.string().regex(HEX32)).optional(),
    site: z.string().optional(),
  })
  .strict();

function grantAad(dbId: string, slot: KeySlot, role: Role, generation: number): string {
  return JSON.stringify(['sitecrf-grant-v2', dbId, slot.id, slot.user ?? null, slot.userId ?? null, role, generation]);
}

/** The role's share of the keys, sealed to the slot. The recovery slot is granted as an administrator. */
export function issueGrant(dbId: string, slot: KeySlot, role: Role, generation: number, keys: SiteKeys): Grant {
  if (!keys.id || !keys.site) throw new Error('issueGrant needs the whole key set (an administrator session)');
  const payload = {
    data: keys.data.toString('hex'),
    ...(holdsIdentifiers(role) ? { id: keys.id.toString('hex'), old: keys.idOld.map((k) => k.toString('hex')) } : {}),
    ...(holdsSiteKey(role) ? { site: keys.site } : {}),
  };
  return {
    slot: slot.id,
    generation,
    role,
    ...sealTo(slot.encPublic, Buffer.from(JSON.stringify(payload)), grantAad(dbId, slot, role, generation)),
  };
}

/** The keys of the slot's grant of the key file's current generation, or null. */
export function openGrant(kf: KeyFile, slot: KeySlot, encPrivate: string): { keys: SiteKeys; role: Role } | null {
  const g = kf.grants.find((x) => x.slot === slot.id && x.generation === kf.generation);
  if (!g) return null;
  const out = openSealed(encPrivate, g, grantAad(kf.dbId, slot, g.role, g.generation));
  if (!out) return null;
  const p = payloadSchema.safeParse(JSON.parse(out.toString('utf8')));
  if (!p.success) return null;
  return {
    role: g.role,
    keys: {
      data: Buffer.from(p.data.data, 'hex'),
      id: p.data.id ? Buffer.from(p.data.id, 'hex') : null,
      idOld: (p.data.old ?? []).map((k) => Buffer.from(k, 'hex')),
      site: p.data.site ?? null,
    },
  };
}

export function newSymmetricKey(): Buffer {
  return randomBytes(32);
}

/** Everything a secret opens in a key file (what an insider with the file and a password holds). */
export function keysForSecret(kf: KeyFile, slotId: string, secret: string): { keys: SiteKeys; role: Role } | null {
  const slot = kf.slots.find((s) => s.id === slotId);
  const own = slot ? unwrapSlot(slot, secret, kf.dbId) : null;
  return slot && own ? openGrant(kf, slot, own.enc) : null;
}
