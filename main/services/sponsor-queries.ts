/**
 * At the site: a sponsor's queries file opens its queries as ordinary queries raised by
 * "sponsor" (rule `sponsor:<id>`, so the next workbook's Queries sheet names them back), closes
 * those the sponsor closed and re-opens those the sponsor re-opened. All or nothing: a file for
 * another site or study, edited by hand, or naming a subject or form the site does not have is
 * refused and nothing is imported.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CrfError } from '../../shared/errors';
import {
  sponsorQueriesCanonical,
  sponsorQueriesFileSchema,
  sponsorRule,
  type SponsorQueriesFile,
} from '../../shared/sponsor-queries';
import { appendAudit } from './audit';
import { checkFormKey } from './forms';
import type { SiteSession } from './session';
import { subjectRow } from './subjects';

export const SPONSOR_USER = 'sponsor';

export interface SponsorImportResult {
  opened: number;
  closed: number;
  reopened: number;
  unchanged: number;
}

const refuse = (rule: string, message: string): CrfError =>
  new CrfError({ code: 'VALIDATION', field: 'file', rule, message: `Sponsor queries file refused: ${message}` });

export function parseSponsorQueries(text: string, s: SiteSession): SponsorQueriesFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw refuse('json', 'not JSON');
  }
  const p = sponsorQueriesFileSchema.safeParse(raw);
  if (!p.success) {
    const i = p.error.issues[0]!;
    throw refuse('schema', `${i.path.join('.') || 'file'}: ${i.message}`);
  }
  const f = p.data;
  const { sha256, ...body } = f;
  if (createHash('sha256').update(sponsorQueriesCanonical(body)).digest('hex') !== sha256)
    throw refuse('hash', 'its content does not match its SHA-256 (edited after the sponsor wrote it)');
  if (f.study !== s.study.def.id)
    throw refuse('study', `it is for study ${f.study}; this database is ${s.study.def.id}`);
  if (f.site !== s.site.code) throw refuse('site', `it is for site ${f.site}; this is ${s.site.code}`);
  return f;
}

interface Existing {
  id: number;
  status: string;
  rounds: number;
}

export function importSponsorQueries(s: SiteSession, file: string): SponsorImportResult {
  s.require('query.open');
  return importSponsorQueriesText(s, readFileSync(file, 'utf8'));
}

/** The same import from the file's text (the Queries screen sends what the user picked). */
export function importSponsorQueriesText(s: SiteSession, text: string): SponsorImportResult {
  s.require('query.open');
  const f = parseSponsorQueries(text, s);
  const out: SponsorImportResult = { opened: 0, closed: 0, reopened: 0, unchanged: 0 };
  s.db.transaction(() => {
    const at = s.now().toISOString();
    const message = s.db.prepare(
      'INSERT INTO query_messages (query, username, at, action, text) VALUES (?, ?, ?, ?, ?)',
    );
    for (const q of f.queries) {
      const where = `sponsor query ${q.id}`;
      let subject;
      try {
        subject = subjectRow(s, q.subject_id);
        checkFormKey(s, { event: q.event, form: q.form, instance: q.instance ?? undefined });
        if (q.field && !s.study.form(q.form).fields.some((x) => x.id === q.field))
          throw new Error(`${q.form} has no field ${q.field}`);
      } catch (e) {
        throw refuse('target', `${where}: ${(e as Error).message}`);
      }
      const ex = s.db
        .prepare(
          `SELECT id, status, (SELECT count(*) FROM query_messages m WHERE m.query = q.id AND m.username = ? AND m.action IN ('open', 'reopen')) AS rounds
           FROM queries q WHERE rule = ?`,
        )
        .get(SPONSOR_USER, sponsorRule(q.id)) as Existing | undefined;
      const audit = (action: string, id: number, oldValue: string | null, newValue: string): void =>
        appendAudit(
          s.db,
          [
            {
              user: s.user.username,
              action,
              subjectId: q.subject_id,
              event: q.event,
              form: q.form,
              instance: q.instance ?? 1,
              field: q.field,
              oldValue,
              newValue,
              detail: { query: id, sponsorQuery: q.id, raisedBy: SPONSOR_USER, file: f.sha256 },
            },
          ],
          s.now(),
        );
      if (!ex) {
        if (q.status === 'closed') continue;
        const { lastInsertRowid } = s.db
          .prepare(
            `INSERT INTO queries (subject, event, form, instance, field, rule, status, opened_by, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
          )
          .run(subject.id, q.event, q.form, q.instance ?? 1, q.field, sponsorRule(q.id), SPONSOR_USER, at, at);
        const id = Number(lastInsertRowid);
        message.run(id, SPONSOR_USER, at, 'open', q.text);
        audit('query.import', id, null, 'open');
        out.opened++;
      } else if (q.status === 'closed' && ex.status !== 'closed') {
        message.run(ex.id, SPONSOR_USER, at, 'close', q.text);
        s.db
          .prepare(`UPDATE queries SET status = 'closed', updated_at = ?, closed_at = ? WHERE id = ?`)
          .run(at, at, ex.id);
        audit('query.close', ex.id, ex.status, 'closed');
        out.closed++;
      } else if (q.status === 'open' && q.round > ex.rounds && ex.status !== 'open') {
        message.run(ex.id, SPONSOR_USER, at, 'reopen', q.text);
        s.db.prepare(`UPDATE queries SET status = 'open', updated_at = ? WHERE id = ?`).run(at, ex.id);
        audit('query.reopen', ex.id, ex.status, 'open');
        out.reopened++;
      } else out.unchanged++;
    }
  })();
  return out;
}
