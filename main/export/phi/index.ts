/**
 * PHI scanner for clinical free text (HIPAA Safe Harbor, deidentification.md): finds what a
 * clinician may have typed about a person and replaces it with `[REDACTED:KIND]`. Recall first:
 * when a word could be a name or a place and is not an everyday or clinical word, it goes.
 */
import type { PhiKind, PhiSpan, ScanResult, SubjectIdentifiers } from './types.js';
import { findPatterns } from './patterns.js';
import { tokenize } from './tokens.js';
import { findNames } from './names.js';
import { findPlaces } from './places.js';
import { findSubject } from './subject.js';
import { mergeSpans } from './merge.js';
import { lists } from './lists.js';

export type { PhiKind, PhiSpan, ScanResult, SubjectIdentifiers } from './types.js';

export function findPhi(text: string, subject?: SubjectIdentifiers): PhiSpan[] {
  const spans: PhiSpan[] = [];
  findPatterns(text, spans);
  const l = lists();
  const tokens = tokenize(text);
  findNames(text, tokens, l, spans);
  findPlaces(text, tokens, l, spans);
  if (subject) findSubject(text, subject, spans);
  return mergeSpans(spans);
}

export function redactPhi(text: string, subject?: SubjectIdentifiers): ScanResult {
  const spans = findPhi(text, subject);
  const counts: Partial<Record<PhiKind, number>> = {};
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    parts.push(text.slice(at, s.start), `[REDACTED:${s.kind}]`);
    at = s.end;
    counts[s.kind] = (counts[s.kind] ?? 0) + 1;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), spans, counts };
}
