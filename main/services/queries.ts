/**
 * Queries (discrepancy notes) on a field or a form: a thread of messages, open → answered →
 * closed, and re-open. Monitors and site staff open them; site staff answer; monitors close.
 */
import { CrfError } from '../../shared/errors';
import { evaluateSubject } from '../../shared/protocol/subject';
import { appendAudit } from './audit';
import { casebookOf, checkFormKey } from './forms';
import type { SiteSession } from './session';
import { subjectRow } from './subjects';
import type { QueryMessage, QueryView } from '../../shared/ipc/schemas';
import type { QueriesTableRow } from '../db/rows';
import type { QueryStatus } from '../../shared/status';

export type { QueryMessage, QueryView } from '../../shared/ipc/schemas';
export type { QueryStatus } from '../../shared/status';

type QueryRow = Pick<
  QueriesTableRow,
  'id' | 'event' | 'form' | 'instance' | 'field' | 'rule' | 'status' | 'opened_by' | 'opened_at' | 'updated_at'
> & { subject_id: string };

const SELECT =
  'SELECT q.id, s.subject_id, q.event, q.form, q.instance, q.field, q.rule, q.status, q.opened_by, q.opened_at, q.updated_at FROM queries q JOIN subjects s ON s.id = q.subject';

function view(s: SiteSession, r: QueryRow): QueryView {
  const messages = s.db
    .prepare('SELECT id, username, at, action, text FROM query_messages WHERE query = ? ORDER BY id')
    .all(r.id) as QueryMessage[];
  return {
    id: r.id,
    subjectId: r.subject_id,
    event: r.event,
    form: r.form,
    instance: r.instance,
    field: r.field,
    rule: r.rule,
    status: r.status,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    messages,
  };
}

function queryRow(s: SiteSession, id: number): QueryRow {
  const r = s.db.prepare(`${SELECT} WHERE q.id = ?`).get(id) as QueryRow | undefined;
  if (!r) throw new CrfError({ code: 'NOT_FOUND', field: 'queryId', rule: 'exists', message: `No query ${id}` });
  return r;
}

function checkText(t: string, required = true): string {
  const x = (t ?? '').trim();
  if (required && !x)
    throw new CrfError({ code: 'VALIDATION', field: 'text', rule: 'required', message: 'The query needs text' });
  if (x.length > 2000)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'text',
      rule: 'maxLength',
      message: 'A query message has at most 2000 characters',
    });
  return x;
}

export function listQueries(
  s: SiteSession,
  f: { status?: QueryStatus; subjectId?: string; form?: string } = {},
): QueryView[] {
  s.require('query.read');
  const rows = s.db
    .prepare(
      `${SELECT} WHERE (? IS NULL OR q.status = ?) AND (? IS NULL OR s.subject_id = ?) AND (? IS NULL OR q.form = ?) ORDER BY q.updated_at DESC, q.id DESC LIMIT 2000`,
    )
    .all(
      f.status ?? null,
      f.status ?? null,
      f.subjectId ?? null,
      f.subjectId ?? null,
      f.form ?? null,
      f.form ?? null,
    ) as QueryRow[];
  return rows.map((r) => view(s, r));
}

