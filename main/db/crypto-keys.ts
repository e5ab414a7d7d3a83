/**
 * The asymmetric half of the key hierarchy (node:crypto only). Every principal (a user, the
 * recovery code) has an X25519 key to receive keys and an Ed25519 key to sign; the site has an
 * Ed25519 key that signs user records. Keys are handed out as "grants": the current data key,
 * and for the roles that may hold them the identified-access key and the site key, sealed to
 * the principal's X25519 key. An administrator can re-issue grants without knowing anyone's
 * password, which is what makes rotation on deactivation possible.
 */
import {
  createCipheriv,
  createHash,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export interface KeyPairB64 {
  /** PKCS#8 DER, base64 */
  privateKey: string;
  /** SPKI DER, base64 */
  publicKey: string;
}

function pair(kind: 'x25519' | 'ed25519'): KeyPairB64 {
  const k = generateKeyPairSync(kind as 'ed25519');
  return {
    privateKey: k.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: k.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

export const newEncPair = (): KeyPairB64 => pair('x25519');
export const newSignPair = (): KeyPairB64 => pair('ed25519');

export const privateKeyOf = (b64: string): KeyObject =>
  createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' });
export const publicKeyOf = (b64: string): KeyObject =>
  createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });

/** The public half (SPKI base64) of a private key (PKCS#8 base64). */
export function publicOf(privateB64: string): string {
  return createPublicKey(privateKeyOf(privateB64)).export({ format: 'der', type: 'spki' }).toString('base64');
}

export function signBytes(privateKey: KeyObject, data: string | Buffer): string {
  return sign(null, Buffer.from(data), privateKey).toString('base64');
}

export function verifyBytes(publicB64: string, data: string | Buffer, sigB64: string): boolean {
  try {
    return verify(null, Buffer.from(data), publicKeyOf(publicB64), Buffer.from(sigB64, 'base64'));
  } catch {
    return false;
  }
}

export interface Sealed {
  eph: string;
  iv: string;
  tag: string;
  wrapped: string;
}

function sealKey(ephPublicB64: string, shared: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(ephPublicB64, 'base64'), 'sitecrf-grant-v2', 32));
}

/** ECIES: an ephemeral X25519 key, HKDF-SHA256, AES-256-GCM with the caller's AAD. */
export function sealTo(recipientPublicB64: string, payload: Buffer, aad: string): Sealed {
  const eph = newEncPair();
  const shared = diffieHellman({
    privateKey: privateKeyOf(eph.privateKey),
    publicKey: publicKeyOf(recipientPublicB64),
  });
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', sealKey(eph.publicKey, shared), iv);
  c.setAAD(Buffer.from(aad));
  const wrapped = Buffer.concat([c.update(payload), c.final()]);
  return {
    eph: eph.publicKey,
    iv: iv.toString('base64'),
    tag: c.getAuthTag().toString('base64'),
    wrapped: wrapped.toString('base64'),
  };
}

export function openSealed(recipientPrivateB64: string, s: Sealed, aad: string): Buffer | null {
  try {
    const shared = diffieHellman({ privateKey: privateKeyOf(recipientPrivateB64), publicKey: publicKeyOf(s.eph) });
    const d = createDecipheriv('aes-256-gcm', sealKey(s.eph, shared), Buffer.from(s.iv, 'base64'));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(Buffer.from(s.tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(s.wrapped, 'base64')), d.final()]);
  } catch {
    return null;
  }
}

/** A short fingerprint for people and the Cover: SHA-256 of the SPKI, first 16 bytes in hex groups. */
export function fingerprint(publicB64: string): string {
  const h = createHash('sha256').update(Buffer.from(publicB64, 'base64')).digest('hex').slice(0, 32);
  return h.match(/.{4}/g)!.join(':');
}
