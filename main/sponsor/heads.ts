/**
 * The sponsor's side of the site's audit chain: each submission's Cover states the chain head
 * at its cut-off (row count, hash), the hash at the row count of the site's earlier exports,
 * the site key and a signature (export/cover-trust.ts). The store keeps them per submission
 * (submission_trust) and pins each site's key at its first signed submission (site_keys). At
 * every import the new Cover is compared with every stored one of the site, in cut-off order:
 * - truncated: fewer audit rows than an earlier submission, although the site still knows that
 *   export (its rows were deleted);
 * - rolled back: the database does not know an earlier submission (fewer rows, or no hash at its
 *   row count): an older copy was put back;
 * - re-chained: the hash at an earlier submission's row count differs: the trail up to it was
 *   rewritten;
 * - bad signature, unsigned, a changed site key, another database.
 * Changes made after the last submission and undone before the next (or a data edit without an
 * audit row) leave the submitted prefix intact: those are the site's `audit verify` to find.
 */
import { coverSignatureProblem, type ParsedTrust } from '../export/cover-trust';
import { signedFactsOfCover, type Cover } from '../export/cover';
import { fingerprint } from '../db/crypto-keys';
import type { Store } from './store';

export type TrustKind =
  'unsigned' | 'bad-signature' | 'key-changed' | 'other-database' | 'truncated' | 'rolled-back' | 're-chained';

export interface TrustProblem {
  kind: TrustKind;
  message: string;
}

const TRUST_SQL = `
CREATE TABLE IF NOT EXISTS site_keys (
  site VARCHAR PRIMARY KEY, public_key VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL,
  first_submission INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS submission_trust (
  submission_id INTEGER PRIMARY KEY, site VARCHAR NOT NULL, cutoff VARCHAR NOT NULL,
  database_id VARCHAR, site_key_fingerprint VARCHAR, audit_rows INTEGER, audit_head VARCHAR,
  proofs JSON, file_sha256 VARCHAR NOT NULL, previous_sha256 VARCHAR,
  signed_by VARCHAR NOT NULL, signer_role VARCHAR, signature_ok BOOLEAN NOT NULL, problems JSON NOT NULL
);`;

/** Stores made before these tables existed get them at their next import. */
export async function ensureTrustTables(store: Store): Promise<void> {
  await store.run(TRUST_SQL);
}

interface Head {
  id: number;
  cutoff: string;
  databaseId: string;
  rows: number;
  hash: string;
  proofs: Record<string, string>;
  fileSha256: string;
  previousSha256: string | null;
}

async function storedHeads(store: Store, site: string): Promise<Head[]> {
  const rows = await store.all(
    `SELECT submission_id, cutoff, database_id, audit_rows, audit_head, proofs, file_sha256, previous_sha256
     FROM submission_trust WHERE site = $1 AND audit_rows IS NOT NULL ORDER BY cutoff, submission_id`,
    [site],
  );
  return rows.map((r) => ({
    id: Number(r.submission_id),
    cutoff: String(r.cutoff),
    databaseId: String(r.database_id),
    rows: Number(r.audit_rows),
    hash: String(r.audit_head),
    proofs: JSON.parse(String(r.proofs)) as Record<string, string>,
    fileSha256: String(r.file_sha256),
    previousSha256: r.previous_sha256 === null ? null : String(r.previous_sha256),
  }));
}

/** What is wrong between an earlier head `e` and a later one `l` of the same database (null: `e` is a prefix of `l`). */
function compare(e: Head, l: Head, all: Head[], name: (h: Head) => string): TrustProblem | null {
  // `l` knows `e` when it names as its previous submission `e` or one exported after `e`.
  const knows = all.some((x) => x.fileSha256 === l.previousSha256 && x.cutoff >= e.cutoff && x.id !== l.id);
  if (l.rows < e.rows)
    return knows
      ? {
          kind: 'truncated',
          message: `${name(l)} has ${l.rows} audit rows, ${name(e)} had ${e.rows}: rows were deleted from the site's trail`,
        }
      : {
          kind: 'rolled-back',
          message: `${name(l)} comes from a database older than ${name(e)} (${l.rows} audit rows, ${e.rows} then; it does not know that submission): an older copy was put back`,
        };
  const at = l.rows === e.rows ? l.hash : l.proofs[String(e.rows)];
  if (at === undefined)
    return {
      kind: 'rolled-back',
      message: `${name(l)} does not know ${name(e)} (no hash at its audit row ${e.rows}): the site database was restored from before it and written on`,
    };
  if (at !== e.hash)
    return {
      kind: 're-chained',
      message: `audit row ${e.rows} of ${name(l)} differs from the head of ${name(e)}: the trail up to that submission was rewritten`,
    };
  return null;
}

