/**
 * Review before a `safe-harbor-text` export (issue 14): every free-text value the workbook would
 * carry, with the scanner's redactions marked in place, so the site can check them before
 * anything leaves. A reviewer may add a redaction; only an administrator may remove one, with a
 * reason, and never one that matches the subject's own identifiers. The decisions travel with
 * the export record (record.ts), as positions, kinds and reasons, never as the text.
 *
 * The review file is the decision file: `sitecrf export --review FILE.json` writes every item
 * with empty `add` and `remove` lists; the site fills them and passes the same file back with
 * `--apply-review FILE.json`. An item whose text changed since the review (its SHA-256 differs)
 * refuses the export, so a decision is never applied to a text nobody saw.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CrfError } from '../../shared/errors';
import { renderRedactions } from '../../shared/redaction';
import { reviewRangeSchema, reviewRemovalSchema, type ReviewDecision } from '../../shared/ipc/review';
import { findSubjectSpans, redactPhi, type PhiKind, type PhiSpan, type ScanResult } from './phi/index';
import type { SubjectIdentifiers } from './phi/types';
import type { Snapshot } from './source';
import { plural, pluralWord } from '../../shared/plural';

export const REVIEW_FORMAT = 'sitecrf-phi-review';

const itemSchema = z.object({
  key: z.string().min(1),
  subjectId: z.string(),
  where: z.string(),
  textSha256: z.string().regex(/^[0-9a-f]{64}$/, 'textSha256 must be 64 hex digits'),
  text: z.string(),
  marked: z.string(),
  spans: z.array(z.object({ start: z.number(), end: z.number(), kind: z.string(), subject: z.boolean() })),
  add: z.array(reviewRangeSchema).default([]),
  remove: z.array(reviewRemovalSchema).default([]),
});

export const reviewFileSchema = z.object({
  format: z.literal(REVIEW_FORMAT),
  version: z.literal(1),
  study: z.string(),
  site: z.string(),
  period: z.string(),
  profile: z.literal('safe-harbor-text'),
  items: z.array(itemSchema),
});
export type ReviewFile = z.infer<typeof reviewFileSchema>;
export type ReviewItem = z.infer<typeof itemSchema>;

/** What the export record keeps of a review: where and why, never the text. */
export interface ReviewRecord {
  items: number;
  added: { key: string; start: number; end: number }[];
  removed: { key: string; start: number; end: number; kind: string; reason: string; by: string }[];
}

/** One reviewed value as the export applies it: its decisions, and for a review file the text's hash. */
export interface PlannedItem {
  key: string;
  /** null for a screen review, whose id stands for every text (review-list.ts) */
  textSha256: string | null;
  add: { start: number; end: number }[];
  remove: { start: number; end: number; reason: string }[];
}
export interface ReviewPlan {
  items: Map<string, PlannedItem>;
  /** a screen review: throws when the export's snapshot no longer gives the reviewed list */
  verify?: (snap: Snapshot) => void;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** The scanner's redactions of a text, each marked when it is one of the subject's own identifiers. */
export function scanForReview(
  text: string,
  ids: SubjectIdentifiers | undefined,
): { found: ScanResult; spans: ReviewItem['spans'] } {
  const found = redactPhi(text, ids);
  const own = ids ? findSubjectSpans(text, ids) : [];
  const isOwn = (s: { start: number; end: number }): boolean => own.some((o) => o.start < s.end && s.start < o.end);
  return {
    found,
    spans: found.spans.map((s) => ({ start: s.start, end: s.end, kind: s.kind as string, subject: isOwn(s) })),
  };
}

/** Redacted text with `[REDACTED:KIND]` for each span, as redactPhi writes it. */
function render(text: string, spans: readonly { start: number; end: number; kind: string }[]): ScanResult {
  const r = renderRedactions(text, spans);
  const counts: Partial<Record<PhiKind, number>> = {};
  for (const s of r.spans) counts[s.kind as PhiKind] = (counts[s.kind as PhiKind] ?? 0) + 1;
  return { text: r.text, spans: r.spans as PhiSpan[], counts };
}

/**
 * The one place the export scans free text when a review is in play: collects the items for a
 * review file, or applies a reviewed file's decisions. Calls for the same key (the Queries sheet
 * is read twice, for its hash and for writing) give the same result and are counted once.
 */
export class FreeTextReview {
  readonly items = new Map<string, ReviewItem>();
  private readonly decisions: Map<string, PlannedItem> | undefined;
  private readonly check: ((snap: Snapshot) => void) | undefined;
  private readonly applied = new Map<string, ReviewRecord['removed']>();
  private readonly added = new Map<string, ReviewRecord['added']>();

  /** `plan`: every reviewed value with its decisions (checked by `checkDecisions`); none: only collect */
  constructor(
    plan?: ReviewPlan,
    private readonly actor?: { username: string; role: string },
  ) {
    if (plan) {
      this.decisions = plan.items;
      this.check = plan.verify;
      checkDecisions([...plan.items.values()], actor?.role ?? '');
    }
  }

  /** Verifies, in the export's own snapshot, that the data is still what was reviewed (a screen review). */
  verify(snap: Snapshot): void {
    this.check?.(snap);
  }

