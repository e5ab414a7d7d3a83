/**
 * The key file beside the database (format 2). Each slot wraps one principal's private keys
 * (AES-256-GCM under scrypt of the user's password or the recovery code); the grants hand the
 * current data key, identified-access key and site key to the principals whose role may hold
 * them (grants.ts). It must be read before the database can be, hence a sidecar file.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { CrfError } from '../../shared/errors';
import { refuseNonFile } from './sqlite-faults';

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
    /** users.id of the slot's user (absent for the recovery slot) */
    userId: z.number().int().optional(),
    kdf: kdfSchema,
    salt: b64,
    iv: b64,
    tag: b64,
    /** the principal's private keys (X25519, Ed25519), AES-256-GCM under the password's key */
    wrapped: b64,
    encPublic: b64,
    signPublic: b64,
  })
  .strict();
export type KeySlot = z.infer<typeof slotSchema>;

/** The current keys sealed to one slot's X25519 key; the role decides what the payload holds. */
const grantSchema = z
  .object({
    slot: z.string(),
    generation: z.number().int().min(1),
    role: z.enum(['coordinator', 'investigator', 'monitor', 'admin']),
    eph: b64,
    iv: b64,
    tag: b64,
    wrapped: b64,
  })
  .strict();
export type Grant = z.infer<typeof grantSchema>;

/** A chain head (audit row count and last hash) recorded at logout, export and backup, signed by its recorder. */
const headSchema = z
  .object({
    kind: z.enum(['logout', 'export', 'backup']),
    at: z.string(),
    rows: z.number().int().min(0),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    signer: z.string(),
    sig: b64,
  })
  .strict();
export type ChainHead = z.infer<typeof headSchema>;

/**
 * Failure counters are parsed loosely on purpose: a failed login has no secret to authenticate
 * them with, so each entry is checked by `failures.ts` and anything malformed means "locked".
 */
const failureSchema = z.unknown();

export const keyFileSchema = z
  .object({
    format: z.literal('sitecrf-keys'),
    version: z.literal(2),
    dbId: z.string().uuid(),
    cipher: z.literal('sqlcipher'),
    /** Incremented by every key rotation; a grant of another generation opens nothing. */
    generation: z.number().int().min(1),
    /** The site's Ed25519 public key (SPKI base64): it signs every user record. */
    sitePublicKey: b64,
    slots: z.array(slotSchema),
    grants: z.array(grantSchema),
    heads: z.array(headSchema).default([]),
    /** Wrong passwords in a row, per user name: kept here because a failed login cannot open the database. */
    failures: z.record(z.string(), failureSchema).default({}),
    /**
     * The site key's signature over dbId and sitePublicKey (keyfile-id.ts): a changed id is then
     * told apart from a wrong password, which it otherwise looks exactly like.
     */
    idSig: b64.optional(),
  })
  .strict();
export type KeyFile = z.infer<typeof keyFileSchema>;

export function keyFilePath(dbPath: string): string {
  return `${dbPath}.keys.json`;
}

export function readKeyFile(dbPath: string): KeyFile {
  const p = keyFilePath(dbPath);
  if (!existsSync(dbPath)) throw new CrfError({ code: 'NOT_FOUND', message: `No database at ${dbPath}` });
  refuseNonFile(dbPath, 'a SiteCRF database');
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
  if ((json as { version?: unknown } | null)?.version === 1)
    throw new CrfError({
      code: 'UNSUPPORTED',
      message: `The key file ${p} is of format 1 (one shared data key): this SiteCRF needs format 2 (per-role keys); export the data with the earlier version`,
    });
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
  writeKeyFileAt(keyFilePath(dbPath), kf);
}

/** The same durable write to any path (a rotation writes the next key file beside the current one). */
export function writeKeyFileAt(p: string, kf: KeyFile): void {
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

/** What a slot's password unwraps: the principal's own private keys (PKCS#8 base64). */
export interface PersonalKeys {
  enc: string;
  sign: string;
}

/**
 * The database id, the slot id, its user and public keys are authenticated with the wrapped keys:
 * a slot cannot be moved to another user or file, nor given other public keys.
 */
function slotAad(dbId: string, s: Pick<KeySlot, 'id' | 'user' | 'userId' | 'encPublic' | 'signPublic'>): Buffer {
  return Buffer.from(
    JSON.stringify(['sitecrf-slot-v2', dbId, s.id, s.user ?? null, s.userId ?? null, s.encPublic, s.signPublic]),
  );
}

export function wrapSlot(
  keys: PersonalKeys & { encPublic: string; signPublic: string },
  secret: string,
  dbId: string,
  id: string,
  kind: KeySlot['kind'],
  user: { username: string; id: number } | undefined,
  kdf: KdfParams = DEFAULT_KDF,
): KeySlot {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const head = {
    id,
    kind,
    ...(user ? { user: user.username, userId: user.id } : {}),
    encPublic: keys.encPublic,
    signPublic: keys.signPublic,
  };
  const cipher = createCipheriv('aes-256-gcm', derive(secret, salt, kdf), iv);
  cipher.setAAD(slotAad(dbId, head));
  const wrapped = Buffer.concat([
    cipher.update(Buffer.from(JSON.stringify({ enc: keys.enc, sign: keys.sign }))),
    cipher.final(),
  ]);
  return {
    ...head,
    kdf: { ...kdf },
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    wrapped: wrapped.toString('base64'),
  };
}

const personalSchema = z.object({ enc: b64, sign: b64 }).strict();

/** The principal's private keys, or null when the secret is wrong (the GCM tag does not verify). */
export function unwrapSlot(slot: KeySlot, secret: string, dbId: string): PersonalKeys | null {
  try {
    const d = createDecipheriv(
      'aes-256-gcm',
      derive(secret, Buffer.from(slot.salt, 'base64'), slot.kdf),
      Buffer.from(slot.iv, 'base64'),
    );
    d.setAAD(slotAad(dbId, slot));
    d.setAuthTag(Buffer.from(slot.tag, 'base64'));
    const out = Buffer.concat([d.update(Buffer.from(slot.wrapped, 'base64')), d.final()]);
    const parsed = personalSchema.safeParse(JSON.parse(out.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Spends the same scrypt as a real unwrap: a login for an unknown user takes as long as any other. */
export function burnKdf(secret: string, kdf: KdfParams): void {
  derive(secret, randomBytes(16), kdf);
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
