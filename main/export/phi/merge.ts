import type { PhiSpan, PhiKind } from './types.js';

/** When two overlapping findings are the same length, the more specific kind names the union:
 * a subject's MRN read as a generic phone-shaped number should still be counted as an MRN. */
const PRIORITY: Record<PhiKind, number> = {
  SSN: 14,
  MRN: 13,
  EMAIL: 12,
  URL: 11,
  IP: 10,
  DATE: 9,
  AGE: 8,
  ZIP: 7,
  PHONE: 6,
  ID: 5,
  ADDRESS: 4,
  FACILITY: 3,
  LOCATION: 2,
  NAME: 1,
};

/**
 * Sorted, non-overlapping spans. Overlapping (or touching-inside) findings are unioned so no
 * character of either leaks; the union takes the kind of its longest member, because the longest
 * pattern is the one that understood the most context.
 */
export function mergeSpans(spans: PhiSpan[]): PhiSpan[] {
  const valid = spans.filter((s) => s.end > s.start);
  valid.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PhiSpan[] = [];
  let cur: PhiSpan | undefined;
  let best: PhiSpan | undefined;
  for (const s of valid) {
    if (cur && best && s.start < cur.end) {
      if (s.end > cur.end) cur.end = s.end;
      const len = s.end - s.start;
      const bestLen = best.end - best.start;
      if (len > bestLen || (len === bestLen && PRIORITY[s.kind] > PRIORITY[best.kind])) best = s;
      cur.kind = best.kind;
      continue;
    }
    cur = { start: s.start, end: s.end, kind: s.kind };
    best = s;
    out.push(cur);
  }
  return out;
}
