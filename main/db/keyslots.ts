/**
 * Key slots: the random data key that opens the database, wrapped (AES-256-GCM) under a key
 * derived from each user's password (scrypt) and under the recovery code. They live in a
 * sidecar file beside the database because they must be read before the database can be.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { CrfError } from '../../shared/errors';

/**
 * scrypt N=2^17, r=8, p=1 costs about 0.3 s and 128 MiB on a 2-core laptop: slow enough
 * to make guessing expensive, fast enough that unlocking after the idle lock is not a chore.
 */
export const DEFAULT_KDF = { name: 'scrypt', N: 131072, r: 8, p: 1 } as const;

const b64 = z.string().regex(/^[A-Za-z0-9+/]+=*$/);
const kdfSchema = z
  .object({
    name: z.literal('scrypt'),
    N: z.number().int().min(1024),
    r: z.number().int().min(1),
    p: z.number().int().min(1),
  })
  .strict();
export type KdfParams = z.infer<typeof kdfSchema>;

const slotSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['user', 'recovery']),
    user: z.string().optional(),
    kdf: kdfSchema,
    salt: b64,
    iv: b64,
    tag: b64,
    wrapped: b64,
  })
  .strict();
export type KeySlot = z.infer<typeof slotSchema>;

const failureSchema = z
  .object({ count: z.number().int().min(0), last: z.string(), pending: z.array(z.string()).default([]) })
  .strict();

export const keyFileSchema = z
  .object({
    format: z.literal('sitecrf-keys'),
    version: z.literal(1),
    dbId: z.string().uuid(),
    cipher: z.literal('sqlcipher'),
    slots: z.array(slotSchema),
    /** Wrong passwords in a row, per user name: kept here because a failed login cannot open the database. */
    failures: z.record(z.string(), failureSchema).default({}),
  })
  .strict();
export type KeyFile = z.infer<typeof keyFileSchema>;

export function keyFilePath(dbPath: string): string {
  return `${dbPath}.keys.json`;
}

export function readKeyFile(dbPath: string): KeyFile {
  const p = keyFilePath(dbPath);
  if (!existsSync(dbPath)) throw new CrfError({ code: 'NOT_FOUND', message: `No database at ${dbPath}` });
  if (!existsSync(p))
    throw new CrfError({
      code: 'NOT_A_DATABASE',
      message: `${dbPath} is not a SiteCRF database: its key file ${p} is missing`,
    });
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    throw new CrfError({
      code: 'DAMAGED',
      message: `The key file ${p} is damaged (not JSON): restore it from a backup`,
    });
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success)
    throw new CrfError({
      code: 'DAMAGED',
      message: `The key file ${p} is damaged or not a SiteCRF key file (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
    });
  return parsed.data;
}

/** Written to a temporary file, flushed and renamed: a crash leaves the old or the new file, never half. */
export function writeKeyFile(dbPath: string, kf: KeyFile): void {
  const p = keyFilePath(dbPath);
  const tmp = `${p}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(kf, null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, p);
}

function derive(secret: string, salt: Buffer, kdf: KdfParams): Buffer {
  return scryptSync(secret.normalize('NFC'), salt, 32, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * kdf.N * kdf.r + 1024 * 1024,
  });
}

/** The slot's id and the database id are authenticated with the key: a slot cannot be moved to another user or file. */
function aad(dbId: string, slotId: string): Buffer {
  return Buffer.from(`sitecrf-slot:${dbId}:${slotId}`);
}

export function wrapKey(
  dataKey: Buffer,
  secret: string,
  dbId: string,
  id: string,
  kind: KeySlot['kind'],
  user: string | undefined,
  kdf: KdfParams = DEFAULT_KDF,
): KeySlot {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(secret, salt, kdf), iv);
  cipher.setAAD(aad(dbId, id));
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  const slot: KeySlot = {
    id,
    kind,
    kdf: { ...kdf },
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    wrapped: wrapped.toString('base64'),
  };
  if (user !== undefined) slot.user = user;
  return slot;
}

/** The data key, or null when the secret is wrong (the GCM tag does not verify). */
export function unwrapKey(slot: KeySlot, secret: string, dbId: string): Buffer | null {
  try {
    const d = createDecipheriv(
      'aes-256-gcm',
      derive(secret, Buffer.from(slot.salt, 'base64'), slot.kdf),
      Buffer.from(slot.iv, 'base64'),
    );
    d.setAAD(aad(dbId, slot.id));
    d.setAuthTag(Buffer.from(slot.tag, 'base64'));
    const key = Buffer.concat([d.update(Buffer.from(slot.wrapped, 'base64')), d.final()]);
    return key.length === 32 ? key : null;
  } catch {
    return null;
  }
}

export function userSlotId(username: string): string {
  return `user:${username.toLowerCase()}`;
}
export const RECOVERY_SLOT_ID = 'recovery';

/** 120 random bits as 6 groups of 4 base-32 characters, easy to print and type. */
export function newRecoveryCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(24);
  let s = '';
  for (let i = 0; i < 24; i++) s += alphabet[bytes[i]! % 32];
  return s.match(/.{4}/g)!.join('-');
}

export function normalizeRecoveryCode(code: string): string {
  const s = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return s.length === 24 ? s.match(/.{4}/g)!.join('-') : code.trim();
}
