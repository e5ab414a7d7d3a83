/**
 * One page of the free-text review, scanned when it is shown (issue 14): the page's values are
 * opened and scanned with their subjects' identifiers, the same way the export scans them
 * (deidentify.ts, sheet-queries.ts), and nothing else is. A page of 50 costs about 25 subjects'
 * casebooks and 50 scans, whatever the size of the site.
 */
import type { Casebook, FormRecord } from '../../shared/protocol/casebook';
import type { Study } from '../../shared/protocol/load';
import type { ReviewViewItem } from '../../shared/ipc/review';
import type { Db } from '../db/connection';
import { openValues, type IdKeyring } from '../services/identifier-values';
import { cleanText, subjectIdentifiers } from './deidentify';
import { scanForReview } from './review';
import type { ReviewEntry } from './review-list';

type FormRow = { event: string; form: string; instance: number; data: string };

/** The entries' values with the scanner's redactions, in the entries' order. */
export function scanEntries(
  study: Study,
  db: Db,
  idKey: IdKeyring | null,
  entries: readonly ReviewEntry[],
): ReviewViewItem[] {
  const formsOf = db.prepare(
    'SELECT event, form, instance, data FROM forms WHERE subject = ? ORDER BY event, form, instance',
  );
  const firstMessage = db.prepare('SELECT text FROM query_messages WHERE query = ? ORDER BY id LIMIT 1').pluck();
  const casebooks = new Map<number, { cb: Casebook; ids: ReturnType<typeof subjectIdentifiers> }>();
  const subject = (e: ReviewEntry) => {
    let got = casebooks.get(e.subjectPk);
    if (!got) {
      const forms: FormRecord[] = (formsOf.all(e.subjectPk) as FormRow[]).map((r) => ({
        event: r.event,
        form: r.form,
        instance: r.instance,
        values: openValues(idKey, JSON.parse(r.data) as Record<string, unknown>),
      }));
      const cb = { subjectId: e.subjectId, forms };
      casebooks.set(e.subjectPk, (got = { cb, ids: subjectIdentifiers(study, cb) }));
    }
    return got;
  };
  return entries.map((e) => {
    const { cb, ids } = subject(e);
    const src = e.source;
    let raw: unknown;
    if (src.kind === 'query') raw = firstMessage.get(src.id);
    else
      raw = cb.forms.find((f) => f.event === src.event && f.form === src.form && f.instance === src.instance)?.values[
        src.field
      ];
    // A value gone since the list was made shows empty; the export refuses it by the review's id.
    const text = typeof raw === 'string' ? cleanText(raw) : '';
    const { spans } = scanForReview(text, ids);
    return { key: e.key, subjectId: e.subjectId, where: e.where, text, spans };
  });
}

/** At most this many values are scanned anew for one page of the redaction filter: the page stays bounded. */
export const FILTER_SCAN_MAX = 1_000;
const FILTER_BATCH = 100;

/**
 * A page of the values that have a redaction. Which ones have is known only by scanning, so this
 * scans on from the start (what was scanned before costs nothing: `isScanned`) until the page is
 * full, the list ends, or `maxFresh` values were scanned anew; `looked` says how far it got, and
 * `exact` whether that was the end (then `count` is every such value, else a lower bound).
 */
export function redactedPage(
  entries: readonly ReviewEntry[],
  scan: (batch: readonly ReviewEntry[]) => ReviewViewItem[],
  isScanned: (key: string) => boolean,
  page: { offset: number; limit: number },
  maxFresh = FILTER_SCAN_MAX,
): { items: ReviewViewItem[]; count: number; exact: boolean; looked: number } {
  const hits: ReviewViewItem[] = [];
  let at = 0;
  let fresh = 0;
  while (at < entries.length && hits.length < page.offset + page.limit + 1 && fresh < maxFresh) {
    const batch = entries.slice(at, at + FILTER_BATCH);
    fresh += batch.filter((e) => !isScanned(e.key)).length;
    for (const item of scan(batch)) if (item.spans.length) hits.push(item);
    at += batch.length;
  }
  return {
    items: hits.slice(page.offset, page.offset + page.limit),
    count: hits.length,
    exact: at >= entries.length,
    looked: at,
  };
}
