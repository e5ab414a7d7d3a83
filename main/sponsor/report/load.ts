/**
 * The pooled rows, from the sponsor's store or from a set of workbooks. Both keep each site's
 * latest submission as its current rows and every submission's subject IDs for enrollment.
 */
import { CrfError } from '../../../shared/errors';
import type { Cell } from '../../export/layout';
import { readSubmission } from '../../export/workbook-reader';
import type { Store } from '../store';
import type { PooledData, PooledSubmission, Row } from './pooled';
import { valueColumns, type Column, type TablesSpec } from './spec';

/** Workbooks as `sitecrf sponsor import` would pool them: each refused unless its hashes verify. */
export async function pooledFromWorkbooks(files: string[], subjectSheet: string): Promise<PooledData> {
  const submissions: (PooledSubmission & { sheets: Record<string, Row[]> })[] = [];
  let studyId: string | null = null;
  let protocolVersion = '';
  for (const f of files) {
    const r = await readSubmission(f);
    if (!r.hashCheck.ok)
      throw new CrfError({
        code: 'DAMAGED',
        message: `${f}: content differs from the Cover's hash in ${r.hashCheck.mismatches.map((m) => m.sheet).join(', ')}`,
      });
    if (studyId && r.cover.study !== studyId)
      throw new CrfError({ code: 'VALIDATION', message: `${f}: study ${r.cover.study}, not ${studyId}` });
    studyId = r.cover.study;
    if (r.cover.protocolVersion > protocolVersion) protocolVersion = r.cover.protocolVersion;
    submissions.push({
      site: r.cover.site.code,
      siteName: r.cover.site.name,
      period: r.cover.period,
      exportedAt: r.cover.exportedAt,
      cutoff: r.cover.cutoff,
      subjects: r.cover.subjects,
      subjectIds: (r.sheets[subjectSheet] ?? []).map((x) => String(x.subject_id)),
      sheets: r.sheets,
    });
  }
  if (!studyId) throw new CrfError({ code: 'VALIDATION', message: 'No workbooks to pool' });
  const latest = new Map<string, (typeof submissions)[number]>();
  for (const s of submissions) {
    const prev = latest.get(s.site);
    if (!prev || prev.period < s.period) latest.set(s.site, s);
  }
  const sheets = new Map<string, { site: string; row: Row }[]>();
  for (const s of [...latest.values()].sort((a, b) => a.site.localeCompare(b.site)))
    for (const [name, rows] of Object.entries(s.sheets)) {
      let list = sheets.get(name);
      if (!list) sheets.set(name, (list = []));
      for (const row of rows) list.push({ site: s.site, row });
    }
  return {
    studyId,
    protocolVersion,
    sheets,
    submissions: submissions.map(({ sheets: _s, ...rest }) => rest),
    sponsorQueriesOpen: new Map(),
  };
}

const cell = (v: unknown): Cell => (typeof v === 'number' || typeof v === 'string' ? v : null);

/** The store's current rows (the view current_rows) and its submissions. */
/**
 * The columns the tables read, by sheet (and the structural sheets they read whole): with a
 * spec the store sends only these, so the report does not parse every pooled value.
 */
export function columnsNeeded(spec: TablesSpec): Map<string, Set<string> | 'all'> {
  const out = new Map<string, Set<string> | 'all'>([
    ['Summary', 'all'],
    ['Queries', new Set(['status'])],
  ]);
  const add = (sheet: string, column?: string): void => {
    let cols = out.get(sheet);
    if (cols === 'all') return;
    if (!cols) out.set(sheet, (cols = new Set()));
    if (column) cols.add(column);
  };
  add(spec.subjectSheet);
  const cols: (Column | null | undefined)[] = [
    spec.stratum,
    ...valueColumns(spec),
    spec.complications?.grade,
    spec.complications?.term,
    spec.complications?.relation,
  ];
  for (const c of cols) if (c) add(c.sheet, c.column);
  if (spec.complications) add(spec.complications.sheet);
  return out;
}

const quoteSql = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** The SELECT of one sheet's data: whole, or as a JSON object of the needed columns only. */
function dataSql(cols: Set<string> | 'all'): string {
  if (cols === 'all') return 'data';
  const keys = ['subject_id', 'instance', ...[...cols].filter((c) => c !== 'subject_id' && c !== 'instance')];
  return `json_object(${keys.map((k) => `${quoteSql(k)}, data->${quoteSql(`$."${k.replaceAll('"', '\\"')}"`)}`).join(', ')})`;
}

export async function pooledFromStore(store: Store, subjectSheet: string, spec?: TablesSpec): Promise<PooledData> {
  const meta = await store.meta();
  const studyId = meta.study;
  if (!studyId)
    throw new CrfError({ code: 'VALIDATION', field: 'store', rule: 'study', message: 'store has no study' });
  const subs = await store.all(
    'SELECT id, site, site_name, period, exported_at, cutoff, subjects, protocol_version FROM submissions ORDER BY site, period, id',
  );
  const ids = await store.all('SELECT submission_id, subject_id FROM sheet_rows WHERE sheet = $1 ORDER BY row_no', [
    subjectSheet,
  ]);
  const bySub = new Map<number, string[]>();
  for (const r of ids) {
    const k = Number(r.submission_id);
    let l = bySub.get(k);
    if (!l) bySub.set(k, (l = []));
    l.push(String(r.subject_id));
  }
  const sheets = new Map<string, { site: string; row: Row }[]>();
  const needed = spec ? columnsNeeded(spec) : null;
  const sql = needed
    ? [...needed]
        .map(
          ([sheet, cols]) =>
            `SELECT site, sheet, row_no, ${dataSql(cols)}::VARCHAR AS data FROM current_rows WHERE sheet = ${quoteSql(sheet)}`,
        )
        .join(' UNION ALL ') + ' ORDER BY site, sheet, row_no'
    : 'SELECT site, sheet, data FROM current_rows ORDER BY site, sheet, row_no';
  for (const r of await store.all(sql)) {
    const sheet = String(r.sheet);
    let list = sheets.get(sheet);
    if (!list) sheets.set(sheet, (list = []));
    const raw = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>;
    const row: Row = {};
    for (const [k, v] of Object.entries(raw)) row[k] = cell(v);
    list.push({ site: String(r.site), row });
  }
  const open = await store.all("SELECT site, count(*) AS n FROM sponsor_queries WHERE status = 'open' GROUP BY site");
  let protocolVersion = '';
  for (const s of subs) if (String(s.protocol_version) > protocolVersion) protocolVersion = String(s.protocol_version);
  return {
    studyId,
    protocolVersion,
    sheets,
    submissions: subs.map((s) => ({
      site: String(s.site),
      siteName: String(s.site_name),
      period: String(s.period),
      exportedAt: String(s.exported_at),
      cutoff: String(s.cutoff),
      subjects: Number(s.subjects),
      subjectIds: bySub.get(Number(s.id)) ?? [],
    })),
    sponsorQueriesOpen: new Map(open.map((r) => [String(r.site), Number(r.n)])),
  };
}
