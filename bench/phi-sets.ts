/**
 * The PHI scanner on text nobody on this project wrote (issue 14), from ../shared/data/phi:
 *
 * - PriMock57: clinicians' consultation notes with no PHI at all; every finding is a false
 *   positive, reported per 1,000 words (whitespace-separated tokens).
 * - ACI-BENCH train + valid: visit notes with surrogate names given in the metadata files; every
 *   occurrence of a metadata name word (patient first name, family name, doctor) in its note is a
 *   gold name span. Other PHI in these notes is not annotated, so only name recall is scored.
 * - Injected surrogates: real PHI-free sentences (PriMock57, and ACI-BENCH sentences with no
 *   metadata name, month, year or slash date) each joined to one clause carrying surrogate PHI of
 *   one Safe Harbor kind (phi-surrogates.ts, lists kept apart from the scanner's). Recall per kind;
 *   precision over every finding, so false positives in the real sentences count against it.
 *
 * Scoring is phi-eval.ts's overlap rule. Every name word is its own gold span, so redacting
 * "Margaret" but not "Okonkwo" is one miss.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { findPhi } from '../main/export/phi/index.js';
import { Scorer, type Gold, type SetFigures } from './phi-eval.js';
import * as S from './phi-surrogates.js';

/** ../shared/data/phi of the project root, or of a folder above it (a git worktree sits deeper) */
export const DATA_DIR = findDataDir();
function findDataDir(): string {
  let dir = join(import.meta.dirname, '..');
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, '..', 'shared', 'data', 'phi');
    if (existsSync(candidate)) return candidate;
    dir = join(dir, '..');
  }
  return join(import.meta.dirname, '..', '..', 'shared', 'data', 'phi');
}

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;

export function primockNotes(dir = join(DATA_DIR, 'primock57')): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { note: string }).note);
}

export interface FalsePositives {
  notes: number;
  words: number;
  spans: number;
  perThousandWords: number;
  /** each flagged string with its kind, for tuning by kind */
  examples: string[];
}

export function evaluatePrimock(notes = primockNotes()): FalsePositives {
  let w = 0;
  const examples: string[] = [];
  for (const note of notes) {
    w += words(note);
    for (const s of findPhi(note)) examples.push(`${s.kind}:${note.slice(s.start, s.end)}`);
  }
  return {
    notes: notes.length,
    words: w,
    spans: examples.length,
    perThousandWords: (examples.length / w) * 1000,
    examples,
  };
}

interface AciRow {
  encounter_id: string;
  note: string;
}
interface AciMeta {
  encounter_id: string;
  patient_firstname: string;
  patient_familyname: string;
  doctor_name: string;
}

export interface AciNote {
  note: string;
  names: { kind: string; word: string }[];
}

