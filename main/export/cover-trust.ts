/**
 * What a submission's Cover says about the site database it came from, signed: the audit
 * chain's head at the cut-off (row count and that row's hash), the hash at the row count of
 * every earlier submission (the chain is a hash chain, so equal hashes at row N prove the
 * earlier head is a prefix of this one), and a signature over those and the sheet hashes.
 *
 * Who signs: a session holding the site key (administrator, recovery) signs with it; everyone
 * else signs with their own Ed25519 key and carries the site's certificate for that key and role
 * (db/signer-certs.ts). So a monitor's or coordinator's submission is signed too, traceable to a
 * user id and role but not a name, and a forged one needs the site key. Without a certificate
 * (none issued yet) the Cover says "unsigned: ..." and the sponsor's import flags it.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { fingerprint, privateKeyOf, signBytes, verifyBytes, publicOf } from '../db/crypto-keys';
import { certBytes, signerCert } from '../db/signer-certs';
import { ROLES, type Role } from '../../shared/roles';
import type { SiteSession } from '../services/session';
import type { Cell } from './layout';

/** Earlier submissions whose heads a Cover proves (two years of monthly submissions). */
const PROOFS = 24;

export type CoverSigner =
  | { kind: 'site' }
  | { kind: 'user'; userId: number; role: Role; key: string; certificate: string }
  | { kind: 'unsigned'; reason: string };

export interface CoverTrust {
  databaseId: string;
  /** SPKI DER base64 */
  siteKey: string;
  auditRows: number;
  auditHead: string;
  /** audit row count of an earlier submission → that row's hash in this database */
  proofs: Record<string, string>;
  signer: CoverSigner;
}

/** What the signature covers besides the trust facts (the rest of the Cover is in the sheet hashes or says how they were made). */
export interface SignedFacts {
  study: string;
  site: string;
  period: string;
  profile: string;
  cutoff: string;
  subjects: number;
  previousSha256: string | null;
  sha256: Record<string, string>;
}

const HASH = /^[0-9a-f]{64}$/;
const sorted = (r: Record<string, string>): [string, string][] =>
  Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function signedBytes(f: SignedFacts, t: CoverTrust): string {
  const who =
    t.signer.kind === 'user'
      ? ['user', t.signer.userId, t.signer.role, t.signer.key]
      : [t.signer.kind, null, null, null];
  return JSON.stringify([
    'sitecrf-cover-v1',
    f.study,
    f.site,
    f.period,
    f.profile,
    f.cutoff,
    f.subjects,
    f.previousSha256,
    sorted(f.sha256),
    t.databaseId,
    t.siteKey,
    t.auditRows,
    t.auditHead,
    sorted(t.proofs),
    ...who,
  ]);
}

/** The head at the snapshot's cut-off and the proofs of the earlier submissions' heads. */
export function coverTrust(session: SiteSession, db: Db, lastAuditId: number): CoverTrust {
  const hashAt = db.prepare('SELECT hash FROM audit WHERE id = ?');
  const head = (hashAt.get(lastAuditId) as { hash: string } | undefined)?.hash ?? '0'.repeat(64);
  const earlier = db
    .prepare(
      `SELECT DISTINCT last_audit_id AS n FROM exports WHERE submission = 1 AND last_audit_id BETWEEN 1 AND ?
       ORDER BY n DESC LIMIT ${PROOFS}`,
    )
    .all(lastAuditId) as { n: number }[];
  const proofs: Record<string, string> = {};
  for (const { n } of earlier) {
    const r = hashAt.get(n) as { hash: string } | undefined;
    if (r) proofs[String(n)] = r.hash;
  }
  const keys = session.siteKeys();
  let signer: CoverSigner;
  if (keys.site) signer = { kind: 'site' };
  else {
    const me = session.signer();
    const cert = signerCert(db, keys.sitePublicKey, session.dbId, session.user.id, session.user.role, me.publicKey);
    signer = cert
      ? { kind: 'user', userId: session.user.id, role: session.user.role, key: me.publicKey, certificate: cert }
      : {
          kind: 'unsigned',
          reason: `exported by a ${session.user.role} without a site certificate for their key (an administrator's login issues it)`,
        };
  }
  return {
    databaseId: session.dbId,
    siteKey: keys.sitePublicKey,
    auditRows: lastAuditId,
    auditHead: head,
    proofs,
    signer,
  };
}

/** Signs with the key `t.signer` names: the session's site key or its personal key. */
export function signCover(session: SiteSession, f: SignedFacts, t: CoverTrust): string | null {
  if (t.signer.kind === 'unsigned') return null;
  const site = session.siteKeys().site;
  if (t.signer.kind === 'site') {
    if (!site || publicOf(site) !== t.siteKey) throw new Error('cover: the session does not hold this site key');
    return signBytes(privateKeyOf(site), signedBytes(f, t));
  }
  return signBytes(session.signer().key, signedBytes(f, t));
}

