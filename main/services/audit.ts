/**
 * The audit trail: append-only (triggers refuse UPDATE and DELETE) and hash-chained, so an
 * edit made behind the application's back is found by `sitecrf audit verify`.
 */
import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { scheduleIdleCheckpoint } from '../db/connection';

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
}

export const GENESIS_HASH = '0'.repeat(64);

/** The row's content in a fixed order; the id is part of it so rows cannot be reordered. */
export function rowHash(r: Omit<AuditRow, 'hash'>): string {
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
  for (const e of entries) {
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
}

export function verifyAuditChain(db: Database): ChainResult {
  let prev = GENESIS_HASH;
  let expectId = 1;
  let rows = 0;
  for (const r of db.prepare('SELECT * FROM audit ORDER BY id').iterate() as IterableIterator<AuditRow>) {
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
    const { hash, ...content } = r;
    if (rowHash(content) !== hash)
      return {
        ok: false,
        rows,
        badRow: r.id,
        problem: `row ${r.id} was changed after it was written (its hash does not match its content)`,
      };
    prev = hash;
    expectId++;
  }
  return { ok: true, rows };
}

/** Values go into the trail as JSON text so a number, a code list and a missing code stay distinct. */
export function auditValue(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}
