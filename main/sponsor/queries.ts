/**
 * Queries that travel: the sponsor raises a query on a pooled subject, writes a site's queries
 * to a file carrying its own hash, study and site, and sees the site's answers come back in the
 * next workbook's Queries sheet (the rule `sponsor:<id>` names them); the sponsor closes or
 * re-opens them, and the next file tells the site.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrfError } from '../../shared/errors';
import {
  SPONSOR_QUERIES_FORMAT,
  sponsorQueriesCanonical,
  sponsorRuleId,
  type SponsorQueriesFile,
  type SponsorQuery,
} from '../../shared/sponsor-queries';
import type { Cell } from '../export/layout';
import type { Store } from './store';

export interface RaiseInput {
  subject: string;
  event: string;
  form: string;
  field?: string;
  instance?: number;
  text: string;
  /** Who raised it (the CLI's --user, the sponsor screen's "Your name"); kept in the store only. */
  by?: string;
}

/**
 * Authorship columns, added to stores made before they existed. The sponsor queries file the
 * site imports does not carry them (at the site the author is "sponsor").
 */
export async function ensureQueryAuthors(store: Store): Promise<void> {
  await store.run('ALTER TABLE sponsor_queries ADD COLUMN IF NOT EXISTS raised_by VARCHAR');
  await store.run('ALTER TABLE sponsor_query_events ADD COLUMN IF NOT EXISTS actor VARCHAR');
}

const author = (by: string | undefined): string | null => {
  const t = (by ?? '').trim();
  if (t.length > 100) throw invalid('by', 'maxLength', 'A name has at most 100 characters');
  return t || null;
};

const invalid = (field: string, rule: string, message: string): CrfError =>
  new CrfError({ code: 'VALIDATION', field, rule, message });

export async function raiseQuery(store: Store, q: RaiseInput, now = new Date()): Promise<{ id: number; site: string }> {
  const text = (q.text ?? '').trim();
  if (!text) throw invalid('text', 'required', 'The query needs text');
  if (text.length > 2000) throw invalid('text', 'maxLength', 'A query has at most 2000 characters');
  const subj = await store.all('SELECT DISTINCT site FROM current_rows WHERE subject_id = $1', [q.subject]);
  if (subj.length !== 1)
    throw invalid('subject', 'exists', `No subject ${q.subject} in the pooled study's current submissions`);
  const forms = await store.all('SELECT DISTINCT form, field FROM dictionary WHERE form = $1', [q.form]);
  if (!forms.length) throw invalid('form', 'exists', `The study's Dictionary has no form ${q.form}`);
  if (q.field && !forms.some((f) => f.field === q.field))
    throw invalid('field', 'exists', `${q.form} has no field ${q.field}`);
  const site = String(subj[0]!.site);
  const by = author(q.by);
  await ensureQueryAuthors(store);
  const [{ id }] = (await store.all("SELECT nextval('sponsor_query_ids') AS id")) as [{ id: number }];
  await store.tx(async () => {
    await store.run(
      `INSERT INTO sponsor_queries (id, site, subject_id, event, form, instance, field, text, status, raised_at, updated_at, raised_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9::TIMESTAMP, $9::TIMESTAMP, $10)`,
      [Number(id), site, q.subject, q.event, q.form, q.instance ?? null, q.field ?? null, text, now.toISOString(), by],
    );
    await store.run(
      "INSERT INTO sponsor_query_events (query_id, happened_at, action, detail, actor) VALUES ($1, $2::TIMESTAMP, 'raise', $3, $4)",
      [Number(id), now.toISOString(), text, by],
    );
  });
  return { id: Number(id), site };
}

async function oneQuery(store: Store, id: number): Promise<Record<string, unknown>> {
  const r = await store.all('SELECT * FROM sponsor_queries WHERE id = $1', [id]);
  if (!r.length)
    throw new CrfError({ code: 'NOT_FOUND', field: 'id', rule: 'exists', message: `No sponsor query ${id}` });
  return r[0]!;
}

/** The sponsor closes a query (answered or not), or re-opens it with a reason the site will read. */
export async function setQueryStatus(
  store: Store,
  id: number,
  to: 'closed' | 'open',
  text: string | undefined,
  now = new Date(),
  by?: string,
): Promise<void> {
  const q = await oneQuery(store, id);
  const actor = author(by);
  await ensureQueryAuthors(store);
  if (to === 'closed' && q.status === 'closed') throw invalid('id', 'status', `Sponsor query ${id} is closed already`);
  if (to === 'open' && q.status === 'open') throw invalid('id', 'status', `Sponsor query ${id} is open already`);
  const reason = (text ?? '').trim();
  if (to === 'open' && !reason) throw invalid('text', 'required', 'Re-opening a query needs text');
  await store.tx(async () => {
    await store.run(
      `UPDATE sponsor_queries SET status = $1, updated_at = $2::TIMESTAMP, round = round + $3,
         text = CASE WHEN $3 = 1 THEN $4 ELSE text END WHERE id = $5`,
      [to, now.toISOString(), to === 'open' ? 1 : 0, reason, id],
    );
    await store.run(
      'INSERT INTO sponsor_query_events (query_id, happened_at, action, detail, actor) VALUES ($1, $2::TIMESTAMP, $3, $4, $5)',
      [id, now.toISOString(), to === 'open' ? 'reopen' : 'close', reason || null, actor],
    );
  });
}