/**
 * Checks the new submission's Cover against the store and records its trust facts (inside the
 * import's transaction). Gives the problems to name.
 */
export async function checkAndRecordTrust(
  store: Store,
  sub: { id: number; fileSha256: string; cover: Cover },
  label: (id: number) => string,
): Promise<TrustProblem[]> {
  const c = sub.cover;
  const site = c.site.code;
  const t: ParsedTrust | null = c.trust;
  const out: TrustProblem[] = [];
  const me = `#${sub.id} (${c.period})`;
  let signatureOk = false;
  if (!t) out.push({ kind: 'unsigned', message: `${me} carries no chain head or signature (an older SiteCRF)` });
  else {
    const p = coverSignatureProblem(signedFactsOfCover(c), t);
    signatureOk = p === null;
    if (p?.startsWith('unsigned')) out.push({ kind: 'unsigned', message: `${me} is ${p}` });
    else if (p)
      out.push({ kind: 'bad-signature', message: `${me}: ${p}: the Cover was not written by this site as it stands` });
  }
  if (t) {
    const pinned = await store.all('SELECT fingerprint, first_submission FROM site_keys WHERE site = $1', [site]);
    const fp = fingerprint(t.siteKey);
    if (pinned.length && String(pinned[0]!.fingerprint) !== fp)
      out.push({
        kind: 'key-changed',
        message: `${me} is of site key ${fp}, but ${site}'s key is ${String(pinned[0]!.fingerprint)} (pinned at ${label(Number(pinned[0]!.first_submission))}): a replaced site key`,
      });
    else if (!pinned.length && signatureOk)
      await store.run('INSERT INTO site_keys VALUES ($1, $2, $3, $4)', [site, t.siteKey, fp, sub.id]);

    const heads = await storedHeads(store, site);
    const mine: Head = {
      id: sub.id,
      cutoff: c.cutoff,
      databaseId: t.databaseId,
      rows: t.auditRows,
      hash: t.auditHead,
      proofs: t.proofs,
      fileSha256: sub.fileSha256,
      previousSha256: c.previous?.sha256 ?? null,
    };
    const name = (h: Head): string => (h.id === sub.id ? me : label(h.id));
    const all = [...heads, mine];
    const before = heads.filter((h) => h.cutoff < mine.cutoff);
    const last = before[before.length - 1];
    if (last && last.databaseId !== mine.databaseId)
      out.push({
        kind: 'other-database',
        message: `${me} comes from another site database than ${name(last)} (database id ${mine.databaseId}, then ${last.databaseId})`,
      });
    const seen = new Set<TrustKind>();
    for (const h of heads) {
      if (h.databaseId !== mine.databaseId || h.cutoff === mine.cutoff) continue;
      const p = h.cutoff < mine.cutoff ? compare(h, mine, all, name) : compare(mine, h, all, name);
      if (p && !seen.has(p.kind)) {
        seen.add(p.kind);
        out.push(p);
      }
    }
  }
  await store.run(`INSERT INTO submission_trust VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, [
    sub.id,
    site,
    c.cutoff,
    t?.databaseId ?? null,
    t ? fingerprint(t.siteKey) : null,
    t?.auditRows ?? null,
    t?.auditHead ?? null,
    t ? JSON.stringify(t.proofs) : null,
    sub.fileSha256,
    c.previous?.sha256 ?? null,
    t?.signer.kind ?? 'none',
    t?.signer.kind === 'user' ? t.signer.role : null,
    signatureOk,
    JSON.stringify(out),
  ]);
  return out;
}
