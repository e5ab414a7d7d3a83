/**
 * The export screen's free-text review, as data: the reviewer's decisions on each value (added
 * redactions, removals with reasons), the pieces the value is shown in, and the text as the
 * workbook will carry it (shared/redaction.ts, as main writes it).
 */
import { renderRedactions } from '../../../shared/redaction';
import type { ReviewDecision, ReviewSpan, ReviewViewItem } from '../../../shared/ipc/review';

export interface Range {
  start: number;
  end: number;
}
export interface Decision {
  add: Range[];
  remove: (Range & { reason: string })[];
}
export type Decisions = Record<string, Decision>;

export const NO_DECISION: Decision = { add: [], remove: [] };
export const MIN_REASON = 3;

const sameRange = (a: Range, b: Range) => a.start === b.start && a.end === b.end;

export function isRemoved(d: Decision, s: Range): boolean {
  return d.remove.some((r) => sameRange(r, s));
}

/** Every occurrence of `phrase` in `text`, case-insensitive (a name typed in lower case is still the name). */
export function findPhrase(text: string, phrase: string): Range[] {
  const needle = phrase.trim().toLowerCase();
  if (!needle) return [];
  const hay = text.toLowerCase();
  const out: Range[] = [];
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length))
    out.push({ start: at, end: at + needle.length });
  return out;
}

export function addRedactions(d: Decision, ranges: readonly Range[]): Decision {
  const fresh = ranges.filter((r) => !d.add.some((a) => sameRange(a, r)));
  return { ...d, add: [...d.add, ...fresh] };
}

export function undoAdded(d: Decision, r: Range): Decision {
  return { ...d, add: d.add.filter((a) => !sameRange(a, r)) };
}

/** A removal of one of the scanner's redactions; never of the subject's own identifier. */
export function removeRedaction(d: Decision, s: ReviewSpan, reason: string): Decision {
  if (s.subject) throw new Error('The subject’s own identifier stays redacted.');
  if (reason.trim().length < MIN_REASON)
    throw new Error(`A removal needs a reason of at least ${MIN_REASON} characters.`);
  if (isRemoved(d, s)) return d;
  return { ...d, remove: [...d.remove, { start: s.start, end: s.end, reason: reason.trim() }] };
}

export function undoRemoved(d: Decision, s: Range): Decision {
  return { ...d, remove: d.remove.filter((r) => !sameRange(r, s)) };
}

/** The redactions in force: the scanner's not removed, and the added ones (kind ADDED), as main applies them. */
export function inForce(item: ReviewViewItem, d: Decision): { start: number; end: number; kind: string }[] {
  return [
    ...item.spans.filter((s) => !isRemoved(d, s)).map((s) => ({ start: s.start, end: s.end, kind: s.kind })),
    ...d.add.map((a) => ({ ...a, kind: 'ADDED' })),
  ];
}

/** The text as the workbook will carry it. */
export function sentText(item: ReviewViewItem, d: Decision): string {
  const has = d.add.length > 0 || d.remove.length > 0;
  return renderRedactions(item.text, has ? inForce(item, d) : item.spans).text;
}

export type Piece =
  { text: string; state: 'plain' } | { text: string; state: 'redacted' | 'added' | 'removed'; kind: string };

/** The raw text cut where a redaction starts or ends, each piece with what happens to it. */
export function pieces(item: ReviewViewItem, d: Decision): Piece[] {
  const marks = [
    ...d.add.map((a) => ({ ...a, state: 'added' as const, kind: 'ADDED' })),
    ...item.spans.map((s) => ({ ...s, state: isRemoved(d, s) ? ('removed' as const) : ('redacted' as const) })),
  ];
  const cuts = [...new Set([0, item.text.length, ...marks.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i]!, cuts[i + 1]!];
    const text = item.text.slice(from, to);
    const over = marks.filter((m) => m.start <= from && to <= m.end);
    // A redaction in force wins over a removed one under it: that text is still not sent.
    const top =
      over.find((m) => m.state === 'redacted') ??
      over.find((m) => m.state === 'added') ??
      over.find((m) => m.state === 'removed');
    const last = out[out.length - 1];
    if (!top) {
      if (last?.state === 'plain') last.text += text;
      else out.push({ text, state: 'plain' });
    } else out.push({ text, state: top.state, kind: top.kind });
  }
  return out;
}

/** What export.run takes: only the values with a decision. */
export function toDecisions(all: Decisions): ReviewDecision[] {
  return Object.entries(all)
    .filter(([, d]) => d.add.length > 0 || d.remove.length > 0)
    .map(([key, d]) => ({ key, add: d.add, remove: d.remove }));
}

export function decisionCounts(all: Decisions): { added: number; removed: number } {
  const ds = Object.values(all);
  return { added: ds.reduce((n, d) => n + d.add.length, 0), removed: ds.reduce((n, d) => n + d.remove.length, 0) };
}
