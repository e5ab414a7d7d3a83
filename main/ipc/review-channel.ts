/**
 * The free-text review on the export screen (issue 14), in pages: `export.review` lists every
 * free-text value a safe-harbor-text export would send (unscanned, review-list.ts), keeps that
 * list and its id for the session, and scans only the page asked for (review-page.ts).
 * `export.run` of safe-harbor-text then needs the id and applies the screen's decisions through
 * the same FreeTextReview as the CLI's --apply-review, after checking in the export's own
 * snapshot that the list still has that id. The review holds the raw text, so it needs
 * identified access and is audited like any PHI shown; the decisions are kept with the export's
 * audit record.
 */
import type { z } from 'zod';
import { CrfError } from '../../shared/errors';
import type { ChannelInput, ChannelOutput } from '../../shared/ipc/contract';
import type { reviewDecisionsSchema, ReviewViewItem } from '../../shared/ipc/review';
import { appendAudit } from '../services/audit';
import type { SiteSession } from '../services/session';
import { FreeTextReview, planOfDecisions } from '../export/review';
import { describeChange, listFreeText, type ReviewEntry, type ReviewList } from '../export/review-list';
import { redactedPage, scanEntries } from '../export/review-page';
import { openSnapshot, type Snapshot } from '../export/source';
import type { AppState } from './app-state';

/** The review last listed for a session: its list, the audit row it is current at, and the pages scanned so far. */
export interface HeldReview {
  session: SiteSession;
  period: string;
  id: string;
  list: ReviewList;
  /** the last audit row the list saw: a later one other than a review's may mean the data changed */
  auditId: number;
  scanned: Map<string, ReviewViewItem>;
}

/** Every save writes audit rows in its transaction: none since the list (other than reviews) means the list holds. */
function unchangedSince(s: SiteSession, auditId: number): boolean {
  const row = s.db
    .prepare("SELECT 1 FROM audit WHERE id > ? AND action <> 'export.review' LIMIT 1")
    .get(auditId) as unknown;
  return row === undefined;
}

function relist(s: SiteSession, snap: Snapshot, period: string): ReviewList {
  return listFreeText(s.study, snap, s.site.code, period);
}

/** The held list, made again when the data may have changed: a new id says what changed. */
function current(s: SiteSession, state: AppState, period: string): { held: HeldReview; changed?: string } {
  const before = state.review?.session === s && state.review.period === period ? state.review : null;
  if (before && unchangedSince(s, before.auditId)) return { held: before };
  const snap = openSnapshot(s, s.now());
  let list: ReviewList;
  try {
    list = relist(s, snap, period);
  } finally {
    snap.close();
  }
  const same = before?.id === list.id;
  const held: HeldReview = {
    session: s,
    period,
    id: list.id,
    list,
    auditId: snap.lastAuditId,
    scanned: same ? before!.scanned : new Map(),
  };
  state.review = held;
  if (!same)
    s.db.transaction(() =>
      appendAudit(
        s.db,
        [
          {
            user: s.user.username,
            action: 'export.review',
            detail: {
              period,
              items: list.entries.length,
              review: list.id,
              shown: 'export screen',
              profile: 'identified',
            },
          },
        ],
        s.now(),
      ),
    )();
  const changed = before && !same ? describeChange(before.list, list) : null;
  return changed ? { held, changed } : { held };
}

/** The entries scanned (from the held cache, or now), in order. */
function scanned(s: SiteSession, held: HeldReview, entries: readonly ReviewEntry[]): ReviewViewItem[] {
  const todo = entries.filter((e) => !held.scanned.has(e.key));
  if (todo.length)
    for (const item of scanEntries(s.study, s.db, s.identifierKey(), todo)) held.scanned.set(item.key, item);
  return entries.map((e) => held.scanned.get(e.key)!);
}

export function showReview(
  s: SiteSession,
  state: AppState,
  i: ChannelInput<'export.review'> & { offset: number; limit: number; subject: string; onlyRedacted: boolean },
): ChannelOutput<'export.review'> {
  s.require('export.identified');
  const { held, changed } = current(s, state, i.period);
  const q = i.subject.toUpperCase();
  const entries = q ? held.list.entries.filter((e) => e.subjectId.toUpperCase().includes(q)) : held.list.entries;
  const scan = (batch: readonly ReviewEntry[]) => scanned(s, held, batch);
  const page = i.onlyRedacted
    ? redactedPage(entries, scan, (key) => held.scanned.has(key), i)
    : { items: scan(entries.slice(i.offset, i.offset + i.limit)), count: entries.length, exact: true };
  return {
    id: held.id,
    period: i.period,
    total: held.list.entries.length,
    offset: i.offset,
    ...page,
    ...(changed ? { changed } : {}),
  };
}

function stale(what: string): CrfError {
  return new CrfError({
    code: 'CONFLICT',
    field: 'review.id',
    rule: 'stale',
    message: `The free text changed since the review (${what}): nothing was exported; review it again.`,
  });
}

/**
 * The review a safe-harbor-text export goes with: the one this session was shown, for this
 * period, with the screen's decisions. Any other profile takes none. Without one the
 * safe-harbor-text export is refused: free text leaves only after someone looked at it.
 */
export function reviewForRun(
  s: SiteSession,
  state: AppState,
  profile: string,
  period: string,
  sent: z.output<typeof reviewDecisionsSchema> | undefined,
): FreeTextReview | undefined {
  if (profile !== 'safe-harbor-text') {
    if (sent)
      throw new CrfError({
        code: 'VALIDATION',
        field: 'review',
        rule: 'profile',
        message: 'a free-text review goes with the safe-harbor-text profile only',
      });
    return undefined;
  }
  if (!sent)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'review',
      rule: 'required',
      message: 'a safe-harbor-text export needs the review of its free text first',
    });
  const held = state.review;
  if (!held || held.session !== s || held.id !== sent.id || held.period !== period)
    throw new CrfError({
      code: 'CONFLICT',
      field: 'review.id',
      rule: 'current',
      message: 'this review is not the one last shown to you: review the free text again',
    });
  // Checked again in the export's own snapshot, before a single value is written.
  const verify = (snap: Snapshot): void => {
    const now = relist(s, snap, period);
    const what = describeChange(held.list, now);
    if (what) throw stale(what);
  };
  const plan = planOfDecisions(
    held.list.entries.map((e) => e.key),
    sent.decisions,
    verify,
  );
  return new FreeTextReview(plan, { username: s.user.username, role: s.user.role });
}
