/**
 * The study tables straight from the sponsor's store, aggregated by DuckDB: the path of
 * `sitecrf sponsor report` and of the sponsor screen. The in-memory path (load.ts → index.ts)
 * loads every pooled value into JavaScript, which took 20 s at 40,000 subjects; here only the
 * columns the specification reads are parsed out of the rows' JSON, once, inside DuckDB, and
 * only the aggregates (a few hundred rows) come back. The tables are the same (a test compares
 * the two paths on the demo network). The parsed columns are kept in the store until another
 * submission becomes current (sql/cache.ts), so a report after the first reads no JSON.
 */
import { z } from 'zod';
import { CrfError } from '../../../../shared/errors';
import type { Study } from '../../../../shared/protocol/load';
import type { Cell } from '../../../export/layout';
import type { Store } from '../../store';
import type { StudyTables } from '../index';
import { currentSubmissions, type PooledSubmission, type Row } from '../pooled';
import { enrollmentOf, qualityOf } from '../sites';
import { tablesSpecOf, valueColumns, type TablesSpec } from '../spec';
import { ALL } from '../table';
import { cachedFrame, oneAtATime } from './cache';
import { makeFrame, sqlText } from './frame';
import { eventCounts, groupSizes, pairedDifferences, valueCounts } from './summaries';
import {
  characteristicsFromSummaries,
  complicationsFromSummaries,
  outcomesFromSummaries,
  type Summaries,
} from './tables';

const count = z.union([z.bigint(), z.number()]).transform(Number);
const submissionRow = z.object({
  site: z.string(),
  site_name: z.string(),
  period: z.string(),
  exported_at: z.string(),
  cutoff: z.string(),
  subjects: count,
  protocol_version: z.string(),
});
const siteCount = z.object({ site: z.string(), n: count });
const firstsRow = z.object({ site: z.string(), period: z.string(), n: count });
const summaryRow = z.object({ site: z.string(), data: z.string() });

const cell = (v: unknown): Cell => (typeof v === 'number' || typeof v === 'string' ? v : null);

async function siteCounts(store: Store, sql: string): Promise<Map<string, number>> {
  return new Map((await store.all(sql)).map((r) => siteCount.parse(r)).map((r) => [r.site, r.n]));
}

/** New subjects per site and period: each counted in the period of the first submission holding it. */
async function enrollment(store: Store, spec: TablesSpec, subs: PooledSubmission[]) {
  const periods = [...new Set(subs.map((s) => s.period))].sort();
  const sites = [...new Set(subs.map((s) => s.site))].sort();
  const counts = new Map<string, Map<string, number>>(sites.map((s) => [s, new Map()]));
  const rows = await store.all(`SELECT site, period, count(*) AS n FROM (
      SELECT r.site, r.subject_id, min(s.period) AS period FROM sheet_rows r JOIN submissions s ON s.id = r.submission_id
      WHERE r.sheet = ${sqlText(spec.subjectSheet)} GROUP BY r.site, r.subject_id) GROUP BY site, period`);
  for (const raw of rows) {
    const r = firstsRow.parse(raw);
    counts.get(r.site)?.set(r.period, r.n);
  }
  return enrollmentOf(periods, sites, counts);
}

async function summaries(store: Store, spec: TablesSpec, cache: boolean): Promise<Summaries> {
  const frame = cache ? await cachedFrame(store, spec) : await makeFrame(store, spec);
  try {
    const strata = spec.stratum?.codes ?? [];
    const sizes = await groupSizes(store, frame);
    const codes = [...strata.map((s) => s.code), ALL];
    return {
      groups: {
        codes,
        labels: new Map([...strata.map((s) => [s.code, s.label] as [string, string]), [ALL, 'All subjects']]),
        size: new Map(codes.map((c) => [c, sizes.get(c) ?? 0])),
      },
      values: await valueCounts(store, frame, valueColumns(spec)),
      paired: await pairedDifferences(store, frame, spec),
      events: await eventCounts(store, frame, spec),
    };
  } finally {
    await frame.drop();
  }
}

export async function studyTablesFromStore(
  store: Store,
  study: Study,
  /** cache: false makes the frame afresh in temporary tables and keeps nothing in the store. */
  opts: { asOf?: Date; spec?: TablesSpec; cache?: boolean } = {},
): Promise<StudyTables> {
  const spec = opts.spec ?? tablesSpecOf(study);
  const asOf = opts.asOf ?? new Date();
  const studyId = (await store.meta()).study;
  if (!studyId)
    throw new CrfError({ code: 'VALIDATION', field: 'store', rule: 'study', message: 'store has no study' });
  const subRows = (
    await store.all(
      'SELECT site, site_name, period, exported_at, cutoff, subjects, protocol_version FROM submissions ORDER BY site, period, id',
    )
  ).map((r) => submissionRow.parse(r));
  let protocolVersion = '';
  for (const s of subRows) if (s.protocol_version > protocolVersion) protocolVersion = s.protocol_version;
  const subs: PooledSubmission[] = subRows.map((s) => ({
    site: s.site,
    siteName: s.site_name,
    period: s.period,
    exportedAt: s.exported_at,
    cutoff: s.cutoff,
    subjects: s.subjects,
    subjectIds: [],
  }));
  const cache = opts.cache ?? true;
  const sum = await (cache ? oneAtATime(store, () => summaries(store, spec, true)) : summaries(store, spec, false));
  // The Summary sheets are a few dozen rows a site: read whole, as the in-memory path does.
  const summary = (
    await store.all(
      "SELECT site, data::VARCHAR AS data FROM current_rows WHERE sheet = 'Summary' ORDER BY site, row_no",
    )
  ).map((raw) => {
    const r = summaryRow.parse(raw);
    const row: Row = {};
    for (const [k, v] of Object.entries(JSON.parse(r.data) as Record<string, unknown>)) row[k] = cell(v);
    return { site: r.site, row };
  });
  const quality = qualityOf(
    {
      current: currentSubmissions({ submissions: subs }),
      summary,
      openSite: await siteCounts(
        store,
        "SELECT site, count(*) AS n FROM current_rows WHERE sheet = 'Queries' AND (data->>'status') = 'open' GROUP BY site",
      ),
      openSponsor: await siteCounts(
        store,
        "SELECT site, count(*) AS n FROM sponsor_queries WHERE status = 'open' GROUP BY site",
      ),
    },
    asOf,
  );
  return {
    study: studyId,
    protocolVersion,
    generatedAt: asOf.toISOString(),
    tables: [
      await enrollment(store, spec, subs),
      characteristicsFromSummaries(sum, spec),
      ...outcomesFromSummaries(sum, spec),
      ...complicationsFromSummaries(sum, spec),
      quality,
    ],
  };
}
