/**
 * Subjects: ids `SITE-NNNN` from a counter that only grows (HIPAA 164.514(c): never derived
 * from an identifier, never reused), withdrawal with a reason, and look-up.
 */
import { requireReason } from './reason';
import { CrfError } from '../../shared/errors';
import { may } from '../../shared/roles';
import { appendAudit } from './audit';
import type { SiteSession } from './session';
import { lookupToken } from './identifier-values';
import { stmt } from '../db/statements';
import type { SubjectSummary } from '../../shared/ipc/schemas';

export interface SubjectRow {
  id: number;
  subject_id: string;
  seq: number;
  status: 'active' | 'withdrawn';
  withdrawn_reason: string | null;
  withdrawn_at: string | null;
  created_at: string;
  created_by: string;
  lookup: string;
  /** Kept in step on save by subject-columns.ts (migration 0003). */
  stratum: string | null;
  index_date: string | null;
  display_name: string | null;
  mrn: string | null;
}

export type { SubjectSummary } from '../../shared/ipc/schemas';

export function formatSubjectId(site: string, seq: number): string {
  return `${site}-${String(seq).padStart(4, '0')}`;
}

export function subjectRow(s: SiteSession, subjectId: string): SubjectRow {
  const r = stmt(s.db, 'SELECT * FROM subjects WHERE subject_id = ?').get(subjectId) as SubjectRow | undefined;
  if (!r)
    throw new CrfError({
      code: 'NOT_FOUND',
      field: 'subjectId',
      rule: 'exists',
      message: `No subject ${String(subjectId).slice(0, 40)} at this site`,
    });
  return r;
}

export const summarize = (r: SubjectRow): SubjectSummary => ({
  subjectId: r.subject_id,
  status: r.status,
  withdrawnReason: r.withdrawn_reason,
  createdAt: r.created_at,
});

/** Registers a subject; the caller may save REG in the same transaction (nested transactions are savepoints). */
export function registerSubject(s: SiteSession): SubjectSummary {
  s.require('subject.register');
  return s.db.transaction(() => {
    const seq = Number(
      (stmt(s.db, `SELECT value FROM meta WHERE key = 'next_subject_seq'`).get() as { value: string }).value,
    );
    const subjectId = formatSubjectId(s.site.code, seq);
    const at = s.now().toISOString();
    stmt(s.db, `UPDATE meta SET value = ? WHERE key = 'next_subject_seq'`).run(String(seq + 1));
    stmt(s.db, 'INSERT INTO subjects (subject_id, seq, created_at, created_by) VALUES (?, ?, ?, ?)').run(
      subjectId,
      seq,
      at,
      s.user.username,
    );
    appendAudit(s.db, [{ user: s.user.username, action: 'subject.register', subjectId }], s.now());
    return summarize(subjectRow(s, subjectId));
  })();
}

export function withdrawSubject(s: SiteSession, input: { subjectId: string; reason: string }): SubjectSummary {
  s.require('subject.withdraw');
  const reason = requireReason(input.reason, 'Withdrawing a subject');
  return s.db.transaction(() => {
    const r = subjectRow(s, input.subjectId);
    if (r.status === 'withdrawn')
      throw new CrfError({
        code: 'CONFLICT',
        field: 'subjectId',
        rule: 'status',
        message: `${r.subject_id} is already withdrawn`,
      });
    stmt(s.db, `UPDATE subjects SET status = 'withdrawn', withdrawn_reason = ?, withdrawn_at = ? WHERE id = ?`).run(
      reason,
      s.now().toISOString(),
      r.id,
    );
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'subject.withdraw',
          subjectId: r.subject_id,
          field: 'status',
          oldValue: 'active',
          newValue: 'withdrawn',
          reason,
        },
      ],
      s.now(),
    );
    return summarize(subjectRow(s, r.subject_id));
  })();
}

export function getSubject(s: SiteSession, subjectId: string): SubjectSummary {
  s.require('subject.read');
  return summarize(subjectRow(s, subjectId));
}

/** Folded for matching: case, spacing and punctuation do not matter ("O'Brien" = "obrien"). */
export function foldForLookup(v: string): string {
  return v
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Finds subjects by subject id for everyone, and by MRN or name for site staff only: the
 * identified look-up never answers a monitor (it stays local to the site).
 */
export function findSubjects(s: SiteSession, query: string, limit = 50): SubjectSummary[] {
  s.require('subject.read');
  const q = query.trim();
  if (!q) return [];
  const byId = stmt(s.db, 'SELECT * FROM subjects WHERE subject_id LIKE ? ORDER BY seq LIMIT ?').all(
    `%${q.toUpperCase().replace(/[%_]/g, '')}%`,
    limit,
  ) as SubjectRow[];
  let byIdent: SubjectRow[] = [];
  const folded = foldForLookup(q);
  const key = s.identifierKey();
  if (folded.length >= 2 && may(s.user.role, 'subject.identified') && key) {
    // The column holds keyed tokens of every prefix: an exact token match is a prefix match.
    byIdent = stmt(s.db, `SELECT * FROM subjects WHERE lookup LIKE ? ORDER BY seq LIMIT ?`).all(
      `%|${lookupToken(key, folded)}|%`,
      limit,
    ) as SubjectRow[];
  }
  const seen = new Set<number>();
  return [...byId, ...byIdent]
    .filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)))
    .slice(0, limit)
    .map(summarize);
}
