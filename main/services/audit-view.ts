/** The audit trail viewer (admin and monitor): filtered, paged, with the chain's verification on top. */
import type { Db } from '../db/connection';
import { verifyAuditChain, type ChainResult } from './audit';
import { auditKeys } from './audit-keys';
import { WITHHELD_TEXT, seesIdentifiers, withheldFields } from './identifiers';
import type { SiteSession } from './session';
import { readAuditJson } from './identifier-values';

export interface AuditFilter {
  subjectId?: string;
  form?: string;
  user?: string;
  action?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditViewRow {
  id: number;
  at: string;
  user: string;
  action: string;
  subjectId: string | null;
  event: string | null;
  form: string | null;
  instance: number | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  detail: string | null;
}

export function listAudit(s: SiteSession, f: AuditFilter): { rows: AuditViewRow[]; total: number; chain: ChainResult } {
  s.require('audit.read');
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (clause: string, arg: string | number): void => {
    where.push(clause);
    args.push(arg);
  };
  if (f.subjectId) add('subject_id = ?', f.subjectId);
  if (f.form) add('form = ?', f.form);
  if (f.user) add('user = ? COLLATE NOCASE', f.user);
  if (f.action) add('action LIKE ?', `${f.action.replace(/[%_]/g, '')}%`);
  // Dates are calendar days in UTC, as the trail records them.
  if (f.from) add('at >= ?', `${f.from}T00:00:00.000Z`);
  if (f.to) add('at <= ?', `${f.to}T23:59:59.999Z`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const pageSize = f.pageSize ?? 50;
  const total = (s.db.prepare(`SELECT count(*) AS n FROM audit ${w}`).get(...args) as { n: number }).n;
  const rows = s.db
    .prepare(
      `SELECT id, at, user, action, subject_id AS subjectId, event, form, instance, field, old_value AS oldValue, new_value AS newValue, reason, detail FROM audit ${w} ORDER BY id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, pageSize, (f.page ?? 0) * pageSize) as AuditViewRow[];
  // A monitor (no identified access) sees that an identifying value changed, never the value.
  if (!seesIdentifiers(s)) for (const r of rows) maskIdentifiers(s, r);
  const key = s.identifierKey();
  for (const r of rows) {
    if (r.action !== 'form.value') continue;
    const open = (v: string | null): string | null => {
      const x = readAuditJson(key, v);
      return typeof x === 'object' && x !== null ? WITHHELD_TEXT : x;
    };
    r.oldValue = open(r.oldValue);
    r.newValue = open(r.newValue);
  }
  return { rows, total, chain: verdict(s) };
}

/**
 * How far each open connection's trail is verified (chain and signatures): a page view checks
 * only the rows written since, so it stays fast at 10,000 subjects. The verified head is looked
 * up again first: a trail rewritten or cut below it (which changes that row's hash or removes
 * it) is verified again from the start. A complete check is `sitecrf audit verify`.
 */
const verified = new WeakMap<Db, { id: number; head: string }>();

function verdict(s: SiteSession): ChainResult {
  const db = s.db;
  let start = verified.get(db);
  if (start) {
    const row = db.prepare('SELECT hash FROM audit WHERE id = ?').get(start.id) as { hash: string } | undefined;
    if (row?.hash !== start.head) start = undefined;
  }
  const r = verifyAuditChain(db, auditKeys(db, s.siteKeys().sitePublicKey, s.dbId), start);
  if (r.ok && r.head) verified.set(db, { id: r.rows, head: r.head });
  else verified.delete(db);
  return r;
}

function maskIdentifiers(s: SiteSession, r: AuditViewRow): void {
  if (r.action !== 'form.value' || !r.form || !r.field || !withheldFields(s, r.form).includes(r.field)) return;
  if (r.oldValue !== null) r.oldValue = WITHHELD_TEXT;
  if (r.newValue !== null) r.newValue = WITHHELD_TEXT;
}