export function openQuery(
  s: SiteSession,
  input: {
    subjectId: string;
    event?: string;
    form?: string;
    instance?: number;
    field?: string;
    text: string;
    rule?: string;
  },
): QueryView {
  s.require('query.open');
  const text = checkText(input.text);
  if (input.form || input.event)
    checkFormKey(s, { event: input.event ?? '', form: input.form ?? '', instance: input.instance });
  if (input.field) {
    if (!input.form)
      throw new CrfError({
        code: 'VALIDATION',
        field: 'form',
        rule: 'required',
        message: 'A query on a field names its form',
      });
    if (!s.study.form(input.form).fields.some((f) => f.id === input.field))
      throw new CrfError({
        code: 'VALIDATION',
        field: 'field',
        rule: 'exists',
        message: `${input.form} has no field ${input.field}`,
      });
  }
  return s.db.transaction(() => {
    const subject = subjectRow(s, input.subjectId);
    const at = s.now().toISOString();
    const { lastInsertRowid } = s.db
      .prepare(
        `INSERT INTO queries (subject, event, form, instance, field, rule, status, opened_by, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
      )
      .run(
        subject.id,
        input.event ?? null,
        input.form ?? null,
        input.form ? (input.instance ?? 1) : null,
        input.field ?? null,
        input.rule ?? null,
        s.user.username,
        at,
        at,
      );
    const id = Number(lastInsertRowid);
    s.db
      .prepare(`INSERT INTO query_messages (query, username, at, action, text) VALUES (?, ?, ?, 'open', ?)`)
      .run(id, s.user.username, at, text);
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'query.open',
          subjectId: subject.subject_id,
          event: input.event ?? null,
          form: input.form ?? null,
          instance: input.form ? (input.instance ?? 1) : null,
          field: input.field ?? null,
          newValue: 'open',
          detail: { query: id },
        },
      ],
      s.now(),
    );
    return view(s, queryRow(s, id));
  })();
}

function transition(
  s: SiteSession,
  id: number,
  action: string,
  text: string,
  from: QueryStatus[],
  to: QueryStatus,
): QueryView {
  return s.db.transaction(() => {
    const q = queryRow(s, id);
    if (!from.includes(q.status))
      throw new CrfError({
        code: 'VALIDATION',
        field: 'queryId',
        rule: 'status',
        message: `Query ${id} is ${q.status}: it cannot be ${action === 'reply' ? 'answered' : action + 'd'}`,
      });
    const at = s.now().toISOString();
    s.db
      .prepare('INSERT INTO query_messages (query, username, at, action, text) VALUES (?, ?, ?, ?, ?)')
      .run(id, s.user.username, at, action, text);
    const col = to === 'answered' ? ', answered_at = ?' : to === 'closed' ? ', closed_at = ?' : '';
    s.db
      .prepare(`UPDATE queries SET status = ?, updated_at = ?${col} WHERE id = ?`)
      .run(...(col ? [to, at, at, id] : [to, at, id]));
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: `query.${action}`,
          subjectId: q.subject_id,
          event: q.event,
          form: q.form,
          instance: q.instance,
          field: q.field,
          oldValue: q.status,
          newValue: to,
          detail: { query: id },
        },
      ],
      s.now(),
    );
    return view(s, queryRow(s, id));
  })();
}

/** A site user's reply answers the query; a monitor's reply keeps it open (a follow-up question). */
export function replyQuery(s: SiteSession, input: { queryId: number; text: string }): QueryView {
  const text = checkText(input.text);
  if (s.user.role === 'monitor') return transition(s, input.queryId, 'comment', text, ['open', 'answered'], 'open');
  s.require('query.answer');
  return transition(s, input.queryId, 'reply', text, ['open', 'answered'], 'answered');
}

export function closeQuery(s: SiteSession, input: { queryId: number; text?: string }): QueryView {
  s.require('query.close');
  return transition(s, input.queryId, 'close', checkText(input.text ?? '', false), ['open', 'answered'], 'closed');
}

export function reopenQuery(s: SiteSession, input: { queryId: number; text: string }): QueryView {
  s.require('query.close');
  return transition(s, input.queryId, 'reopen', checkText(input.text), ['closed', 'answered'], 'open');
}

/** Raises each failed rule of a casebook as a query in one step (not twice for the same open rule). */
export function raiseRuleQueries(s: SiteSession, input: { subjectId: string }): QueryView[] {
  s.require('query.open');
  const subject = subjectRow(s, input.subjectId);
  const { casebook } = casebookOf(s, subject);
  const ev = evaluateSubject(s.study, casebook, s.today());
  const existing = new Set(
    (
      s.db
        .prepare(
          `SELECT coalesce(event,'') || '/' || coalesce(form,'') || '/' || coalesce(instance,0) || '/' || coalesce(field,'') || '/' || rule AS k FROM queries WHERE subject = ? AND status != 'closed' AND rule IS NOT NULL`,
        )
        .all(subject.id) as { k: string }[]
    ).map((r) => r.k),
  );
  const out: QueryView[] = [];
  for (const i of ev.formIssues) {
    if (i.rule === 'required' || i.rule === 'requiredIf') continue;
    const k = `${i.form.event}/${i.form.form}/${i.form.instance}/${i.field ?? ''}/${i.rule}`;
    if (existing.has(k)) continue;
    out.push(
      openQuery(s, {
        subjectId: subject.subject_id,
        event: i.form.event,
        form: i.form.form,
        instance: i.form.instance,
        field: i.field,
        rule: i.rule,
        text: `${i.message} Please check against the source.`,
      }),
    );
  }
  for (const r of ev.rules) {
    if (r.ok || existing.has(`//0//${r.id}`)) continue;
    out.push(
      openQuery(s, {
        subjectId: subject.subject_id,
        rule: r.id,
        text: `${r.message} Please check against the source.`,
      }),
    );
  }
  return out;
}
