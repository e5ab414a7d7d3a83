/** The Summary sheet: computeSummary's tables flattened into one long table the sponsor can filter. */
import type { Cell } from './layout';
import type { SheetSource } from './sheet-source';
import { ALL, type Summary } from './summary';

export function summaryRows(s: Summary): Cell[][] {
  const rows: Cell[][] = [];
  const e = s.enrollment;
  rows.push(['enrollment', 'total', ALL, e.total, null, null, null, null]);
  rows.push(['enrollment', 'this_period', ALL, e.thisPeriod, null, null, null, null]);
  rows.push(['enrollment', 'withdrawn', ALL, e.withdrawn, null, null, null, null]);
  for (const st of s.strata)
    if (st.code !== ALL)
      rows.push(['enrollment', 'by_stratum', st.code, e.byStratum[st.code] ?? 0, null, null, null, null]);
  for (const m of e.byMonth) rows.push(['enrollment', `by_month/${m.month}`, ALL, m.n, null, null, null, null]);
  for (const c of s.completeness)
    rows.push([
      'completeness',
      `${c.event}/${c.form}`,
      ALL,
      c.complete,
      c.expected ? Math.round((c.complete / c.expected) * 1000) / 1000 : null,
      null,
      null,
      c.expected,
    ]);
  for (const o of s.outcomes) rows.push(['outcome', o.measure, o.stratum, o.n, o.mean, o.sd, o.p, o.pairedN]);
  for (const c of s.counts)
    rows.push(['count', `${c.form}.${c.field}=${c.code}`, c.stratum, c.n, null, null, null, null]);
  for (const c of s.complications) {
    rows.push(['complications', 'major_events', c.stratum, c.major, null, null, null, null]);
    rows.push(['complications', 'minor_events', c.stratum, c.minor, null, null, null, null]);
    rows.push(['complications', 'subjects_with_major', c.stratum, c.subjectsWithMajor, null, null, null, null]);
  }
  rows.push(['queries', 'open', ALL, s.queries.open, null, null, null, null]);
  rows.push(['queries', 'answered', ALL, s.queries.answered, null, null, null, null]);
  for (const o of s.overdue) rows.push(['overdue', o.event, ALL, o.n, null, null, null, null]);
  return rows;
}

export function summarySheet(get: () => Summary): SheetSource {
  return {
    name: 'Summary',
    columns: [
      { code: 'section', label: 'Table' },
      { code: 'item', label: 'Item' },
      { code: 'group', label: 'Group (stratum or ALL)' },
      { code: 'n', label: 'n (count; completeness: complete or later)', numFmt: '0' },
      { code: 'value', label: 'Mean (outcome) or fraction (completeness)' },
      { code: 'sd', label: 'Standard deviation' },
      { code: 'p_value', label: 'p, paired t-test against before (two-sided)' },
      { code: 'of', label: 'Of (completeness: expected; outcome: paired n)', numFmt: '0' },
    ],
    rows: () => summaryRows(get()),
  };
}
