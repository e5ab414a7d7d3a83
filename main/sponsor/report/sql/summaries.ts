/**
 * What the tables need of the pooled values, aggregated by DuckDB over the report's frame: per
 * group (each stratum and ALL), each value's numbers described (n, mean, SD) and its texts
 * counted; the paired differences of the outcome; the complications' events and distinct
 * subjects per class, term and relation. Only these few rows reach JavaScript, whatever the
 * number of subjects. GROUPING SETS give the strata and ALL in one pass; rows of subjects
 * without a stratum are kept for ALL and dropped from the stratum sets.
 */
import { z } from 'zod';
import type { Store } from '../../store';
import type { Column, TablesSpec } from '../spec';
import type { Described } from '../stats';
import { ALL } from '../table';
import { sqlText, type Frame } from './frame';

const count = z.union([z.bigint(), z.number()]).transform(Number);
const real = z.number().nullable();
const text = z.string().nullable();
/** 1 where the row aggregates every subject (ALL), 0 where it is one group's. */
const flag = z.union([z.bigint(), z.number()]).transform((x) => Number(x) === 1);

/** One value's contents in one group. */
export interface ValueCounts {
  /** The group's subjects (rows of the subject sheet). */
  rows: number;
  numbers: Described;
  /** Each text value (codes, missing-data codes, top codes, '') and how many subjects hold it. */
  texts: Map<string, number>;
  /** Subjects with no value at all (no row, an empty cell, or neither number nor text). */
  none: number;
}

export type ByGroup<T> = Map<string, T>;

/** The group a result row belongs to, or null for the stratum sets' subjects without one. */
function groupOf(all: boolean, grp: string | null): string | null {
  return all ? ALL : grp;
}

const valueRow = z.object({ col: count, all: flag, grp: text, s: text, n: count, nn: count, m: real, sd: real });

/** Every column's ValueCounts per group, in one query. */
export async function valueCounts(store: Store, f: Frame, cols: Column[]): Promise<Map<Column, ByGroup<ValueCounts>>> {
  const out = new Map<Column, ByGroup<ValueCounts>>(cols.map((c) => [c, new Map()]));
  if (!cols.length) return out;
  const sql = cols
    .map((c, i) => {
      const t = f.of(c);
      return `SELECT ${i} AS col, grouping(grp) AS "all", grp, ${t.str} AS s, count(*) AS n, count(${t.num}) AS nn,
        avg(${t.num}) AS m, stddev_samp(${t.num}) AS sd FROM ${f.subjects} GROUP BY GROUPING SETS ((grp, ${t.str}), (${t.str}))`;
    })
    .join('\nUNION ALL\n');
  for (const raw of await store.all(sql)) {
    const r = valueRow.parse(raw);
    const g = groupOf(r.all, r.grp);
    if (g === null) continue;
    const byGroup = out.get(cols[r.col]!)!;
    let v = byGroup.get(g);
    if (!v) byGroup.set(g, (v = { rows: 0, numbers: { n: 0, mean: null, sd: null }, texts: new Map(), none: 0 }));
    v.rows += r.n;
    if (r.s === null) {
      v.numbers = { n: r.nn, mean: r.m, sd: r.sd };
      v.none += r.n - r.nn;
    } else v.texts.set(r.s, r.n);
  }
  return out;
}

const sizeRow = z.object({ all: flag, grp: text, n: count });

/** Subjects per group. */
export async function groupSizes(store: Store, f: Frame): Promise<ByGroup<number>> {
  const out = new Map<string, number>();
  for (const raw of await store.all(
    `SELECT grouping(grp) AS "all", grp, count(*) AS n FROM ${f.subjects} GROUP BY GROUPING SETS ((grp), ())`,
  )) {
    const r = sizeRow.parse(raw);
    const g = groupOf(r.all, r.grp);
    if (g !== null) out.set(g, r.n);
  }
  return out;
}

const pairedRow = z.object({ pt: count, all: flag, grp: text, n: count, m: real, sd: real });

/** Per later time point and group: the differences after − before, described. */
export async function pairedDifferences(store: Store, f: Frame, spec: TablesSpec): Promise<ByGroup<Described>[]> {
  const o = spec.outcome;
  if (!o) return [];
  const pre = f.of(o.pre.column).num;
  const sql = o.post
    .map(
      (p, i) => `SELECT ${i} AS pt, grouping(grp) AS "all", grp, count(d) AS n, avg(d) AS m, stddev_samp(d) AS sd
        FROM (SELECT grp, ${f.of(p.column).num} - ${pre} AS d FROM ${f.subjects}) GROUP BY GROUPING SETS ((grp), ())`,
    )
    .join('\nUNION ALL\n');
  const out = o.post.map(() => new Map<string, Described>());
  if (!sql) return out;
  for (const raw of await store.all(sql)) {
    const r = pairedRow.parse(raw);
    const g = groupOf(r.all, r.grp);
    if (g !== null) out[r.pt]!.set(g, { n: r.n, mean: r.m, sd: r.sd });
  }
  return out;
}

export interface EventCounts {
  events: number;
  subjects: number;
}

/** A line's key: its class ('any' for either) and, for the by-term lines, its term and relation. */
export const eventKey = (klass: string, term?: string | null, rel?: string | null): string =>
  term === undefined ? klass : `${klass}\u0000${term ?? ''}\u0000${rel ?? ''}`;

const eventRow = z.object({ gs: count, grp: text, class: text, term: text, rel: text, events: count, subjects: count });

/** Events and distinct subjects per group and line (by class; by class, term and relation). */
export async function eventCounts(
  store: Store,
  f: Frame,
  spec: TablesSpec,
): Promise<ByGroup<Map<string, EventCounts>>> {
  const out = new Map<string, Map<string, EventCounts>>();
  const cx = spec.complications;
  if (!cx || !f.events) return out;
  const list = (xs: string[]): string => xs.map(sqlText).join(', ') || 'NULL';
  const rows = await store.all(`SELECT grouping(grp, class, term, rel) AS gs, grp, class, term, rel,
      count(*) AS events, count(DISTINCT subject_id) AS subjects
    FROM (SELECT subject_id, grp, term, rel,
            CASE WHEN grade IN (${list(cx.major)}) THEN 'major' WHEN grade IN (${list(cx.minor)}) THEN 'minor' END AS class
          FROM ${f.events})
    WHERE class IS NOT NULL
    GROUP BY GROUPING SETS ((grp, class), (class), (grp), (), (grp, class, term, rel), (class, term, rel))`);
  for (const raw of rows) {
    const r = eventRow.parse(raw);
    // grouping(): one bit per column, grp the highest; a set bit means "aggregated over".
    const all = (r.gs & 8) !== 0;
    const g = groupOf(all, r.grp);
    if (g === null) continue;
    const klass = (r.gs & 4) !== 0 ? 'any' : r.class!;
    const key = (r.gs & 3) !== 0 ? eventKey(klass) : eventKey(klass, r.term, r.rel);
    let m = out.get(g);
    if (!m) out.set(g, (m = new Map()));
    m.set(key, { events: r.events, subjects: r.subjects });
  }
  return out;
}
