/**
 * Which rule finds what: every finding of the scanner on a set, with the stage (and, for names,
 * the rule of names.ts) behind it and the words around it, to fix mechanisms rather than strings.
 *   npx tsx bench/phi-why.ts primock|aci-train|aci-valid|presidio [--all]
 * PriMock57 has no PHI, so every finding is listed; on the other sets only findings that overlap
 * no gold span (false positives), or with --miss the gold spans the scanner missed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPhi } from '../main/export/phi/index.js';
import { tokenize } from '../main/export/phi/tokens.js';
import { lists } from '../main/export/phi/lists.js';
import { explainUnknown } from '../main/export/phi/safe.js';
import { findPatterns } from '../main/export/phi/patterns.js';
import { findNames } from '../main/export/phi/names.js';
import { findInContext } from '../main/export/phi/context.js';
import { findPlaces } from '../main/export/phi/places.js';
import type { PhiSpan } from '../main/export/phi/types.js';
import { DATA_DIR, aciNotes, primockNotes } from './phi-sets.js';

interface Sourced extends PhiSpan {
  by: string;
}

/** the stages of findPhi run one by one (same order and inputs), each span tagged with its source */
export function explainFindings(text: string): Sourced[] {
  const l = lists();
  const textTokens = tokenize(text, l.flags);
  let words = text;
  let tokens = textTokens;
  let up = 0;
  let low = 0;
  for (const t of textTokens) {
    if (t.upper) up++;
    else if (!t.cap) low++;
  }
  if (up > 5 && up > 3 * low && text.toLowerCase().length === text.length) {
    words = text.toLowerCase();
    tokens = tokenize(words, l.flags);
  }
  for (const t of textTokens) explainUnknown(text, t, l);
  if (tokens !== textTokens) for (const t of tokens) explainUnknown(words, t, l);
  const out: Sourced[] = [];
  const stage = (by: string, f: (o: PhiSpan[]) => void): void => {
    const o: PhiSpan[] = [];
    f(o);
    for (const s of o) out.push({ ...s, by });
  };
  stage('patterns', (o) => findPatterns(text, o, textTokens));
  const why: string[] = [];
  const names: PhiSpan[] = [];
  findNames(words, tokens, l, names, why);
  names.forEach((s, k) => out.push({ ...s, by: `names.${why[k]}` }));
  stage('context', (o) => findInContext(words, tokens, l, o));
  stage('places', (o) => findPlaces(words, tokens, l, o));
  return out;
}

function around(text: string, s: PhiSpan): string {
  const a = Math.max(0, s.start - 40);
  return (text.slice(a, s.start) + '⟦' + text.slice(s.start, s.end) + '⟧' + text.slice(s.end, s.end + 40)).replace(
    /\s+/g,
    ' ',
  );
}

function report(texts: { text: string; gold: { start: number; end: number }[] }[], misses: boolean): void {
  const byRule = new Map<string, number>();
  for (const { text, gold } of texts) {
    const found = findPhi(text);
    if (misses) {
      for (const g of gold)
        if (!found.some((f) => f.start < g.end && g.start < f.end))
          console.log(`MISS ${around(text, { ...g, kind: 'NAME' })}`);
      continue;
    }
    const sources = explainFindings(text);
    for (const f of found) {
      if (gold.some((g) => f.start < g.end && g.start < f.end)) continue;
      const by =
        sources
          .filter((s) => s.start < f.end && f.start < s.end)
          .map((s) => `${s.by}:${s.kind}`)
          .join('+') || 'postcodes';
      byRule.set(by, (byRule.get(by) ?? 0) + 1);
      console.log(`${by.padEnd(34)} ${around(text, f)}`);
    }
  }
  if (!misses)
    console.log(
      '\nby rule:',
      [...byRule].sort((a, b) => b[1] - a[1]),
    );
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function main(): void {
  const set = process.argv[2] ?? 'primock';
  const misses = process.argv.includes('--miss');
  if (set === 'primock')
    report(
      primockNotes().map((text) => ({ text, gold: [] })),
      misses,
    );
  else if (set.startsWith('aci')) {
    const split = set === 'aci-train' ? 'train' : 'valid';
    // only name spans are annotated, so a non-name finding is not scored: list NAME findings off gold
    report(
      aciNotes(undefined, [split]).map((n) => ({
        text: n.note,
        gold: n.names.flatMap(({ word }) =>
          [...n.note.matchAll(new RegExp(`(?<![\\p{L}])${escape(word)}(?![\\p{L}])`, 'giu'))].map((m) => ({
            start: m.index,
            end: m.index + m[0].length,
          })),
        ),
      })),
      misses,
    );
  } else if (set === 'presidio') {
    const rows = JSON.parse(readFileSync(join(DATA_DIR, 'presidio-synth-v2', 'synth_dataset_v2.json'), 'utf8')) as {
      full_text: string;
      spans: { start_position: number; end_position: number; entity_type: string }[];
    }[];
    const kind = process.argv[3];
    report(
      rows.map((r) => ({
        text: r.full_text,
        gold: r.spans
          .filter((s) => (misses && kind ? s.entity_type === kind : true))
          .map((s) => ({ start: s.start_position, end: s.end_position })),
      })),
      misses,
    );
  }
}
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
