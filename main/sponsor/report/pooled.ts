/**
 * What the study tables are computed from: the pooled de-identified rows of every site's current
 * submission (sheet → rows, each with its site), plus each site's submission history (which
 * subjects each period's workbook held, for enrollment by month) and the Covers' facts. Two
 * sources give the same shape: the sponsor's DuckDB store, and a folder of workbooks read with
 * readSubmission (the same reader the store's import uses).
 */
import type { Cell } from '../../export/layout';

export type Row = Record<string, Cell>;

export interface PooledSubmission {
  site: string;
  siteName: string;
  period: string;
  exportedAt: string;
  cutoff: string;
  subjects: number;
  /** The subject IDs this workbook held (its subject sheet). */
  subjectIds: string[];
}

export interface PooledData {
  studyId: string;
  protocolVersion: string;
  /** Current rows per sheet: each site's latest submission. */
  sheets: Map<string, { site: string; row: Row }[]>;
  /** Every submission, each site's oldest first. */
  submissions: PooledSubmission[];
  /** Open sponsor-raised queries per site (the store's own; none from workbooks alone). */
  sponsorQueriesOpen: Map<string, number>;
}

export function rowsOf(p: PooledData, sheet: string): { site: string; row: Row }[] {
  return p.sheets.get(sheet) ?? [];
}

/** The current (latest) submission of each site, sites in code order. */
export function currentSubmissions(p: Pick<PooledData, 'submissions'>): PooledSubmission[] {
  const last = new Map<string, PooledSubmission>();
  for (const s of p.submissions) {
    const prev = last.get(s.site);
    if (!prev || prev.period <= s.period) last.set(s.site, s);
  }
  return [...last.values()].sort((a, b) => a.site.localeCompare(b.site));
}
