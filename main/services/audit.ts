/**
 * The audit trail: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so an
 * edit made behind the application's back is found by `sitecrf audit verify`.
 */
import { createHash, type KeyObject } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { scheduleIdleCheckpoint } from '../db/connection';
import { signBytes, verifyBytes } from '../db/crypto-keys';

export interface AuditEntry {
  at?: string;
  user: string;
  action: string;
  subjectId?: string | null;
  event?: string | null;
  form?: string | null;
  instance?: number | null;
  field?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  reason?: string | null;
  detail?: unknown;
}

export interface AuditRow {
  id: number;
  at: string;
  user: string;
  action: string;
  subject_id: string | null;
  event: string | null;
  form: string | null;
  instance: number | null;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
  /** from audit_sigs, on the last row of each appended batch: who signed it and the Ed25519 signature */
  signer?: string | null;
  sig?: string | null;
}

/** Who signs the rows appended on a connection: the session's principal (set at login). */
export interface AuditSigner {
  dbId: string;
  name: string;
  key: KeyObject;
}
const signers = new WeakMap<Database, AuditSigner>();
export function setAuditSigner(db: Database, signer: AuditSigner): void {
  signers.set(db, signer);
}

/** What a signature covers: the row's hash covers its content and, through the chain, every row before it. */
export function signedBytes(dbId: string, id: number, hash: string, signer: string): string {
  return JSON.stringify(['sitecrf-audit-v2', dbId, id, hash, signer]);
}

export const GENESIS_HASH = '0'.repeat(64);

