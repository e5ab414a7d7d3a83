/**
 * Chain heads (audit row count and last hash) recorded in the key file at logout, export and
 * backup, each signed by its recorder. A database found shorter than a recorded head, or with a
 * different row at the head's position, was rolled back or truncated: the login warns and
 * `audit verify` fails.
 */
import type { Db } from '../db/connection';
import { signBytes, verifyBytes } from '../db/crypto-keys';
import { readKeyFile, writeKeyFile, type ChainHead, type KeyFile } from '../db/keyslots';
import { readRecoveryRecord } from '../db/recovery-record';
import { allUserRecords, verifyUserRecord } from './user-records';
import type { SiteSession } from './session';
import { retiredSigningKeys } from '../db/retired-signers';

const KEEP = 20;

export const headBytes = (dbId: string, h: Omit<ChainHead, 'sig'>): string =>
  JSON.stringify(['sitecrf-head-v2', dbId, h.kind, h.at, h.rows, h.hash, h.signer]);

export function chainHead(db: Db): { rows: number; hash: string } {
  const r = db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string } | undefined;
  return { rows: r?.id ?? 0, hash: r?.hash ?? '0'.repeat(64) };
}

/** Records the current head in the key file (the last few of each kind are kept). */
export function recordHead(s: SiteSession, kind: ChainHead['kind']): ChainHead {
  const { rows, hash } = chainHead(s.db);
  const signer = s.signer();
  const h: Omit<ChainHead, 'sig'> = { kind, at: s.now().toISOString(), rows, hash, signer: signer.name };
  const head: ChainHead = { ...h, sig: signBytes(signer.key, headBytes(s.dbId, h)) };
  const kf = readKeyFile(s.dbPath);
  const same = kf.heads.filter((x) => x.kind === kind);
  const others = kf.heads.filter((x) => x.kind !== kind);
  kf.heads = [...others, ...same.slice(-(KEEP - 1)), head];
  writeKeyFile(s.dbPath, kf);
  return head;
}

/** Signing keys of the principals whose records verify under the site key. */
/** Each principal's signing keys: the current one first, then those retired by a key reset. */
export function verifiedSigners(db: Db, sitePublic: string, dbId: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (signer: string, key: string) => m.set(signer, [...(m.get(signer) ?? []), key]);
  for (const r of allUserRecords(db))
    if (r.signPublic && verifyUserRecord(sitePublic, dbId, r)) add(r.username, r.signPublic);
  const rec = readRecoveryRecord(db, sitePublic, dbId);
  if (rec) add('recovery', rec.signPublic);
  for (const k of retiredSigningKeys(db, sitePublic, dbId)) add(k.signer, k.signPublic);
  return m;
}

/** What is wrong between the database and the heads of its key file (empty: nothing). */
export function checkHeads(db: Db, kf: KeyFile): string[] {
  if (!kf.heads.length) return [];
  const signers = verifiedSigners(db, kf.sitePublicKey, kf.dbId);
  const { rows } = chainHead(db);
  const at = db.prepare('SELECT hash FROM audit WHERE id = ?');
  const out: string[] = [];
  for (const h of kf.heads) {
    const { sig, ...body } = h;
    const pubs = signers.get(h.signer) ?? [];
    if (!pubs.some((pub) => verifyBytes(pub, headBytes(kf.dbId, body), sig))) {
      out.push(`A ${h.kind} record of ${h.at} in the key file is not signed by ${h.signer}`);
      continue;
    }
    if (rows < h.rows) {
      out.push(
        `The database is older than its own ${h.kind} record of ${h.at}: it has ${rows} audit rows, the record ${h.rows} (rolled back or truncated)`,
      );
      continue;
    }
    const row = at.get(h.rows) as { hash: string } | undefined;
    if (h.rows > 0 && row?.hash !== h.hash)
      out.push(`Audit row ${h.rows} differs from the ${h.kind} record of ${h.at}: the trail was rewritten`);
  }
  // One line per kind of problem is enough for a person to act on.
  return [...new Set(out)].slice(0, 5);
}
