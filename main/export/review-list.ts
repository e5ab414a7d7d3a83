/**
 * The free-text review's list, unscanned (issue 14): every free-text value a safe-harbor-text
 * export would send, as where it sits and a hash of how it is stored, without opening or scanning
 * a single text. Its id is a SHA-256 over that list, the subject identifiers each value is scanned
 * with and the scanner itself, so any saved change of what would be sent, or of how it would be
 * redacted, gives another id. It costs one read of the rows, not the scan: the export screen pages
 * through it and scans only the page shown (review-page.ts).
 *
 * The values are those deidentifySubject and the Queries sheet scan (the same layout, the same
 * rows); the export checks it in its own snapshot (FreeTextReview.verify) and a value that is not
 * listed refuses the export, so the two can never disagree quietly.
 */
import { createHash } from 'node:crypto';
import type { Study } from '../../shared/protocol/load';
import { isBlank } from '../../shared/protocol/values';
import { plural } from '../../shared/plural';
import { isSealed } from '../services/identifier-values';
import { cleanText } from './deidentify';
import { exportLayout } from './layout';
import { scannerFingerprint } from './phi/fingerprint';
import { PROFILES } from './profiles';
import type { Snapshot } from './source';

export type EntrySource =
  { kind: 'form'; event: string; form: string; instance: number; field: string } | { kind: 'query'; id: number };

export interface ReviewEntry {
  /** page-independent: subject/event/form/instance/field, or query/<id> (as the review file names them) */
  key: string;
  subjectId: string;
  /** the subject's row, to open their casebook when the value is scanned */
  subjectPk: number;
  where: string;
  source: EntrySource;
  /** SHA-256 of the value as stored: its sealed form, or a query's text */
  value: string;
  /** SHA-256 of the subject's identifiers as stored, which the scan looks for in the text */
  ids: string;
}

export interface ReviewHeader {
  study: string;
  version: string;
  site: string;
  period: string;
  scanner: string;
}

export interface ReviewList {
  id: string;
  header: ReviewHeader;
  entries: ReviewEntry[];
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** The (event, form) pairs whose fields the safe-harbor-text profile scans, each with those fields in column order. */
function scannedFields(study: Study): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const sheet of exportLayout(study, PROFILES['safe-harbor-text']).sheets) {
    if (!sheet.form || !sheet.event) continue;
    const fields = sheet.columns.flatMap((c) =>
      c.source.kind === 'value' && c.source.rule === 'phiScan' ? [c.source.field.id] : [],
    );
    if (fields.length) out.set(`${sheet.event}\u0000${sheet.form}`, fields);
  }
  return out;
}

/** A stored value the export would scan: a sealed text, or a plain non-blank string. */
function storedHash(v: unknown): string | null {
  if (isSealed(v)) return sha256(`sealed\u0000${v.$enc}`);
  if (typeof v === 'string' && !isBlank(v)) return sha256(`text\u0000${cleanText(v)}`);
  return null;
}

type FormRow = [pk: number, subjectId: string, event: string, form: string, instance: number, data: string];
type QueryRow = [id: number, pk: number, subjectId: string, form: string | null, field: string | null, text: string];

const sqlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export function listFreeText(study: Study, snap: Snapshot, site: string, period: string): ReviewList {
  const fields = scannedFields(study);
  const idRefs = study.def.identifierFields;
  const forms = [...new Set([...[...fields.keys()].map((k) => k.split('\u0000')[1]!), ...idRefs.map((r) => r.form)])];
  const entries: ReviewEntry[] = [];
  const idsOf = new Map<number, string>();
  if (forms.length === 0) return finish(study, site, period, entries);
  // CROSS JOIN keeps subjects the outer loop: their forms then come in key order from the
  // unique index, where the planner's own choice sorted every row (with its data) in a temp tree.
  const rows = snap.db
    .prepare(
      `SELECT s.id, s.subject_id, f.event, f.form, f.instance, f.data
       FROM subjects s CROSS JOIN forms f ON f.subject = s.id
       WHERE s.created_at <= ? AND f.form IN (${forms.map(sqlText).join(', ')}) ORDER BY s.seq, f.event, f.form, f.instance`,
    )
    .raw(true);
  let pk = -1;
  let subject: ReviewEntry[] = [];
  let idParts: string[] = [];
  const close = (): void => {
    if (pk < 0) return;
    const ids = sha256(idParts.join('\n'));
    idsOf.set(pk, ids);
    for (const e of subject) e.ids = ids;
    entries.push(...subject);
  };
  for (const [rowPk, subjectId, event, form, instance, data] of rows.iterate(
    snap.cutoff,
  ) as IterableIterator<FormRow>) {
    if (rowPk !== pk) {
      close();
      pk = rowPk;
      subject = [];
      idParts = [];
    }
    const stored = JSON.parse(data) as Record<string, unknown>;
    for (const ref of idRefs)
      if (ref.form === form && (!ref.event || ref.event === event))
        idParts.push(JSON.stringify([event, form, instance, ref.field, stored[ref.field] ?? null]));
    for (const field of fields.get(`${event}\u0000${form}`) ?? []) {
      const value = storedHash(stored[field]);
      if (value === null) continue;
      subject.push({
        key: `${subjectId}/${event}/${form}/${instance}/${field}`,
        subjectId,
        subjectPk: rowPk,
        where: `${event} ${form}#${instance} ${field}`,
        source: { kind: 'form', event, form, instance, field },
        value,
        ids: '',
      });
    }
  }
  close();
  const queries = snap.db
    .prepare(
      `SELECT q.id, q.subject, s.subject_id, q.form, q.field,
              (SELECT m.text FROM query_messages m WHERE m.query = q.id ORDER BY m.id LIMIT 1) AS text
       FROM queries q JOIN subjects s ON s.id = q.subject WHERE q.opened_at <= ? ORDER BY q.id`,
    )
    .raw(true);
  const noIds = sha256('');
  for (const [id, qpk, subjectId, form, field, text] of queries.iterate(snap.cutoff) as IterableIterator<QueryRow>) {
    if (text === null) continue;
    entries.push({
      key: `query/${id}`,
      subjectId,
      subjectPk: qpk,
      where: `query ${id} (${form} ${field})`,
      source: { kind: 'query', id },
      value: sha256(`text\u0000${cleanText(text)}`),
      ids: idsOf.get(qpk) ?? noIds,
    });
  }
  return finish(study, site, period, entries);
}

function finish(study: Study, site: string, period: string, entries: ReviewEntry[]): ReviewList {
  const header: ReviewHeader = {
    study: study.def.id,
    version: study.def.version,
    site,
    period,
    scanner: scannerFingerprint(),
  };
  return { id: listId(header, entries), header, entries };
}

function listId(header: ReviewHeader, entries: readonly ReviewEntry[]): string {
  const h = createHash('sha256').update(
    JSON.stringify([
      'sitecrf-phi-review-id',
      1,
      header.study,
      header.version,
      header.site,
      header.period,
      header.scanner,
    ]),
  );
  for (const e of entries) h.update(`\n${JSON.stringify([e.key, e.value, e.ids])}`);
  return h.digest('hex');
}

/** What changed between two lists, in words a reviewer can act on; null when they are the same. */
export function describeChange(before: ReviewList, now: ReviewList): string | null {
  if (before.id === now.id) return null;
  const what: string[] = [];
  if (before.header.scanner !== now.header.scanner) what.push('the PHI scanner was updated');
  if (before.header.study !== now.header.study || before.header.version !== now.header.version)
    what.push(`the study is now ${now.header.study} ${now.header.version}`);
  if (before.header.site !== now.header.site || before.header.period !== now.header.period)
    what.push(`the review is for ${now.header.site} ${now.header.period}`);
  const old = new Map(before.entries.map((e) => [e.key, e]));
  const seenIds = new Set<string>();
  for (const e of now.entries) {
    const o = old.get(e.key);
    old.delete(e.key);
    if (!o) what.push(`new free text in ${e.subjectId} ${e.where}`);
    else if (o.value !== e.value) what.push(`the text of ${e.subjectId} ${e.where} changed`);
    else if (o.ids !== e.ids && !seenIds.has(e.subjectId)) {
      seenIds.add(e.subjectId);
      what.push(`the identifiers of ${e.subjectId} changed`);
    }
  }
  for (const o of old.values()) what.push(`the free text of ${o.subjectId} ${o.where} is no longer sent`);
  if (what.length === 0) what.push('the data changed');
  const shown = what.slice(0, 3).join('; ');
  return what.length > 3 ? `${shown}; and ${plural(what.length - 3, 'more change')}` : shown;
}