/** The row's content in a fixed order; the id is part of it so rows cannot be reordered. */
export function rowHash(r: Omit<AuditRow, 'hash' | 'signer' | 'sig'>): string {
  const content = JSON.stringify([
    r.id,
    r.at,
    r.user,
    r.action,
    r.subject_id,
    r.event,
    r.form,
    r.instance,
    r.field,
    r.old_value,
    r.new_value,
    r.reason,
    r.detail,
    r.prev_hash,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

interface Prepared {
  last: Statement;
  insert: Statement;
  sign: Statement;
}
const prepared = new WeakMap<Database, Prepared>();
function stmts(db: Database): Prepared {
  let p = prepared.get(db);
  if (!p) {
    p = {
      last: db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1'),
      insert: db.prepare(
        // Positional parameters: binding by name costs more than the insert itself in bulk entry.
        'INSERT INTO audit (id, at, user, action, subject_id, event, form, instance, field, old_value, new_value, reason, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      sign: db.prepare('INSERT INTO audit_sigs (audit_id, signer, sig) VALUES (?, ?, ?)'),
    };
    prepared.set(db, p);
  }
  return p;
}

/**
 * Appends rows to the chain. Call inside the transaction that makes the change, so the data
 * and its audit rows commit together or not at all; the chain head is read inside it too, so
 * two processes on one file (the app and a CLI job) still form one chain.
 */
export function appendAudit(db: Database, entries: AuditEntry[], now: Date = new Date()): void {
  if (!entries.length) return;
  const s = stmts(db);
  const head = s.last.get() as { id: number; hash: string } | undefined;
  let id = head?.id ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  const at = now.toISOString();
  const signer = signers.get(db);
  for (const [i, e] of entries.entries()) {
    id += 1;
    const row: Omit<AuditRow, 'hash'> = {
      id,
      at: e.at ?? at,
      user: e.user,
      action: e.action,
      subject_id: e.subjectId ?? null,
      event: e.event ?? null,
      form: e.form ?? null,
      instance: e.instance ?? null,
      field: e.field ?? null,
      old_value: e.oldValue ?? null,
      new_value: e.newValue ?? null,
      reason: e.reason ?? null,
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
      prev_hash: prev,
    };
    const hash = rowHash(row);
    // One signature per batch (its last row): the chain carries it over the rows before, and a
    // save costs one Ed25519 signature however many fields it changed.
    const last = i === entries.length - 1 && signer;
    s.insert.run(
      row.id,
      row.at,
      row.user,
      row.action,
      row.subject_id,
      row.event,
      row.form,
      row.instance,
      row.field,
      row.old_value,
      row.new_value,
      row.reason,
      row.detail,
      row.prev_hash,
      hash,
    );
    if (last) s.sign.run(id, signer.name, signBytes(signer.key, signedBytes(signer.dbId, id, hash, signer.name)));
    prev = hash;
  }
  // Every write goes through the audit trail, so this is where the idle checkpoint is armed.
  scheduleIdleCheckpoint(db);
}

export interface ChainResult {
  ok: boolean;
  rows: number;
  /** The first row that does not verify, and why. */
  badRow?: number;
  problem?: string;
  /** the last row's hash (the chain head) when the chain verifies */
  head?: string;
}

/**
 * The hash chain, and with `keys` (signer name → Ed25519 public key, from verified user
 * records) the signatures: every row must be covered by a later signed row of its batch, and a
 * signature must verify under its signer's key. `signedFrom` is the first row written with
 * signatures (rows of a database from before schema 4 are chained only).
 */
export function verifyAuditChain(
  db: Database,
  keys?: {
    dbId: string;
    /** Each signer's keys: the current one and any retired by a key reset. */
    publicKeys: Map<string, string[]>;
    signedFrom: number;
    /** may `signer` write a row in the name of `user`? (itself; the recovery; a system account's owner) */
    mayWriteFor: (signer: string, user: string, action: string) => boolean;
  },
  /** Go on from a row already verified (its id and hash; the end of a signed batch). */
  start?: { id: number; head: string },
): ChainResult {
  let prev = start?.head ?? GENESIS_HASH;
  let expectId = (start?.id ?? 0) + 1;
  let rows = start?.id ?? 0;
  let unsignedSince: number | null = null;
  let batch: { id: number; user: string; action: string }[] = [];
  const sql = keys
    ? 'SELECT a.*, s.signer, s.sig FROM audit a LEFT JOIN audit_sigs s ON s.audit_id = a.id WHERE a.id > ? ORDER BY a.id'
    : 'SELECT * FROM audit WHERE id > ? ORDER BY id';
  for (const r of db.prepare(sql).iterate(start?.id ?? 0) as IterableIterator<AuditRow>) {
    rows++;
    if (r.id !== expectId)
      return { ok: false, rows, badRow: r.id, problem: `row ${expectId} is missing before row ${r.id}` };
    if (r.prev_hash !== prev)
      return {
        ok: false,
        rows,
        badRow: r.id,
        problem: `row ${r.id} does not follow row ${r.id - 1} (previous hash differs)`,
      };
    const { hash, signer, sig, ...content } = r;
    if (rowHash(content) !== hash)
      return {
        ok: false,
        rows,
        badRow: r.id,
        problem: `row ${r.id} was changed after it was written (its hash does not match its content)`,
      };
    if (keys && r.id >= keys.signedFrom) {
      if (sig || signer) {
        const pubs = signer ? (keys.publicKeys.get(signer) ?? []) : [];
        const pub = pubs[0];
        if (!pub || !sig || !pubs.some((k) => verifyBytes(k, signedBytes(keys.dbId, r.id, hash, signer!), sig)))
          return {
            ok: false,
            rows,
            badRow: batch[0]?.id ?? r.id,
            problem: `rows ${batch[0]?.id ?? r.id}–${r.id} do not match the signature of ${signer ?? 'anyone'}${pub ? '' : ' (no such signing key)'}: one of them was rewritten (or the chain before them)`,
          };
        const forged = [...batch, r].find((b) => !keys.mayWriteFor(signer!, b.user, b.action));
        if (forged)
          return {
            ok: false,
            rows,
            badRow: forged.id,
            problem: `row ${forged.id} is in the name of ${forged.user} but signed by ${signer}`,
          };
        unsignedSince = null;
        batch = [];
      } else {
        if (unsignedSince === null) unsignedSince = r.id;
        batch.push({ id: r.id, user: r.user, action: r.action });
      }
    }
    prev = hash;
    expectId++;
  }
  if (keys && unsignedSince !== null)
    return {
      ok: false,
      rows,
      badRow: unsignedSince,
      problem: `rows from ${unsignedSince} on carry no signature (written or rewritten outside SiteCRF)`,
    };
  return { ok: true, rows, head: prev };
}

/** Values go into the trail as JSON text so a number, a code list and a missing code stay distinct. */
export function auditValue(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}
