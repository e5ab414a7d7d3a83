/**
 * Outcomes by group: the specification's outcome before and at each later time point (n, mean,
 * SD; for a later point the paired change from before, its 95% CI and the paired t-test p over
 * the subjects measured at both), the responders, and the categorical outcomes (analgesic
 * change) counted per time point.
 */
import type { Cell } from '../../export/layout';
import type { PooledData } from './pooled';
import type { TablesSpec } from './spec';
import { describe, pairedChange, pct, round, roundP, type Described, type PairedChange } from './stats';
import { groupsOf, subjectRows, valuesOf, type StudyTable } from './table';

export function outcomeTables(p: PooledData, spec: TablesSpec): StudyTable[] {
  const g = groupsOf(p, spec);
  const subjects = subjectRows(p, spec).map((r) => String(r.subject_id));
  const tables: StudyTable[] = [];
  const o = spec.outcome;
  if (o) {
    const pre = valuesOf(p, o.pre.column);
    const rows: Cell[][] = [];
    for (const grp of g.codes) {
      const mine = subjects.filter((id) => g.of(id).includes(grp));
      const preVals = mine.map((id) => pre.get(id)).filter((v): v is number => typeof v === 'number');
      const d = describe(preVals);
      rows.push(outcomeRow(grp, o.pre.label, d));
      for (const pt of o.post) {
        const post = valuesOf(p, pt.column);
        const vals = mine.map((id) => post.get(id)).filter((v): v is number => typeof v === 'number');
        const pairs = mine
          .map((id) => [pre.get(id), post.get(id)] as const)
          .filter((x): x is [number, number] => typeof x[0] === 'number' && typeof x[1] === 'number');
        rows.push(outcomeRow(grp, pt.label, describe(vals), pairedChange(pairs)));
      }
    }
    tables.push(outcomesOf(o.label, rows));
  }
  const cat: Cell[][] = [];
  for (const r of spec.responders) {
    const vals = valuesOf(p, r.column);
    for (const grp of g.codes) {
      const mine = subjects.filter((id) => g.of(id).includes(grp)).map((id) => vals.get(id));
      const evaluable = mine.filter((v) => v === 'Y' || v === 'N').length;
      const yes = mine.filter((v) => v === 'Y').length;
      cat.push([grp, r.column.label, 'Yes', yes, evaluable, pct(yes, evaluable)]);
    }
  }
  for (const col of spec.changes) {
    const vals = valuesOf(p, col);
    for (const grp of g.codes) {
      const mine = subjects.filter((id) => g.of(id).includes(grp)).map((id) => vals.get(id));
      const answered = mine.filter((v) => col.codes.some((c) => c.code === v)).length;
      for (const code of col.codes) {
        const n = mine.filter((v) => v === code.code).length;
        cat.push([grp, `${col.label} (${col.sheet})`, code.label, n, answered, pct(n, answered)]);
      }
    }
  }
  if (cat.length) tables.push(respondersOf(cat));
  return tables;
}

/**
 * One row of the outcome table: a time point's n, mean and SD, and for a later point the paired
 * change from before (shared with the store's SQL path, sql/tables.ts).
 */
export function outcomeRow(group: string, timePoint: string, d: Described, c?: PairedChange): Cell[] {
  const described: Cell[] = [group, timePoint, d.n, round(d.mean, 2), round(d.sd, 2)];
  if (!c) return [...described, null, null, null, null, null];
  return [...described, c.n, round(c.meanChange, 2), round(c.ciLow, 2), round(c.ciHigh, 2), roundP(c.p)];
}

/** The outcome table around its rows (shared with the store's SQL path, sql/tables.ts). */
export function outcomesOf(label: string, rows: Cell[][]): StudyTable {
  return {
    id: 'outcomes',
    title: `${label} by group: before and after, paired change with 95% CI and paired t-test`,
    columns: [
      { id: 'group', label: 'Group' },
      { id: 'time_point', label: 'Time point' },
      { id: 'n', label: 'n', numFmt: '0' },
      { id: 'mean', label: 'Mean', numFmt: '0.00' },
      { id: 'sd', label: 'SD', numFmt: '0.00' },
      { id: 'paired_n', label: 'Paired n (both measured)', numFmt: '0' },
      { id: 'change_mean', label: 'Mean change (after − before)', numFmt: '0.00' },
      { id: 'change_ci_low', label: '95% CI, lower', numFmt: '0.00' },
      { id: 'change_ci_high', label: '95% CI, upper', numFmt: '0.00' },
      { id: 'p_value', label: 'p, paired t-test (two-sided)', numFmt: '0.000E+00' },
    ],
    rows,
  };
}

/** The responders and categorical outcomes table around its rows. */
export function respondersOf(rows: Cell[][]): StudyTable {
  return {
    id: 'responders',
    title: 'Responders and categorical outcomes by group',
    columns: [
      { id: 'group', label: 'Group' },
      { id: 'item', label: 'Item' },
      { id: 'level', label: 'Level' },
      { id: 'n', label: 'n', numFmt: '0' },
      { id: 'of', label: 'Of (evaluable)', numFmt: '0' },
      { id: 'pct', label: '%', numFmt: '0.0' },
    ],
    rows,
  };
}
