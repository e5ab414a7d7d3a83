/**
 * Signing keys a principal had before its keys were replaced (an admin reset, the recovery code
 * replaced on use). Its earlier audit rows stay signed by the old key, so verification must
 * still know it. Each entry is signed by the site key, like the records themselves, so a row
 * added behind the application's back lends no key (meta `retired_signers`).
 */
import { z } from 'zod';
import type { Db } from './connection';
import { privateKeyOf, signBytes, verifyBytes } from './crypto-keys';

const entrySchema = z.object({ signer: z.string(), signPublic: z.string(), sig: z.string() }).strict();
type Entry = z.infer<typeof entrySchema>;

const bytes = (dbId: string, signer: string, signPublic: string): string =>
  JSON.stringify(['sitecrf-retired-signer-v1', dbId, signer, signPublic]);

function read(db: Db): unknown[] {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'retired_signers'`).get() as { value: string } | undefined;
  try {
    const v: unknown = row ? JSON.parse(row.value) : [];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** Keeps `signPublic` as a retired key of `signer` (inside the caller's transaction). */
export function retireSigningKey(db: Db, sitePrivate: string, dbId: string, signer: string, signPublic: string): void {
  const entries = read(db);
  const entry: Entry = {
    signer,
    signPublic,
    sig: signBytes(privateKeyOf(sitePrivate), bytes(dbId, signer, signPublic)),
  };
  db.prepare(
    `INSERT INTO meta (key, value) VALUES ('retired_signers', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(JSON.stringify([...entries, entry]));
}

/** The retired keys whose entries verify under the site key. */
export function retiredSigningKeys(db: Db, sitePublic: string, dbId: string): { signer: string; signPublic: string }[] {
  const out: { signer: string; signPublic: string }[] = [];
  for (const raw of read(db)) {
    const e = entrySchema.safeParse(raw);
    if (e.success && verifyBytes(sitePublic, bytes(dbId, e.data.signer, e.data.signPublic), e.data.sig))
      out.push({ signer: e.data.signer, signPublic: e.data.signPublic });
  }
  return out;
}
