/**
 * Signer certificates: the site key's statement "user #id, in role R, signs with key K". A
 * submission workbook leaves the site signed by its exporter, and most exporters (coordinator,
 * investigator, monitor) do not hold the site key; their personal Ed25519 key plus this
 * certificate lets the sponsor check the Cover against the one key it pins per site, without
 * the workbook carrying a person's name (the user record's signature covers the user name, so
 * it cannot serve). Kept in meta `signer_certs`, issued wherever the site key writes a user
 * record and, for users made before certificates existed, at an administrator's login.
 */
import { z } from 'zod';
import type { Db } from './connection';
import { privateKeyOf, signBytes, verifyBytes } from './crypto-keys';
import { ROLES, type Role } from '../../shared/roles';

const certSchema = z.object({ role: z.enum(ROLES), signPublic: z.string().min(1), sig: z.string().min(1) }).strict();
type Cert = z.infer<typeof certSchema>;

export const certBytes = (dbId: string, userId: number, role: Role, signPublic: string): string =>
  JSON.stringify(['sitecrf-signer-v1', dbId, userId, role, signPublic]);

function read(db: Db): Record<string, unknown> {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'signer_certs'`).get() as { value: string } | undefined;
  try {
    const v: unknown = row ? JSON.parse(row.value) : {};
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function write(db: Db, all: Record<string, unknown>): void {
  db.prepare(
    `INSERT INTO meta (key, value) VALUES ('signer_certs', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(JSON.stringify(all));
}

/** Issues (or withdraws, for an inactive user) the certificate of one user (inside the caller's transaction). */
export function issueSignerCert(
  db: Db,
  sitePrivate: string,
  dbId: string,
  r: { id: number; role: Role; active: boolean; signPublic: string },
): void {
  const all = read(db);
  if (!r.active) delete all[String(r.id)];
  else {
    const cert: Cert = {
      role: r.role,
      signPublic: r.signPublic,
      sig: signBytes(privateKeyOf(sitePrivate), certBytes(dbId, r.id, r.role, r.signPublic)),
    };
    all[String(r.id)] = cert;
  }
  write(db, all);
}

/** The site's signature certifying this user, role and key, or null when none verifies. */
export function signerCert(
  db: Db,
  sitePublic: string,
  dbId: string,
  userId: number,
  role: Role,
  signPublic: string,
): string | null {
  const c = certSchema.safeParse(read(db)[String(userId)]);
  if (!c.success || c.data.role !== role || c.data.signPublic !== signPublic) return null;
  return verifyBytes(sitePublic, certBytes(dbId, userId, role, signPublic), c.data.sig) ? c.data.sig : null;
}

/** Users (id, role, key; verified records only) that lack a current certificate get one. */
export function backfillSignerCerts(
  db: Db,
  sitePrivate: string,
  sitePublic: string,
  dbId: string,
  users: { id: number; role: Role; signPublic: string }[],
): number {
  const missing = users.filter((u) => !signerCert(db, sitePublic, dbId, u.id, u.role, u.signPublic));
  for (const u of missing) issueSignerCert(db, sitePrivate, dbId, { ...u, active: true });
  return missing.length;
}
