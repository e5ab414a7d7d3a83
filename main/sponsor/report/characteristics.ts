/**
 * Patient characteristics by stratum and overall: the age (mean ± SD of the exact ages; the
 * top-coded 90+ counted apart, as Safe Harbor gives no number for them), and each characteristic
 * of the specification as the dictionary types it: codes counted with their share of the
 * group's subjects, numbers described by n, mean and SD. Missing-data codes and blanks are
 * counted in their own rows so every group adds up.
 */
import { MISSING_CODES } from '../../../shared/protocol/schema';
import type { Cell } from '../../export/layout';
import type { PooledData } from './pooled';
import type { Column, TablesSpec } from './spec';
import { describe, pct, round } from './stats';
import { groupsOf, isBlank, subjectRows, valuesOf, type Groups, type StudyTable, type TableColumn } from './table';

export const isMissingCode = (v: Cell): boolean =>
  typeof v === 'string' && (MISSING_CODES as readonly string[]).includes(v);

/** The level of the not-recorded row (missing-data codes) and of the blank row. */
export const NOT_RECORDED = `not recorded (${MISSING_CODES.join(', ')})`;
export const NOT_ENTERED = 'not entered';

export function groupColumns(g: Pick<Groups, 'codes' | 'labels'>): TableColumn[] {
  return g.codes.flatMap((c) => {
    const l = g.labels.get(c)!;
    return [
      { id: `${c}_n`, label: `${l}: n`, numFmt: '0' },
      { id: `${c}_pct`, label: `${l}: %`, numFmt: '0.0' },
      { id: `${c}_mean`, label: `${l}: mean`, numFmt: '0.00' },
      { id: `${c}_sd`, label: `${l}: SD`, numFmt: '0.00' },
    ];
  });
}

export type Stat = { n: number; pct?: number | null; mean?: number | null; sd?: number | null };

export function row(label: string, level: string, g: Pick<Groups, 'codes'>, stat: (group: string) => Stat): Cell[] {
  const out: Cell[] = [label, level];
  for (const c of g.codes) {
    const s = stat(c);
    out.push(s.n, s.pct ?? null, s.mean ?? null, s.sd ?? null);
  }
  return out;
}

/** Subject → its groups' buckets of one column's values. */
function byGroup(p: PooledData, g: Groups, subjects: string[], col: Column): Map<string, Cell[]> {
  const values = valuesOf(p, col);
  const out = new Map<string, Cell[]>(g.codes.map((c) => [c, []]));
  for (const id of subjects) {
    const v = values.get(id) ?? null;
    for (const grp of g.of(id)) out.get(grp)!.push(v);
  }
  return out;
}

function describeRows(label: string, g: Groups, vals: Map<string, Cell[]>, level = 'mean ± SD'): Cell[][] {
  const rows: Cell[][] = [
    row(label, level, g, (c) => {
      const d = describe(vals.get(c)!.filter((v): v is number => typeof v === 'number'));
      return { n: d.n, mean: round(d.mean, 2), sd: round(d.sd, 2) };
    }),
  ];
  return rows;
}

function tailRows(label: string, g: Groups, vals: Map<string, Cell[]>): Cell[][] {
  const rows: Cell[][] = [];
  const count = (c: string, f: (v: Cell) => boolean): number => vals.get(c)!.filter(f).length;
  if (vals.get(g.codes.at(-1)!)!.some(isMissingCode))
    rows.push(
      row(label, NOT_RECORDED, g, (c) => ({
        n: count(c, isMissingCode),
        pct: pct(count(c, isMissingCode), g.size.get(c)!),
      })),
    );
  if (vals.get(g.codes.at(-1)!)!.some(isBlank))
    rows.push(
      row(label, NOT_ENTERED, g, (c) => ({ n: count(c, isBlank), pct: pct(count(c, isBlank), g.size.get(c)!) })),
    );
  return rows;
}

export function characteristicsTable(p: PooledData, spec: TablesSpec): StudyTable {
  const g = groupsOf(p, spec);
  const subjects = subjectRows(p, spec).map((r) => String(r.subject_id));
  const rows: Cell[][] = [
    row('Subjects', 'n', g, (c) => ({ n: g.size.get(c)!, pct: pct(g.size.get(c)!, g.size.get(c)!) })),
  ];
  if (spec.age) {
    const vals = byGroup(p, g, subjects, spec.age.column);
    rows.push(...describeRows(spec.age.column.label, g, vals, `mean ± SD (up to ${spec.age.topCode})`));
    // A top-coded age is text ("90+"): counted, never averaged.
    const top = (v: Cell): boolean => typeof v === 'string' && !isMissingCode(v) && v !== '';
    rows.push(
      row(spec.age.column.label, `${spec.age.topCode + 1}+`, g, (c) => {
        const n = vals.get(c)!.filter(top).length;
        return { n, pct: pct(n, g.size.get(c)!) };
      }),
    );
    rows.push(...tailRows(spec.age.column.label, g, vals));
  }
  for (const col of spec.characteristics) {
    const vals = byGroup(p, g, subjects, col);
    if (col.type === 'int' || col.type === 'decimal') rows.push(...describeRows(col.label, g, vals));
    else {
      const multi = col.type === 'multi';
      const has = (v: Cell, code: string): boolean =>
        typeof v === 'string' && (multi ? v.split(';').includes(code) : v === code);
      for (const code of col.codes)
        rows.push(
          row(col.label, code.label, g, (c) => {
            const n = vals.get(c)!.filter((v) => has(v, code.code)).length;
            return { n, pct: pct(n, g.size.get(c)!) };
          }),
        );
    }
    rows.push(...tailRows(col.label, g, vals));
  }
  return characteristicsOf(g, rows);
}

/** The table around its rows (shared with the store's SQL path, sql/tables.ts). */
export function characteristicsOf(g: Pick<Groups, 'codes' | 'labels'>, rows: Cell[][]): StudyTable {
  return {
    id: 'characteristics',
    title: 'Patient characteristics by group and overall',
    columns: [{ id: 'characteristic', label: 'Characteristic' }, { id: 'level', label: 'Level' }, ...groupColumns(g)],
    rows,
  };
}