/** Writes the site's sponsor queries (all of them: the site opens, closes and re-opens to match). */
export async function writeQueriesFile(store: Store, site: string, out: string, now = new Date()): Promise<number> {
  const study = await store.studyId();
  const rows = await store.all('SELECT * FROM sponsor_queries WHERE site = $1 ORDER BY id', [site]);
  const queries: SponsorQuery[] = rows.map((r) => ({
    id: Number(r.id),
    subject_id: String(r.subject_id),
    event: String(r.event),
    form: String(r.form),
    instance: r.instance === null ? null : Number(r.instance),
    field: r.field === null ? null : String(r.field),
    text: String(r.text),
    status: r.status === 'closed' ? 'closed' : r.status === 'answered' ? 'answered' : 'open',
    round: Number(r.round),
  }));
  const body: Omit<SponsorQueriesFile, 'sha256'> = {
    format: SPONSOR_QUERIES_FORMAT,
    version: 1,
    study,
    site,
    written_at: now.toISOString(),
    queries,
  };
  const sha256 = createHash('sha256').update(sponsorQueriesCanonical(body)).digest('hex');
  writeFileSync(out, `${JSON.stringify({ ...body, sha256 }, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  return queries.length;
}

/**
 * The file `writeQueriesFile` writes, as text (the sponsor screen downloads it): written to a
 * private temporary folder by the same function, read back and removed.
 */
export async function queriesFileText(
  store: Store,
  site: string,
  now = new Date(),
): Promise<{ name: string; text: string; queries: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sitecrf-queries-'));
  try {
    const name = `${site}-sponsor-queries.json`;
    const out = join(dir, name);
    const queries = await writeQueriesFile(store, site, out, now);
    return { name, text: readFileSync(out, 'utf8'), queries };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface QueryRow {
  id: number;
  site: string;
  subjectId: string;
  event: string;
  form: string;
  instance: number | null;
  field: string | null;
  text: string;
  status: 'open' | 'answered' | 'closed';
  round: number;
  raisedAt: string;
  updatedAt: string;
  raisedBy: string | null;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/** Every sponsor query, newest first. */
export async function listQueries(store: Store): Promise<QueryRow[]> {
  await ensureQueryAuthors(store);
  const rows = await store.all('SELECT * FROM sponsor_queries ORDER BY id DESC');
  return rows.map((r) => ({
    id: Number(r.id),
    site: String(r.site),
    subjectId: String(r.subject_id),
    event: String(r.event),
    form: String(r.form),
    instance: r.instance === null ? null : Number(r.instance),
    field: r.field === null ? null : String(r.field),
    text: String(r.text),
    status: r.status === 'closed' ? 'closed' : r.status === 'answered' ? 'answered' : 'open',
    round: Number(r.round),
    raisedAt: iso(r.raised_at),
    updatedAt: iso(r.updated_at),
    raisedBy: r.raised_by === null || r.raised_by === undefined ? null : String(r.raised_by),
  }));
}

/**
 * The site's answers, from a submission that became current: each Queries-sheet row whose rule
 * names a sponsor query updates it, unless the sponsor acted on it after that workbook's cut-off.
 */
export async function takeAnswers(
  store: Store,
  site: string,
  submissionId: number,
  cutoff: string,
  queriesSheet: readonly Record<string, Cell>[],
): Promise<number> {
  let n = 0;
  for (const r of queriesSheet) {
    const id = sponsorRuleId(r.rule);
    if (id === null) continue;
    const status = String(r.status);
    if (!['open', 'answered', 'closed'].includes(status)) continue;
    const q = await store.all('SELECT status, updated_at FROM sponsor_queries WHERE id = $1 AND site = $2', [id, site]);
    if (!q.length) continue;
    const u = q[0]!.updated_at;
    const sponsorActed = (u instanceof Date ? u : new Date(String(u))).getTime();
    if (sponsorActed > new Date(cutoff).getTime()) continue;
    if (q[0]!.status !== status) n++;
    await store.run(
      'UPDATE sponsor_queries SET status = $1, site_query_id = $2, seen_in_submission = $3 WHERE id = $4',
      [status, typeof r.query_id === 'number' ? r.query_id : null, submissionId, id],
    );
  }
  return n;
}
