/**
 * How a redacted text reads: each span replaced by `[REDACTED:KIND]`, overlapping spans merged
 * into one (the first one's kind). Main writes the export with it and the export screen's review
 * previews with it, so what the reviewer reads is what the workbook carries.
 */
export interface Redaction {
  start: number;
  end: number;
  kind: string;
}

export function mergeRedactions(spans: readonly Redaction[]): Redaction[] {
  const merged: Redaction[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

export function renderRedactions(text: string, spans: readonly Redaction[]): { text: string; spans: Redaction[] } {
  const merged = mergeRedactions(spans);
  const parts: string[] = [];
  let at = 0;
  for (const s of merged) {
    parts.push(text.slice(at, s.start), `[REDACTED:${s.kind}]`);
    at = s.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), spans: merged };
}
