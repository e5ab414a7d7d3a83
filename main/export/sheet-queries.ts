/**
 * The Queries sheet: each query's metadata (form, field, status, day offsets, who by role).
 * A query's text is free text and follows the profile's freetext rule, like a notes field:
 * dropped in safe-harbor and limited (no column at all), kept after the PHI scan with the
 * subject's own identifiers in safe-harbor-text, kept in identified.
 */
import { daysBetween, todayIso } from '../../shared/dates';
import { resolveOne } from '../../shared/protocol/evaluate-core';
import { daysFromText } from '../../shared/protocol/knowledge';
import type { Study } from '../../shared/protocol/load';
import { redactPhi, type PhiKind } from './phi/index';
import { cleanText, subjectIdentifiers, type PhiCounts } from './deidentify';
import type { Cell } from './layout';
import type { Profile } from './profiles';
import type { FreeTextReview } from './review';
import type { QueriesTableRow } from '../db/rows';
import type { SheetSource } from './sheet-source';
import { casebookFromJson, formsSubquery, type Snapshot } from './source';

type QueryRow = Pick<
  QueriesTableRow,
  'id' | 'event' | 'form' | 'instance' | 'field' | 'rule' | 'status' | 'opened_at' | 'answered_at' | 'closed_at'
> & {
  subject_id: string;
  opened_role: string | null;
  answered_role: string | null;
  closed_role: string | null;
  text: string | null;
  cb: string | null;
};

export function queriesSheet(
  study: Study,
  profile: Profile,
  snap: Snapshot,
  counts: PhiCounts,
  review?: FreeTextReview,
): SheetSource {
  const def = study.def;
  const daysFrom = daysFromText(study);
  const forms = [...new Set([def.indexDate.form, ...def.identifierFields.map((r) => r.form)])];
  const textRule = profile.rules.freetext;
  const withText = textRule !== 'drop';
  // The role of whoever took a step, never the user name (a person's name must not leave the site).
  const roleOf = (action: string) =>
    `(SELECT u.role FROM query_messages m JOIN users u ON u.username = m.username
       WHERE m.query = q.id AND m.action = '${action}' ORDER BY m.id DESC LIMIT 1)`;
  return {
    name: 'Queries',
    columns: [
      { code: 'query_id', label: 'Query ID', numFmt: '0' },
      { code: 'subject_id', label: 'Subject ID' },
      { code: 'form', label: 'Form' },
      { code: 'event', label: 'Event' },
      { code: 'instance', label: 'Instance number', numFmt: '0' },
      { code: 'field', label: 'Field code' },
      { code: 'rule', label: 'Rule' },
      { code: 'status', label: 'Status (open / answered / closed)' },
      { code: 'opened_by_role', label: 'Raised by (role)' },
      { code: 'answered_by_role', label: 'Last answered by (role)' },
      { code: 'closed_by_role', label: 'Closed by (role)' },
      { code: 'opened_day', label: `Opened (${daysFrom})`, numFmt: '0' },
      { code: 'answered_day', label: `Answered (${daysFrom})`, numFmt: '0' },
      { code: 'closed_day', label: `Closed (${daysFrom})`, numFmt: '0' },
      ...(withText
        ? [{ code: 'text', label: textRule === 'phiScan' ? 'Query text (after the PHI scan)' : 'Query text' }]
        : []),
    ],
    *rows(): Iterable<Cell[]> {
      // Counted afresh on every pass, so the hash pass and the write pass do not add up twice.
      for (const k of Object.keys(counts)) delete counts[k as PhiKind];
      const stmt = snap.db.prepare(
        `SELECT q.id, s.subject_id, q.event, q.form, q.instance, q.field, q.rule, q.status, q.opened_at, q.answered_at, q.closed_at,
                (SELECT u.role FROM users u WHERE u.username = q.opened_by) AS opened_role,
                ${roleOf('reply')} AS answered_role, ${roleOf('close')} AS closed_role,
                ${withText ? '(SELECT m.text FROM query_messages m WHERE m.query = q.id ORDER BY m.id LIMIT 1)' : 'NULL'} AS text,
                ${formsSubquery('q.subject', forms)} AS cb
         FROM queries q JOIN subjects s ON s.id = q.subject WHERE q.opened_at <= ? ORDER BY q.id`,
      );
      for (const r of stmt.iterate(snap.cutoff) as IterableIterator<QueryRow>) {
        const cb = casebookFromJson(r.subject_id, r.cb, snap.idKey);
        const index = resolveOne(def.indexDate, { casebook: cb });
        const day = (at: string | null): number | null =>
          at && typeof index === 'string' && index !== '' ? daysBetween(index, todayIso(new Date(at))) : null;
        let text = r.text === null ? null : cleanText(r.text);
        if (text !== null && textRule === 'phiScan') {
          const ids = subjectIdentifiers(study, cb);
          const red = review
            ? review.scan(`query/${r.id}`, r.subject_id, `query ${r.id} (${r.form} ${r.field})`, text, ids)
            : redactPhi(text, ids);
          text = red.text;
          for (const [k, n] of Object.entries(red.counts))
            counts[k as PhiKind] = (counts[k as PhiKind] ?? 0) + (n ?? 0);
        }
        yield [
          r.id,
          r.subject_id,
          r.form,
          r.event,
          r.instance,
          r.field,
          r.rule,
          r.status,
          r.opened_role,
          r.answered_role,
          r.closed_role,
          day(r.opened_at),
          day(r.answered_at),
          day(r.closed_at),
          ...(withText ? [text] : []),
        ];
      }
    },
  };
}
