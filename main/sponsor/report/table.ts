/** A study table as data: the JSON file holds these, the workbook writes one sheet each. */
import type { Cell } from '../../export/layout';
import type { PooledData, Row } from './pooled';
import { rowsOf } from './pooled';
import type { Column, TablesSpec } from './spec';

export interface TableColumn {
  id: string;
  label: string;
  /** Excel number format for the workbook. */
  numFmt?: string;
}

export interface StudyTable {
  id: string;
  title: string;
  columns: TableColumn[];
  rows: Cell[][];
}

export const ALL = 'ALL';

export interface Groups {
  /** Stratum codes then ALL. */
  codes: string[];
  labels: Map<string, string>;
  /** subject → its groups (its stratum, if any, and ALL). */
  of(subjectId: Cell): string[];
  /** Subjects per group. */
  size: Map<string, number>;
}

export function groupsOf(p: PooledData, spec: TablesSpec): Groups {
  const strata = spec.stratum?.codes ?? [];
  const bySubject = new Map<string, string>();
  if (spec.stratum)
    for (const { row } of rowsOf(p, spec.stratum.sheet)) {
      const v = row[spec.stratum.column];
      if (typeof v === 'string' && strata.some((s) => s.code === v)) bySubject.set(String(row.subject_id), v);
    }
  const size = new Map<string, number>([...strata.map((s) => [s.code, 0] as [string, number]), [ALL, 0]]);
  const of = (id: Cell): string[] => {
    const s = bySubject.get(String(id));
    return s ? [s, ALL] : [ALL];
  };
  for (const { row } of rowsOf(p, spec.subjectSheet))
    for (const g of of(row.subject_id ?? null)) size.set(g, size.get(g)! + 1);
  return {
    codes: [...strata.map((s) => s.code), ALL],
    labels: new Map([...strata.map((s) => [s.code, s.label] as [string, string]), [ALL, 'All subjects']]),
    of,
    size,
  };
}

/** Each subject's value of a one-row-per-subject column. */
export function valuesOf(p: PooledData, col: Column): Map<string, Cell> {
  const out = new Map<string, Cell>();
  for (const { row } of rowsOf(p, col.sheet)) out.set(String(row.subject_id), row[col.column] ?? null);
  return out;
}

export const isBlank = (v: Cell | undefined): boolean => v === null || v === undefined || v === '';

export function subjectRows(p: PooledData, spec: TablesSpec): Row[] {
  return rowsOf(p, spec.subjectSheet).map((r) => r.row);
}
