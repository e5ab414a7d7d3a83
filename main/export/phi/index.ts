/**
 * PHI scanner for clinical free text (HIPAA Safe Harbor, deidentification.md): finds what a
 * clinician may have typed about a person and replaces it with `[REDACTED:KIND]`. Recall first:
 * when a word could be a name or a place and is not an everyday or clinical word, it goes.
 */
import type { PhiKind, PhiSpan, ScanResult, SubjectIdentifiers } from './types.js';
import { findPatterns } from './patterns.js';
import { tokenize, type Token } from './tokens.js';
import { findNames } from './names.js';
import { findPlaces } from './places.js';
import { findSubject } from './subject.js';
import { mergeSpans } from './merge.js';
import { lists } from './lists.js';
import { findInContext } from './context.js';
import { explainUnknown } from './safe.js';
import { STATE_ABBREVIATIONS } from './geo.js';
import { findAddressBlocks } from './address-block.js';

export type { PhiKind, PhiSpan, ScanResult, SubjectIdentifiers } from './types.js';

export function findPhi(text: string, subject?: SubjectIdentifiers): PhiSpan[] {
  const spans: PhiSpan[] = [];
  const l = lists();
  // A note typed in capitals has no capital letters to go by: read its words as lowercase, so only
  // the cue words and the lists decide (same length, so the offsets hold).
  let words = text;
  const textTokens = tokenize(text, l.flags);
  let tokens = textTokens;
  if (mostlyUpper(tokens)) {
    const lower = text.toLowerCase();
    if (lower.length === text.length) {
      words = lower;
      tokens = tokenize(lower, l.flags);
    }
  }
  for (const t of textTokens) explainUnknown(text, t, l);
  if (tokens !== textTokens) for (const t of tokens) explainUnknown(words, t, l);
  findPatterns(text, spans, textTokens);
  findNames(words, tokens, l, spans);
  findInContext(words, tokens, l, spans);
  findPlaces(words, tokens, l, spans);
  if (subject) findSubject(text, subject, spans);
  findPostcodes(text, spans);
  extendAddresses(text, spans);
  findAddressBlocks(text, spans, l);
  return mergeSpans(spans);
}

/** most words in capitals: "PT'S WIFE MARY IN TO VISIT" */
function mostlyUpper(tokens: Token[]): boolean {
  let up = 0;
  let low = 0;
  for (const t of tokens) {
    if (t.upper) up++;
    else if (!t.cap) low++;
  }
  return up > 5 && up > 3 * low;
}

/** A building or block number before a street address is part of it: "48334 36 rue de Pologne",
 * "7167 Postbox 53". */
const NUMBER_BEFORE = /(?:^|[\s>,])(\d{2,6})[ \t]{1,2}$/;
function extendAddresses(text: string, spans: PhiSpan[]): void {
  for (const s of spans) {
    if (s.kind !== 'ADDRESS') continue;
    const m = NUMBER_BEFORE.exec(text.slice(Math.max(0, s.start - 10), s.start));
    if (m) s.start -= m[0].length - m[0].indexOf(m[1]!);
  }
}

/** A number right after a town or a country is its postcode: "Bjert 6091", "Hungary 34796",
 * "Aalborg NO 9100". After a person's name a year is more likely ("Smith 2019"), so not years. */
const POSTCODE_AFTER = /^,?[ \t]{1,4}(?:([A-Za-z]{2})\.?,?[ \t]{1,4})?(\d{3,5}(?:[ -]\d{2,4})?)\b(?![.,/]\d)/;
/** A US state's code and a ZIP (or ZIP+4) end an address even when its town was not recognised:
 * "Mt Kisco NY 10549", "..., MA 02169-1234". */
const STATE_ZIP = /\b([A-Z]{2}),?[ \t]{1,2}(\d{5}(?:-\d{4})?)\b(?![.,/]\d)/g;
const STATE_CODES: ReadonlySet<string> = new Set(STATE_ABBREVIATIONS);

/** the last line of a foreign address: "Hungary 34796", "Cyprus (Greek) 13429", "> Finland 38524" */
const COUNTRY_LINE = /^[ \t>?]*(\p{Lu}[\p{L} .'()-]{2,40}?)[ \t]{1,3}(\d{3,6}(?:[ -]\d{2,3})?)[ \t]*$/gmu;
function findPostcodes(text: string, spans: PhiSpan[]): void {
  const l = lists();
  COUNTRY_LINE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COUNTRY_LINE.exec(text)) !== null) {
    const country = m[1]!
      .replace(/\s*\(.*\)\s*$/, '')
      .trim()
      .toLowerCase();
    if (!l.countries.has(country)) continue;
    const start = m.index + m[0].lastIndexOf(m[2]!);
    spans.push({ start, end: start + m[2]!.length, kind: 'ZIP' });
  }
  const n = spans.length;
  for (let i = 0; i < n; i++) {
    const s = spans[i]!;
    if (s.kind !== 'LOCATION' && s.kind !== 'NAME') continue;
    const m = POSTCODE_AFTER.exec(text.slice(s.end, s.end + 24));
    if (!m) continue;
    // a lowercase code must be a state's ("quincy ma 02169"): "bronx at 10467" is no address
    // and the number a ZIP's five digits: "quincy in 2019" is a year
    if (
      m[1] &&
      m[1] !== m[1].toUpperCase() &&
      (!STATE_CODES.has(m[1].toUpperCase()) || !/^\d{5}(?:-\d{4})?$/.test(m[2]!))
    )
      continue;
    if (s.kind === 'NAME' && /^(?:19|20)\d\d$/.test(m[2]!)) continue;
    const start = s.end + m[0].length - m[2]!.length;
    spans.push({ start, end: start + m[2]!.length, kind: 'ZIP' });
  }
  STATE_ZIP.lastIndex = 0;
  while ((m = STATE_ZIP.exec(text)) !== null) {
    if (!STATE_CODES.has(m[1]!)) continue;
    const start = m.index + m[0].length - m[2]!.length;
    spans.push({ start, end: start + m[2]!.length, kind: 'ZIP' });
  }
}

/** The findings that are the subject's own identifiers (as entered on REG), merged: a review never lets these be removed. */
export function findSubjectSpans(text: string, subject: SubjectIdentifiers): PhiSpan[] {
  const spans: PhiSpan[] = [];
  findSubject(text, subject, spans);
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