  scan(key: string, subjectId: string, where: string, text: string, ids: SubjectIdentifiers | undefined): ScanResult {
    const { found, spans } = scanForReview(text, ids);
    if (!this.decisions) {
      this.items.set(key, {
        key,
        subjectId,
        where,
        textSha256: sha256(text),
        text,
        marked: found.text,
        spans,
        add: [],
        remove: [],
      });
      return found;
    }
    const d = this.decisions.get(key);
    // A value nobody reviewed never leaves under a review: it was written after the review.
    if (!d) throw notReviewed(key, where);
    // A screen review has no text hashes: its id, checked in this snapshot (verify), covers them.
    if (d.textSha256 !== null && d.textSha256 !== sha256(text)) throw changed(key);
    if (d.add.length === 0 && d.remove.length === 0) return found;
    const removed: ReviewRecord['removed'] = [];
    let kept = spans;
    for (const r of d.remove) {
      const hit = spans.find((s) => s.start === r.start && s.end === r.end);
      if (!hit)
        throw new CrfError({
          code: 'VALIDATION',
          field: `items[${key}].remove`,
          rule: 'span',
          message: `review item ${key}: no redaction at ${r.start}-${r.end} to remove`,
        });
      if (hit.subject)
        throw new CrfError({
          code: 'FORBIDDEN',
          field: `items[${key}].remove`,
          rule: 'subject-identifier',
          message: `review item ${key}: the redaction at ${r.start}-${r.end} is the subject's own identifier and cannot be removed`,
        });
      kept = kept.filter((s) => s !== hit);
      removed.push({
        key,
        start: r.start,
        end: r.end,
        kind: hit.kind,
        reason: r.reason,
        by: this.actor?.username ?? '',
      });
    }
    for (const a of d.add)
      if (a.end > text.length)
        throw new CrfError({
          code: 'VALIDATION',
          field: `items[${key}].add`,
          rule: 'range',
          message: `review item ${key}: the added redaction ${a.start}-${a.end} lies beyond the text`,
        });
    this.applied.set(key, removed);
    this.added.set(
      key,
      d.add.map((a) => ({ key, start: a.start, end: a.end })),
    );
    return render(text, [...kept, ...d.add.map((a) => ({ ...a, kind: 'ADDED' }))]);
  }

  record(): ReviewRecord {
    return {
      items: this.decisions?.size ?? this.items.size,
      added: [...this.added.values()].flat(),
      removed: [...this.applied.values()].flat(),
    };
  }
}

function changed(key: string): CrfError {
  return new CrfError({
    code: 'CONFLICT',
    field: `items[${key}].textSha256`,
    rule: 'unchanged',
    message: `review item ${key}: the text changed since the review; review again before exporting`,
  });
}

function notReviewed(key: string, where: string): CrfError {
  return new CrfError({
    code: 'CONFLICT',
    field: `items[${key}]`,
    rule: 'reviewed',
    message: `the free text of ${where} was written after the review; review again before exporting`,
  });
}

/**
 * The screen's decisions as a plan over the listed values (review-list.ts): each decision names a
 * listed value, once; the rest go with empty lists. The rules about who may remove what stay in
 * FreeTextReview, so the screen and the CLI go through the same checks.
 */
export function planOfDecisions(
  keys: Iterable<string>,
  decisions: readonly ReviewDecision[],
  verify: (snap: Snapshot) => void,
): ReviewPlan {
  const items = new Map<string, PlannedItem>();
  for (const key of keys) items.set(key, { key, textSha256: null, add: [], remove: [] });
  const seen = new Set<string>();
  decisions.forEach((d, n) => {
    const field = `review.decisions.${n}.key`;
    if (!items.has(d.key))
      throw new CrfError({
        code: 'VALIDATION',
        field,
        rule: 'known',
        message: `${field}: ${d.key} is not in the review`,
      });
    if (seen.has(d.key))
      throw new CrfError({ code: 'VALIDATION', field, rule: 'unique', message: `${field}: ${d.key} is decided twice` });
    seen.add(d.key);
    items.set(d.key, { key: d.key, textSha256: null, add: [...(d.add ?? [])], remove: [...(d.remove ?? [])] });
  });
  return { items, verify };
}

/** A reviewed file as a plan: each item's decisions, and the text hash it must still have. */
export function planOfFile(file: ReviewFile): ReviewPlan {
  return {
    items: new Map(
      file.items.map((i) => [i.key, { key: i.key, textSha256: i.textSha256, add: i.add, remove: i.remove }]),
    ),
  };
}

/** Removals are an administrator's, each with a reason (the schema checks the reason). */
export function checkDecisions(items: readonly PlannedItem[], role: string): void {
  const removals = items.filter((i) => i.remove.length > 0);
  if (removals.length > 0 && role !== 'admin')
    throw new CrfError({
      code: 'FORBIDDEN',
      field: `items[${removals[0]!.key}].remove`,
      rule: 'admin-only',
      message: `removing a redaction needs an administrator (${plural(removals.length, 'item')} ${pluralWord(removals.length, 'removes', 'remove')} one)`,
    });
}

/** Reads a review file back, naming the field and the rule of the first problem. */
export function parseReviewFile(json: string): ReviewFile {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new CrfError({ code: 'VALIDATION', field: 'review', rule: 'json', message: 'the review file is not JSON' });
  }
  const r = reviewFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || 'review';
    throw new CrfError({
      code: 'VALIDATION',
      field,
      rule: issue.code,
      message: `review file: ${field}: ${issue.message}`,
    });
  }
  return r.data;
}
