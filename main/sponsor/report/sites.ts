/**
 * The site tables. Enrollment by site and month: a subject counts in the period of the first
 * submission that holds it (the de-identified rows carry no registration date). Data quality by
 * site: completeness per form and overdue follow-ups as the site's own Summary sheet states them
 * at its cut-off (the follow-up windows need the procedure date, which never leaves the site),
 * open queries counted from the site's Queries sheet (and the sponsor's own open queries), and
 * whole days from the site's last export to the report's date.
 */
import type { Cell } from '../../export/layout';
import { currentSubmissions, rowsOf, type PooledData, type PooledSubmission, type Row } from './pooled';
import type { StudyTable, TableColumn } from './table';

export function enrollmentTable(p: PooledData): StudyTable {
  const periods = [...new Set(p.submissions.map((s) => s.period))].sort();
  const sites = [...new Set(p.submissions.map((s) => s.site))].sort();
  const counts = new Map<string, Map<string, number>>(sites.map((s) => [s, new Map()]));
  for (const site of sites) {
    const seen = new Set<string>();
    const subs = p.submissions.filter((s) => s.site === site).sort((a, b) => a.period.localeCompare(b.period));
    for (const s of subs) {
      let n = 0;
      for (const id of s.subjectIds)
        if (!seen.has(id)) {
          seen.add(id);
          n++;
        }
      // Added, not set: two submissions of one period (a fork) both bring their new subjects.
      counts.get(site)!.set(s.period, (counts.get(site)!.get(s.period) ?? 0) + n);
    }
  }
  return enrollmentOf(periods, sites, counts);
}

/** The enrollment table from the new subjects per site and period (shared with sql/index.ts). */
export function enrollmentOf(periods: string[], sites: string[], counts: Map<string, Map<string, number>>): StudyTable {
  const rows: Cell[][] = sites.map((site) => {
    const m = counts.get(site) ?? new Map<string, number>();
    const cells = periods.map((per) => m.get(per) ?? 0);
    return [site, ...cells, cells.reduce((a, x) => a + x, 0)];
  });
  const totals = periods.map((_, i) => rows.reduce((a, r) => a + (r[i + 1] as number), 0));
  rows.push(['ALL', ...totals, totals.reduce((a, x) => a + x, 0)]);
  return {
    id: 'enrollment',
    title: 'Enrollment by site and month (subjects first submitted in the month)',
    columns: [
      { id: 'site', label: 'Site' },
      ...periods.map((per) => ({ id: per, label: per, numFmt: '0' })),
      { id: 'total', label: 'Total', numFmt: '0' },
    ],
    rows,
  };
}

const dayMs = 86_400_000;

export function qualityTable(p: PooledData, asOf: Date): StudyTable {
  const open = new Map<string, number>();
  for (const q of rowsOf(p, 'Queries')) if (q.row.status === 'open') open.set(q.site, (open.get(q.site) ?? 0) + 1);
  return qualityOf(
    {
      current: currentSubmissions(p),
      summary: rowsOf(p, 'Summary'),
      openSite: open,
      openSponsor: p.sponsorQueriesOpen,
    },
    asOf,
  );
}

export interface QualityFacts {
  /** Each site's current submission, sites in code order. */
  current: PooledSubmission[];
  /** The current Summary sheets' rows. */
  summary: { site: string; row: Row }[];
  /** Open queries per site: of the sites' Queries sheets, and the sponsor's own. */
  openSite: Map<string, number>;
  openSponsor: Map<string, number>;
}

/** The data-quality table from its facts (shared with sql/index.ts). */
export function qualityOf(f: QualityFacts, asOf: Date): StudyTable {
  const { current, summary } = f;
  const completenessItems: string[] = [];
  const overdueItems: string[] = [];
  for (const { row } of summary) {
    const item = String(row.item ?? '');
    if (row.section === 'completeness' && !completenessItems.includes(item)) completenessItems.push(item);
    if (row.section === 'overdue' && !overdueItems.includes(item)) overdueItems.push(item);
  }
  const rows: Cell[][] = current.map((s) => {
    const mine = summary.filter((r) => r.site === s.site).map((r) => r.row);
    const find = (section: string, item: string) => mine.find((r) => r.section === section && r.item === item);
    return [
      s.site,
      s.siteName,
      s.period,
      s.subjects,
      Math.floor((asOf.getTime() - Date.parse(s.exportedAt)) / dayMs),
      f.openSite.get(s.site) ?? 0,
      f.openSponsor.get(s.site) ?? 0,
      ...overdueItems.map((it) => (find('overdue', it)?.n as number | undefined) ?? null),
      ...completenessItems.map((it) => (find('completeness', it)?.value as number | undefined) ?? null),
    ];
  });
  const columns: TableColumn[] = [
    { id: 'site', label: 'Site' },
    { id: 'site_name', label: 'Site name' },
    { id: 'last_period', label: 'Last submission (period)' },
    { id: 'subjects', label: 'Subjects', numFmt: '0' },
    { id: 'days_since_last_submission', label: 'Days since the last submission was exported', numFmt: '0' },
    { id: 'open_queries_site', label: 'Open queries (site)', numFmt: '0' },
    { id: 'open_queries_sponsor', label: 'Open queries (raised by the sponsor)', numFmt: '0' },
    ...overdueItems.map((it) => ({ id: `overdue_${it}`, label: `Overdue follow-ups: ${it}`, numFmt: '0' })),
    ...completenessItems.map((it) => ({ id: `complete_${it}`, label: `Completeness ${it}`, numFmt: '0.0%' })),
  ];
  return { id: 'data-quality', title: 'Data quality by site', columns, rows };
}