export function aciNotes(dir = join(DATA_DIR, 'aci-bench'), splits = ['train', 'valid']): AciNote[] {
  const out: AciNote[] = [];
  for (const split of splits) {
    const rows = parse(readFileSync(join(dir, `${split}.csv`)), { columns: true }) as AciRow[];
    const meta = parse(readFileSync(join(dir, `${split}_metadata.csv`)), { columns: true }) as AciMeta[];
    const byId = new Map(meta.map((m) => [m.encounter_id, m]));
    for (const r of rows) {
      const m = byId.get(r.encounter_id);
      if (!m) continue;
      const names: AciNote['names'] = [];
      const add = (kind: string, value: string): void => {
        for (const word of value.split(/[\s.]+/))
          if (word.length > 1 && !/^dr$/i.test(word)) names.push({ kind, word });
      };
      add('patient first name', m.patient_firstname);
      add('patient family name', m.patient_familyname);
      add('doctor name', m.doctor_name);
      out.push({ note: r.note, names });
    }
  }
  return out;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function evaluateAciNames(notes = aciNotes()): SetFigures & { notes: number; words: number; findings: number } {
  const scorer = new Scorer();
  let w = 0;
  let findings = 0;
  for (const n of notes) {
    const gold: Gold[] = [];
    for (const { kind, word } of n.names) {
      const re = new RegExp(`(?<![\\p{L}])${escape(word)}(?![\\p{L}])`, 'giu');
      for (const m of n.note.matchAll(re))
        gold.push({ start: m.index, end: m.index + m[0].length, kind, scoped: true });
    }
    const found = findPhi(n.note);
    findings += found.length;
    w += words(n.note);
    // only the name spans are annotated: findings elsewhere are neither right nor wrong here
    scorer.add(
      n.note,
      found.filter((f) => gold.some((g) => f.start < g.end && g.start < f.end)),
      gold,
    );
  }
  return { ...scorer.figures(), notes: notes.length, words: w, findings };
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const MONTH_OR_YEAR =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d\d\b|\d\/\d|\bdr\b|@|www|http/i;

/** PHI-free sentences of the real corpora (see the top of this file) */
export function cleanSentences(): string[] {
  const split = (t: string): string[] =>
    t
      .split(/(?<=[.!?])\s+|\n+/)
      .map((s) => s.replace(/^[•*-]\s*/, '').trim())
      .filter((s) => s.length >= 25 && s.length <= 220);
  const out = primockNotes().flatMap(split);
  const notes = aciNotes();
  // any encounter's names: the notes mention other people of the same cast
  const names = [...new Set(notes.flatMap((n) => n.names.map((x) => x.word.toLowerCase())))];
  for (const n of notes) {
    for (const s of split(n.note)) {
      const lower = s.toLowerCase();
      if (MONTH_OR_YEAR.test(s) || names.some((w) => new RegExp(`\\b${escape(w)}\\b`).test(lower))) continue;
      out.push(s);
    }
  }
  return out;
}

export interface InjectedText {
  text: string;
  gold: { start: number; end: number; kind: string }[];
}

/** `count` sentences, each with one surrogate clause before or after it; seeded, so it repeats run to run */
export function injectedSet(count = 2000, seed = 7): InjectedText[] {
  const rnd = lcg(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const sentences = cleanSentences();
  const out: InjectedText[] = [];
  for (let i = 0; i < count; i++) {
    const [kind, clause] = CLAUSE_ORDER[i % CLAUSE_ORDER.length]!;
    const first = pick(S.FIRST_NAMES);
    const last = pick(S.SURNAMES);
    const value = (k: string): string => {
      switch (k) {
        case 'first':
          return first;
        case 'last':
          return last;
        case 'date':
          return S.surrogateDate(rnd);
        case 'oldyear':
          return String(1915 + Math.floor(rnd() * 20));
        case 'oldage':
          return String(90 + Math.floor(rnd() * 15));
        case 'town':
          return pick(S.TOWNS);
        case 'num':
          return String(1 + Math.floor(rnd() * 2400));
        case 'street':
          return pick(S.STREETS);
        case 'hospital':
          return pick(S.HOSPITALS);
        case 'phone':
          return pick([
            `(${digits(3)}) 555-${digits(4)}`,
            `${digits(3)}-555-${digits(4)}`,
            `${digits(3)}.555.${digits(4)}`,
            `+44 7700 ${digits(6)}`,
            `07700 ${digits(6)}`,
            `555-${digits(4)}`,
          ]);
        case 'mrn':
          return pick([digits(7), digits(8), `A${digits(7)}`, `MR${digits(6)}`]);
        case 'nhs':
          return `${digits(3)} ${digits(3)} ${digits(4)}`;
        case 'email':
          return `${first.toLowerCase()}.${last.toLowerCase()}${digits(2)}@${pick(S.EMAIL_DOMAINS)}`;
        case 'url':
          return pick(S.URLS).replace('{first}', first.toLowerCase()).replace('{last}', last.toLowerCase());
        case 'id':
          return pick([`XKD-${digits(5)}-${digits(2)}`, `W${digits(3)}-${digits(4)}-${digits(4)}`, `${digits(9)}`]);
        case 'ssn':
          return `${digits(3)}-${digits(2)}-${digits(4)}`;
        default:
          return k;
      }
    };
    // "{num} {street}" is one address span; every other placeholder is its own span
    const gold: InjectedText['gold'] = [];
    let text = '';
    let at = 0;
    const re = /\{(\w+)\}/g;
    let m: RegExpExecArray | null;
    let lastGold: InjectedText['gold'][number] | undefined;
    while ((m = re.exec(clause)) !== null) {
      text += clause.slice(at, m.index);
      const v = value(m[1]!);
      const start = text.length;
      text += v;
      if (m[1] === 'street' && lastGold && clause.slice(at, m.index) === ' ') lastGold.end = text.length;
      else gold.push((lastGold = { start, end: text.length, kind }));
      at = m.index + m[0].length;
    }
    text += clause.slice(at);
    const sentence = pick(sentences);
    if (rnd() < 0.5) out.push({ text: `${sentence} ${text}`, gold: shift(gold, sentence.length + 1) });
    else out.push({ text: `${text} ${sentence}`, gold });
  }
  return out;
}

/** every clause in turn, so each kind gets its share whatever the count */
const CLAUSE_ORDER = S.CLAUSES;

const shift = (g: InjectedText['gold'], by: number): InjectedText['gold'] =>
  g.map((x) => ({ ...x, start: x.start + by, end: x.end + by }));

export function evaluateInjected(set = injectedSet()): SetFigures & { texts: number } {
  const scorer = new Scorer();
  for (const t of set)
    scorer.add(
      t.text,
      findPhi(t.text),
      t.gold.map((g) => ({ ...g, scoped: true })),
    );
  return { ...scorer.figures(), texts: set.length };
}

function main(): void {
  const { printTable } = { printTable: printFigures };
  const p = evaluatePrimock();
  console.log(
    `PriMock57 (no PHI): ${p.spans} findings in ${p.words} words = ${p.perThousandWords.toFixed(2)} per 1,000 words`,
  );
  if (process.argv.includes('--fp')) console.log(p.examples.join('\n'));
  const a = evaluateAciNames();
  console.log(`\nACI-BENCH train+valid, surrogate names from the metadata: ${a.notes} notes, ${a.words} words`);
  printTable(a);
  const inj = evaluateInjected();
  console.log(`\ninjected surrogates in real PHI-free sentences: ${inj.texts} texts`);
  printTable(inj);
  if (process.argv.includes('--miss')) {
    for (const t of injectedSet()) {
      const found = findPhi(t.text);
      for (const g of t.gold)
        if (!found.some((f) => f.start < g.end && g.start < f.end))
          console.log(`MISS ${g.kind}: ${t.text.slice(g.start, g.end)} | ${t.text}`);
      for (const f of found)
        if (!t.gold.some((g) => f.start < g.end && g.start < f.end))
          console.log(`FP ${f.kind}: ${t.text.slice(f.start, f.end)}`);
    }
  }
}

import { printTable as printFigures } from './phi-eval.js';
import { fileURLToPath } from 'node:url';
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
