/**
 * The free-text review before a `safe-harbor-text` export (issue 14), as the export screen and
 * main exchange it: main lists every free-text value with the scanner's redactions; the screen
 * sends back only the decisions (added ranges, removals with reasons) against the review's id.
 * Ranges are UTF-16 offsets into the raw text, as JavaScript's String.slice counts them.
 */
import { z } from 'zod';

export const reviewRangeSchema = z
  .object({ start: z.number().int().min(0), end: z.number().int().min(1) })
  .strict()
  .refine((r) => r.end > r.start, { message: 'end must be after start', path: ['end'] });

export const reviewRemovalSchema = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    reason: z.string().trim().min(3, 'a removal needs a reason of at least 3 characters').max(500),
  })
  .strict();

export const reviewSpanSchema = z.object({
  start: z.number(),
  end: z.number(),
  kind: z.string(),
  /** one of the subject's own identifiers: it can never be removed */
  subject: z.boolean(),
});
export type ReviewSpan = z.infer<typeof reviewSpanSchema>;

export const reviewViewItemSchema = z.object({
  key: z.string(),
  subjectId: z.string(),
  /** where the value sits: form field or query */
  where: z.string(),
  text: z.string(),
  spans: z.array(reviewSpanSchema),
});
export type ReviewViewItem = z.infer<typeof reviewViewItemSchema>;

/** The most values one page of the review carries: a page is scanned when it is asked for. */
export const REVIEW_PAGE_MAX = 200;

/** Which page of the review, beside the period (`export.review`'s input). */
export const reviewPageFields = {
  offset: z.number().int('offset must be a whole number').min(0, 'offset must be 0 or more').default(0),
  limit: z
    .number()
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(REVIEW_PAGE_MAX, `limit must be at most ${REVIEW_PAGE_MAX} values a page`)
    .default(50),
  /** only the values of subjects whose ID contains this */
  subject: z.string().trim().max(40, 'subject must be at most 40 characters').default(''),
  /** only the values the scan redacts something in (found by scanning on from the start) */
  onlyRedacted: z.boolean().default(false),
};

export const reviewViewSchema = z.object({
  /**
   * SHA-256 over the whole unscanned list of what will be sent (each value's place and hash, the
   * subjects' identifiers, the scanner): the decisions go back against it
   */
  id: z.string(),
  period: z.string(),
  /** every free-text value the export sends */
  total: z.number(),
  /** the values the filters keep; a lower bound while `exact` is false (the redaction filter has not scanned to the end) */
  count: z.number(),
  exact: z.boolean(),
  /** the redaction filter only: how many of the (subject-filtered) values it has scanned so far */
  looked: z.number().optional(),
  offset: z.number(),
  items: z.array(reviewViewItemSchema),
  /** the data changed since the review this session was shown: what changed (that review is void) */
  changed: z.string().optional(),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

export const reviewDecisionSchema = z
  .object({
    key: z.string().min(1).max(200),
    add: z.array(reviewRangeSchema).max(1000).default([]),
    remove: z.array(reviewRemovalSchema).max(1000).default([]),
  })
  .strict();
export type ReviewDecision = z.input<typeof reviewDecisionSchema>;

export const reviewDecisionsSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{64}$/, 'id must be the review’s 64 hex digits'),
    decisions: z.array(reviewDecisionSchema).max(20_000),
  })
  .strict();
