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

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

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
  private readonly decisions: Map<string, ReviewItem> | undefined;
  private readonly applied = new Map<string, ReviewRecord['removed']>();
  private readonly added = new Map<string, ReviewRecord['added']>();

  /** `decisions` from a reviewed file (checked by `checkDecisions`); none: only collect */
  constructor(
    file?: ReviewFile,
    private readonly actor?: { username: string; role: string },
  ) {
    if (file) {
      this.decisions = new Map(file.items.map((i) => [i.key, i]));
      checkDecisions(file, actor?.role ?? '');
    }
  }

  scan(key: string, subjectId: string, where: string, text: string, ids: SubjectIdentifiers | undefined): ScanResult {
    const found = redactPhi(text, ids);
    const own = ids ? findSubjectSpans(text, ids) : [];
    const isOwn = (s: { start: number; end: number }): boolean => own.some((o) => o.start < s.end && s.start < o.end);
    const spans = found.spans.map((s) => ({ start: s.start, end: s.end, kind: s.kind as string, subject: isOwn(s) }));
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
    if (d.textSha256 !== sha256(text)) throw changed(key);
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

/** Identifies one review (its study, site, period and every item's text hash): decisions go back against it. */
export function reviewId(file: ReviewFile): string {
  const items = file.items.map((i) => [i.key, i.textSha256]);
  return sha256(JSON.stringify([file.format, file.study, file.site, file.period, items]));
}

/**
 * The review file with the screen's decisions filled in: each decision names an item of the
 * review, once; the rest keep empty lists. The rules about who may remove what stay in
 * FreeTextReview, so the screen and the CLI go through the same checks.
 */
export function withDecisions(file: ReviewFile, decisions: readonly ReviewDecision[]): ReviewFile {
  const byKey = new Map(file.items.map((i) => [i.key, i]));
  const seen = new Set<string>();
  decisions.forEach((d, n) => {
    const field = `review.decisions.${n}.key`;
    if (!byKey.has(d.key))
      throw new CrfError({
        code: 'VALIDATION',
        field,
        rule: 'known',
        message: `${field}: ${d.key} is not in the review`,
      });
    if (seen.has(d.key))
      throw new CrfError({ code: 'VALIDATION', field, rule: 'unique', message: `${field}: ${d.key} is decided twice` });
    seen.add(d.key);
  });
  const mine = new Map(decisions.map((d) => [d.key, d]));
  return {
    ...file,
    items: file.items.map((i) => {
      const d = mine.get(i.key);
      return d ? { ...i, add: [...(d.add ?? [])], remove: [...(d.remove ?? [])] } : { ...i, add: [], remove: [] };
    }),
  };
}

/** Removals are an administrator's, each with a reason (the schema checks the reason). */
export function checkDecisions(file: ReviewFile, role: string): void {
  const removals = file.items.filter((i) => i.remove.length > 0);
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
