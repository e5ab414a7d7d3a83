/**
 * Chart data drawn from the study tables the report service computed (sponsor.tables): the
 * screen draws, it never recomputes. Empty groups give no series, and no series at all means
 * "no data yet" (MUI X Charts throws on a series without a point).
 */
import type { StudyTableView } from '../../../shared/ipc/sponsor-contract';

export interface LineData {
  /** Time points, in the table's order. */
  times: string[];
  series: { id: string; label: string; data: (number | null)[] }[];
}

export interface BarData {
  sites: string[];
  series: { id: string; label: string; data: number[] }[];
}

const ALL = 'ALL';

/** Group code → its label, from the characteristics table's headers (`<code>_n` is "<label>: n"). */
export function groupLabels(tables: readonly StudyTableView[]): Map<string, string> {
  const out = new Map<string, string>([[ALL, 'All subjects']]);
  for (const c of tables.find((t) => t.id === 'characteristics')?.columns ?? [])
    if (c.id.endsWith('_n') && c.label.endsWith(': n')) out.set(c.id.slice(0, -2), c.label.slice(0, -3));
  return out;
}

/** Mean outcome per group at each time point (the strata; all subjects when there are none). */
export function outcomeLines(tables: readonly StudyTableView[]): LineData {
  const t = tables.find((x) => x.id === 'outcomes');
  if (!t) return { times: [], series: [] };
  const col = (id: string) => t.columns.findIndex((c) => c.id === id);
  const [g, tp, mean] = [col('group'), col('time_point'), col('mean')];
  const times: string[] = [];
  const byGroup = new Map<string, Map<string, number | null>>();
  for (const r of t.rows) {
    const group = String(r[g]);
    const time = String(r[tp]);
    if (!times.includes(time)) times.push(time);
    const m = byGroup.get(group) ?? new Map<string, number | null>();
    m.set(time, typeof r[mean] === 'number' ? (r[mean] as number) : null);
    byGroup.set(group, m);
  }
  const strata = [...byGroup.keys()].filter((k) => k !== ALL);
  const labels = groupLabels(tables);
  const series = (strata.length ? strata : [ALL])
    .filter((k) => byGroup.has(k))
    .map((k) => ({ id: k, label: labels.get(k) ?? k, data: times.map((x) => byGroup.get(k)!.get(x) ?? null) }))
    .filter((s) => s.data.some((v) => v !== null));
  return { times, series };
}

/** Subjects first submitted per site, one series per month (stacked). */
export function enrollmentBars(tables: readonly StudyTableView[]): BarData {
  const t = tables.find((x) => x.id === 'enrollment');
  if (!t) return { sites: [], series: [] };
  const rows = t.rows.filter((r) => r[0] !== ALL);
  const periods = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.id !== 'site' && c.id !== 'total');
  if (!rows.length) return { sites: [], series: [] };
  return {
    sites: rows.map((r) => String(r[0])),
    series: periods.map(({ c, i }) => ({
      id: c.id,
      label: c.label,
      data: rows.map((r) => (typeof r[i] === 'number' ? (r[i] as number) : 0)),
    })),
  };
}
