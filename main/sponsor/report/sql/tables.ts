/**
 * The characteristics, outcome and complication tables from the store's SQL summaries: the same
 * rows, in the same order and with the same rounding, as the in-memory builders
 * (characteristics.ts, outcomes.ts, complications.ts) make from the pooled rows; the table shells
 * (columns, titles) are theirs. A test compares the two on the demo network.
 */
import type { Cell } from '../../../export/layout';
import { MISSING_CODES } from '../../../../shared/protocol/schema';
import { characteristicsOf, NOT_ENTERED, NOT_RECORDED, row, type Stat } from '../characteristics';
import { byTermOf, classLabel, complicationsOf } from '../complications';
import { outcomeRow, outcomesOf, respondersOf } from '../outcomes';
import type { Column, TablesSpec } from '../spec';
import { pairedOf, pct, round, type Described } from '../stats';
import type { StudyTable } from '../table';
import { eventKey, type ByGroup, type EventCounts, type ValueCounts } from './summaries';

export interface SummaryGroups {
  codes: string[];
  labels: Map<string, string>;
  size: Map<string, number>;
}

export interface Summaries {
  groups: SummaryGroups;
  values: Map<Column, ByGroup<ValueCounts>>;
  paired: ByGroup<Described>[];
  events: ByGroup<Map<string, EventCounts>>;
}

const EMPTY: ValueCounts = { rows: 0, numbers: { n: 0, mean: null, sd: null }, texts: new Map(), none: 0 };
const isMissing = (s: string): boolean => (MISSING_CODES as readonly string[]).includes(s);

function valueOf(s: Summaries, col: Column, group: string): ValueCounts {
  return s.values.get(col)?.get(group) ?? EMPTY;
}

/** Subjects whose text satisfies `pick`. */
function countTexts(v: ValueCounts, pick: (s: string) => boolean): number {
  let n = 0;
  for (const [t, k] of v.texts) if (pick(t)) n += k;
  return n;
}

function describedRow(label: string, level: string, s: Summaries, col: Column): Cell[] {
  return row(label, level, s.groups, (c): Stat => {
    const d = valueOf(s, col, c).numbers;
    return { n: d.n, mean: round(d.mean, 2), sd: round(d.sd, 2) };
  });
}

function countRow(label: string, level: string, s: Summaries, n: (c: string) => number): Cell[] {
  return row(label, level, s.groups, (c) => ({ n: n(c), pct: pct(n(c), s.groups.size.get(c)!) }));
}

/** The missing-data and blank rows, each only when ALL has one. */
function tailRows(label: string, s: Summaries, col: Column): Cell[][] {
  const all = valueOf(s, col, s.groups.codes.at(-1)!);
  const missing = (c: string): number => countTexts(valueOf(s, col, c), isMissing);
  const blank = (c: string): number => valueOf(s, col, c).none + (valueOf(s, col, c).texts.get('') ?? 0);
  const rows: Cell[][] = [];
  if (countTexts(all, isMissing) > 0) rows.push(countRow(label, NOT_RECORDED, s, missing));
  if (all.none + (all.texts.get('') ?? 0) > 0) rows.push(countRow(label, NOT_ENTERED, s, blank));
  return rows;
}

export function characteristicsFromSummaries(s: Summaries, spec: TablesSpec): StudyTable {
  const size = s.groups.size;
  const rows: Cell[][] = [countRow('Subjects', 'n', s, (c) => size.get(c)!)];
  if (spec.age) {
    const col = spec.age.column;
    rows.push(describedRow(col.label, `mean ± SD (up to ${spec.age.topCode})`, s, col));
    // A top-coded age is text ("90+"): counted, never averaged.
    const top = (c: string): number => countTexts(valueOf(s, col, c), (t) => !isMissing(t) && t !== '');
    rows.push(countRow(col.label, `${spec.age.topCode + 1}+`, s, top));
    rows.push(...tailRows(col.label, s, col));
  }
  for (const col of spec.characteristics) {
    if (col.type === 'int' || col.type === 'decimal') rows.push(describedRow(col.label, 'mean ± SD', s, col));
    else {
      const multi = col.type === 'multi';
      for (const code of col.codes) {
        const has = (t: string): boolean => (multi ? t.split(';').includes(code.code) : t === code.code);
        rows.push(countRow(col.label, code.label, s, (c) => countTexts(valueOf(s, col, c), has)));
      }
    }
    rows.push(...tailRows(col.label, s, col));
  }
  return characteristicsOf(s.groups, rows);
}

export function outcomesFromSummaries(s: Summaries, spec: TablesSpec): StudyTable[] {
  const tables: StudyTable[] = [];
  const o = spec.outcome;
  if (o) {
    const rows: Cell[][] = [];
    for (const grp of s.groups.codes) {
      const d = valueOf(s, o.pre.column, grp).numbers;
      rows.push(outcomeRow(grp, o.pre.label, d));
      o.post.forEach((pt, i) => {
        const c = pairedOf(s.paired[i]?.get(grp) ?? { n: 0, mean: null, sd: null });
        rows.push(outcomeRow(grp, pt.label, valueOf(s, pt.column, grp).numbers, c));
      });
    }
    tables.push(outcomesOf(o.label, rows));
  }
  const cat: Cell[][] = [];
  for (const r of spec.responders)
    for (const grp of s.groups.codes) {
      const v = valueOf(s, r.column, grp);
      const yes = v.texts.get('Y') ?? 0;
      const evaluable = yes + (v.texts.get('N') ?? 0);
      cat.push([grp, r.column.label, 'Yes', yes, evaluable, pct(yes, evaluable)]);
    }
  for (const col of spec.changes)
    for (const grp of s.groups.codes) {
      const v = valueOf(s, col, grp);
      const answered = countTexts(v, (t) => col.codes.some((c) => c.code === t));
      for (const code of col.codes) {
        const n = v.texts.get(code.code) ?? 0;
        cat.push([grp, `${col.label} (${col.sheet})`, code.label, n, answered, pct(n, answered)]);
      }
    }
  if (cat.length) tables.push(respondersOf(cat));
  return tables;
}

export function complicationsFromSummaries(s: Summaries, spec: TablesSpec): StudyTable[] {
  const cx = spec.complications;
  if (!cx) return [];
  const line = (key: string): Cell[] =>
    s.groups.codes.flatMap((c) => {
      const e = s.events.get(c)?.get(key);
      return [e?.events ?? 0, e?.subjects ?? 0];
    });
  const byClass: Cell[][] = (['major', 'minor', 'any'] as const).map((k) => [
    k,
    classLabel(cx, k),
    ...line(eventKey(k)),
  ]);
  const tables: StudyTable[] = [complicationsOf(s.groups, byClass)];
  if (cx.term) {
    const rel = cx.relation;
    const rows: Cell[][] = [];
    for (const t of cx.term.codes)
      for (const klass of ['major', 'minor'] as const)
        for (const r of rel ? rel.codes : [{ code: null, label: 'any' }]) {
          const counts = line(eventKey(klass, t.code, r.code));
          if (counts.some((x) => x !== 0)) rows.push([t.label, r.label, klass, ...counts]);
        }
    tables.push(byTermOf(s.groups, cx, rows));
  }
  return tables;
}
