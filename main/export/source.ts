/**
 * Reading the site database for an export: a snapshot on a connection of its own (one read
 * transaction, so every pass over the data sees the same state while the app keeps saving on
 * its connection), subjects streamed in subject order with one ordered query, never all at once.
 */
import type { Casebook, FormRecord } from '../../shared/protocol/casebook';
import { openEncrypted, type Db } from '../db/connection';
import type { SiteSession } from '../services/session';
import { openValues, type IdKeyring } from '../services/identifier-values';
import type { SummarySubject } from './summary';

export interface Snapshot {
  db: Db;
  /** The last audit row at or before the cut-off: where the next submission's Changes start. */
  lastAuditId: number;
  cutoff: string;
  /** the identified-access key of the exporting session (null for a role without it) */
  idKey: IdKeyring | null;
  close(): void;
}

export function openSnapshot(session: SiteSession, cutoff: Date): Snapshot {
  const db = session.withDataKey((key) => openEncrypted(session.dbPath, key, { create: false }));
  try {
    // The export reads each page about once, in order: a small page cache loses nothing, and the
    // process's memory stays the same at 1,000 and at 10,000 subjects.
    db.pragma('cache_size = -4000');
    db.exec('BEGIN');
    const cut = cutoff.toISOString();
    const last = db.prepare('SELECT coalesce(max(id), 0) AS id FROM audit WHERE at <= ?').get(cut) as { id: number };
    return {
      db,
      lastAuditId: last.id,
      cutoff: cut,
      idKey: session.identifierKey(),
      close() {
        if (db.inTransaction) db.exec('COMMIT');
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** One row of the subjects × forms join, as an array (no object per row): see the SELECT below. */
type JoinedRow = [
  pk: number,
  subjectId: string,
  status: 'active' | 'withdrawn',
  createdAt: string,
  event: string | null,
  form: string | null,
  instance: number | null,
  formStatus: string | null,
  data: string | null,
  version: string | null,
];

/** Subjects registered by the cut-off, each with their casebook, in subject order. */
export function* iterateSubjects(snap: Snapshot): Generator<SummarySubject> {
  const stmt = snap.db
    .prepare(
      `SELECT s.id, s.subject_id, s.status, s.created_at, f.event, f.form, f.instance, f.status, f.data, f.protocol_version
       FROM subjects s LEFT JOIN forms f ON f.subject = s.id
       WHERE s.created_at <= ? ORDER BY s.seq, f.event, f.form, f.instance`,
    )
    .raw(true);
  let cur: (SummarySubject & { pk: number }) | null = null;
  for (const [pk, subjectId, status, createdAt, event, form, instance, fstatus, data, version] of stmt.iterate(
    snap.cutoff,
  ) as IterableIterator<JoinedRow>) {
    if (!cur || cur.pk !== pk) {
      if (cur) yield cur;
      const casebook: Casebook = { subjectId, forms: [] };
      cur = { pk, subjectId, status, createdAt, casebook, formStatuses: [] };
    }
    if (form && event && instance !== null && data !== null) {
      const values = openValues(snap.idKey, JSON.parse(data) as Record<string, unknown>);
      cur.casebook.forms.push({ event, form, instance, values });
      cur.formStatuses.push({ event, form, instance, status: fstatus ?? 'draft', version });
    }
  }
  if (cur) yield cur;
}

export function queryCounts(snap: Snapshot): { open: number; answered: number } {
  const rows = snap.db
    .prepare(`SELECT status, count(*) AS n FROM queries WHERE opened_at <= ? GROUP BY status`)
    .all(snap.cutoff) as { status: string; n: number }[];
  return {
    open: rows.find((r) => r.status === 'open')?.n ?? 0,
    answered: rows.find((r) => r.status === 'answered')?.n ?? 0,
  };
}

export interface PreviousSubmission {
  period: string;
  fileName: string;
  sha256: string;
  lastAuditId: number;
}

/** The last submission (identified exports are not submissions and never count here). */
export function previousSubmission(db: Db): PreviousSubmission | null {
  const r = db
    .prepare(
      'SELECT period, file_name, sha256, last_audit_id FROM exports WHERE submission = 1 ORDER BY id DESC LIMIT 1',
    )
    .get() as { period: string; file_name: string; sha256: string; last_audit_id: number } | undefined;
  return r ? { period: r.period, fileName: r.file_name, sha256: r.sha256, lastAuditId: r.last_audit_id } : null;
}

/**
 * SQL for a subject's forms of the given form ids as one JSON column, so a streamed query over
 * audit or query rows carries what it needs of the casebook (a second statement cannot run on
 * the connection while the first is being iterated).
 */
export function formsSubquery(subjectPkExpr: string, forms: string[]): string {
  const list = forms.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
  return `(SELECT json_group_array(json_array(f.event, f.form, f.instance, json(f.data))) FROM forms f WHERE f.subject = ${subjectPkExpr} AND f.form IN (${list || "''"}))`;
}

export function casebookFromJson(subjectId: string, json: string | null, idKey: IdKeyring | null): Casebook {
  const rows = json ? (JSON.parse(json) as [string, string, number, Record<string, unknown>][]) : [];
  const forms: FormRecord[] = rows.map(([event, form, instance, values]) => ({
    event,
    form,
    instance,
    values: openValues(idKey, values),
  }));
  return { subjectId, forms };
}
