/**
 * The free-text review on the export screen (issue 14): `export.review` lists every free-text
 * value a safe-harbor-text workbook would carry, with the scanner's redactions, and keeps that
 * review for the session; `export.run` of safe-harbor-text then needs the review's id and
 * applies the screen's decisions through the same FreeTextReview as the CLI's --apply-review.
 * The review holds the raw text, so it needs identified access and is audited like any PHI
 * shown; the decisions are kept with the export's audit record.
 */
import type { z } from 'zod';
import { CrfError } from '../../shared/errors';
import type { ChannelOutput } from '../../shared/ipc/contract';
import type { reviewDecisionsSchema } from '../../shared/ipc/review';
import { appendAudit } from '../services/audit';
import type { SiteSession } from '../services/session';
import { reviewId, withDecisions, type FreeTextReview } from '../export/review';
import { buildReview, reviewForExport } from '../export/review-build';
import type { AppState } from './app-state';

export function showReview(s: SiteSession, state: AppState, period: string): ChannelOutput<'export.review'> {
  const file = buildReview(s, { period });
  const id = reviewId(file);
  state.review = { session: s, id, file };
  s.db.transaction(() =>
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'export.review',
          detail: { period, items: file.items.length, review: id, shown: 'export screen', profile: 'identified' },
        },
      ],
      s.now(),
    ),
  )();
  return {
    id,
    period,
    items: file.items.map((i) => ({
      key: i.key,
      subjectId: i.subjectId,
      where: i.where,
      text: i.text,
      spans: i.spans,
    })),
  };
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
  if (!held || held.session !== s || held.id !== sent.id)
    throw new CrfError({
      code: 'CONFLICT',
      field: 'review.id',
      rule: 'current',
      message: 'this review is not the one last shown to you: review the free text again',
    });
  return reviewForExport(s, withDecisions(held.file, sent.decisions), period);
}
