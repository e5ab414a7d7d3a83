/**
 * The key file's database id, signed by the site key. A slot is sealed to its database id, so a
 * key file whose id was edited (or swapped with another database's) refuses every password; the
 * signature lets the login say so instead of "Wrong user name or password", and not count it.
 */
import { CrfError } from '../../shared/errors';
import { privateKeyOf, signBytes, verifyBytes } from './crypto-keys';
import type { KeyFile } from './keyslots';

const idBytes = (kf: Pick<KeyFile, 'dbId' | 'sitePublicKey'>): string =>
  JSON.stringify(['sitecrf-keyfile-id-v1', kf.dbId, kf.sitePublicKey]);

/** Signs the id in place; `sitePrivate` is the site's Ed25519 key (PKCS#8 base64). */
export function signKeyFileId(kf: KeyFile, sitePrivate: string): void {
  kf.idSig = signBytes(privateKeyOf(sitePrivate), idBytes(kf));
}

/** Refuses a key file whose id or site key no longer matches its signature (files from before it carry none). */
export function checkKeyFileId(kf: KeyFile, path: string): void {
  if (kf.idSig === undefined || verifyBytes(kf.sitePublicKey, idBytes(kf), kf.idSig)) return;
  throw new CrfError({
    code: 'DAMAGED',
    rule: 'dbId',
    message: `The database id in the key file of ${path} (or its site key) was changed: no password can open it so, and none was counted as wrong; restore the key file from a backup`,
  });
}
