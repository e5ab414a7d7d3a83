/**
 * Complications by group: events and subjects, major and minor by the specification's grading,
 * then by term and relation when the specification names those fields. A subject counts once
 * per line however many events it had.
 */
import type { Cell } from '../../export/layout';
import { rowsOf, type PooledData } from './pooled';
import type { TablesSpec } from './spec';
import { groupsOf, type Groups, type StudyTable, type TableColumn } from './table';

export function complicationTables(p: PooledData, spec: TablesSpec): StudyTable[] {
  const cx = spec.complications;
  if (!cx) return [];
  const g = groupsOf(p, spec);
  const events = rowsOf(p, cx.sheet).map((r) => r.row);
  const classOf = (grade: Cell): 'major' | 'minor' | null =>
    typeof grade === 'string' ? (cx.major.includes(grade) ? 'major' : cx.minor.includes(grade) ? 'minor' : null) : null;
  /** Events and distinct subjects per group of the events a line selects. */
  const counts = (pick: (r: Record<string, Cell>) => boolean): Cell[] => {
    const ev = new Map<string, number>(g.codes.map((c) => [c, 0]));
    const subj = new Map<string, Set<string>>(g.codes.map((c) => [c, new Set()]));
    for (const r of events)
      if (pick(r))
        for (const grp of g.of(r.subject_id ?? null)) {
          ev.set(grp, ev.get(grp)! + 1);
          subj.get(grp)!.add(String(r.subject_id));
        }
    return g.codes.flatMap((c) => [ev.get(c)!, subj.get(c)!.size]);
  };
  const grade = (r: Record<string, Cell>): Cell => r[cx.grade.column] ?? null;
  const byClass: Cell[][] = [
    ['major', classLabel(cx, 'major'), ...counts((r) => classOf(grade(r)) === 'major')],
    ['minor', classLabel(cx, 'minor'), ...counts((r) => classOf(grade(r)) === 'minor')],
    ['any', classLabel(cx, 'any'), ...counts((r) => classOf(grade(r)) !== null)],
  ];
  const tables: StudyTable[] = [complicationsOf(g, byClass)];
  if (cx.term) {
    const term = cx.term;
    const rel = cx.relation;
    const rows: Cell[][] = [];
    for (const t of term.codes)
      for (const klass of ['major', 'minor'] as const)
        for (const r of rel ? rel.codes : [{ code: null, label: 'any' }]) {
          const line = counts(
            (e) =>
              e[term.column] === t.code &&
              classOf(grade(e)) === klass &&
              (!rel || r.code === null || e[rel.column] === r.code),
          );
          if (line.some((x) => x !== 0)) rows.push([t.label, r.label, klass, ...line]);
        }
    tables.push(byTermOf(g, cx, rows));
  }
  return tables;
}

type Complications = NonNullable<TablesSpec['complications']>;

export const classLabel = (cx: Complications, klass: 'major' | 'minor' | 'any'): string =>
  klass === 'any' ? 'Any' : `${klass === 'major' ? 'Major' : 'Minor'} (${cx[klass].join(', ')})`;

function groupCols(g: Pick<Groups, 'codes' | 'labels'>): TableColumn[] {
  return g.codes.flatMap((c) => [
    { id: `${c}_events`, label: `${g.labels.get(c)}: events`, numFmt: '0' },
    { id: `${c}_subjects`, label: `${g.labels.get(c)}: subjects`, numFmt: '0' },
  ]);
}

/** The complications table around its rows (shared with the store's SQL path, sql/tables.ts). */
export function complicationsOf(g: Pick<Groups, 'codes' | 'labels'>, rows: Cell[][]): StudyTable {
  return {
    id: 'complications',
    title: 'Complications by group: major and minor, events and subjects',
    columns: [{ id: 'class', label: 'Class' }, { id: 'label', label: 'Grades' }, ...groupCols(g)],
    rows,
  };
}

/** The by-term table around its rows. */
export function byTermOf(g: Pick<Groups, 'codes' | 'labels'>, cx: Complications, rows: Cell[][]): StudyTable {
  const term = cx.term!;
  const rel = cx.relation;
  return {
    id: 'complications-by-term',
    title: `Complications by ${term.label.toLowerCase()}${rel ? ` and ${rel.label.toLowerCase()}` : ''}`,
    columns: [
      { id: 'term', label: term.label },
      { id: 'relation', label: rel?.label ?? 'Relation' },
      { id: 'class', label: 'Class' },
      ...groupCols(g),
    ],
    rows,
  };
}