export function trustRows(t: CoverTrust, signature: string | null): Cell[][] {
  const rows: Cell[][] = [
    ['database_id', t.databaseId],
    ['audit_rows', t.auditRows],
    ['audit_head', t.auditHead],
  ];
  for (const [n, h] of sorted(t.proofs)) rows.push([`audit_hash_at:${n}`, h]);
  rows.push(['site_key', t.siteKey], ['site_key_fingerprint', fingerprint(t.siteKey)], ['signed_by', t.signer.kind]);
  if (t.signer.kind === 'user')
    rows.push(
      ['signer_user_id', t.signer.userId],
      ['signer_role', t.signer.role],
      ['signer_key', t.signer.key],
      ['signer_certificate', t.signer.certificate],
    );
  rows.push(['signature', t.signer.kind === 'unsigned' ? `unsigned: ${t.signer.reason}` : signature]);
  return rows;
}

const trustSchema = z.object({
  database_id: z.string().min(1),
  audit_rows: z.number().int().min(0),
  audit_head: z.string().regex(HASH, 'a SHA-256 in hex'),
  site_key: z.string().min(1),
  site_key_fingerprint: z.string().min(1),
  signed_by: z.enum(['site', 'user', 'unsigned']),
  signer_user_id: z.number().int().positive().optional(),
  signer_role: z.enum(ROLES).optional(),
  signer_key: z.string().min(1).optional(),
  signer_certificate: z.string().min(1).optional(),
  signature: z.string().min(1),
});

export interface ParsedTrust extends CoverTrust {
  siteKeyFingerprint: string;
  signature: string | null;
}

/** The Cover's trust rows (null: a Cover from before they existed); throws a ZodError when malformed. */
export function parseTrust(items: [string, Cell][]): ParsedTrust | null {
  const plain: Record<string, Cell> = {};
  const proofs: Record<string, string> = {};
  for (const [k, v] of items) {
    if (k.startsWith('audit_hash_at:')) {
      const n = z.coerce.number().int().positive().parse(k.slice(14));
      proofs[String(n)] = z.string().regex(HASH, 'a SHA-256 in hex').parse(v);
    } else if (!k.includes(':')) plain[k] = v;
  }
  if (plain.audit_head === undefined && plain.signature === undefined) return null;
  const t = trustSchema.parse(plain);
  let signer: CoverSigner;
  if (t.signed_by === 'user') {
    const u = z
      .object({ id: z.number(), role: z.enum(ROLES), key: z.string(), cert: z.string() })
      .parse({ id: t.signer_user_id, role: t.signer_role, key: t.signer_key, cert: t.signer_certificate });
    signer = { kind: 'user', userId: u.id, role: u.role, key: u.key, certificate: u.cert };
  } else if (t.signed_by === 'site') signer = { kind: 'site' };
  else signer = { kind: 'unsigned', reason: t.signature.replace(/^unsigned:\s*/, '') };
  return {
    databaseId: t.database_id,
    siteKey: t.site_key,
    siteKeyFingerprint: t.site_key_fingerprint,
    auditRows: t.audit_rows,
    auditHead: t.audit_head,
    proofs,
    signer,
    signature: t.signed_by === 'unsigned' ? null : t.signature,
  };
}

/** Why the Cover's signature does not hold (null: it does). An unsigned Cover says so. */
export function coverSignatureProblem(f: SignedFacts, t: ParsedTrust): string | null {
  if (fingerprint(t.siteKey) !== t.siteKeyFingerprint)
    return 'the site key fingerprint does not match the site key it stands beside';
  if (t.signer.kind === 'unsigned') return `unsigned (${t.signer.reason})`;
  if (!t.signature) return 'no signature';
  if (t.signer.kind === 'site')
    return verifyBytes(t.siteKey, signedBytes(f, t), t.signature) ? null : 'the site signature does not verify';
  const s = t.signer;
  if (!verifyBytes(t.siteKey, certBytes(t.databaseId, s.userId, s.role, s.key), s.certificate))
    return `the signer certificate (user #${s.userId}, ${s.role}) is not signed by the site key`;
  return verifyBytes(s.key, signedBytes(f, t), t.signature)
    ? null
    : `the signature of user #${s.userId} (${s.role}) does not verify`;
}

/** The Cover's trust facts with the session's signing step (workbook writer → coverRows). */
export function coverSigning(
  session: SiteSession,
  db: Db,
  lastAuditId: number,
): { facts: CoverTrust; sign: (f: SignedFacts) => string | null } {
  const facts = coverTrust(session, db, lastAuditId);
  return { facts, sign: (f) => signCover(session, f, facts) };
}
