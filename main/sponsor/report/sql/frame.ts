/**
 * The report's working tables, made in DuckDB from the store's current rows: only the columns the
 * specification reads, each parsed out of `sheet_rows.data` once and typed as the in-memory path
 * types it (a JSON number is a number, a JSON string a string, anything else nothing).
 *   subjects: one row per row of the subject sheet, with its group (the stratum's code, or NULL
 *             when the subject has none) and a number and a text column per value it reads;
 *   events:   one row per complication row, with its subject's group, grade, term and relation.
 * A subject's value is the last row of its sheet (by site, then row), as the in-memory path's map
 * keeps it. They are temporary tables of the report's connection, dropped when it is done.
 */
import type { Store } from '../../store';
import { valueColumns, type Column, type TablesSpec } from '../spec';

/** The SQL columns of one pooled value: its number (DOUBLE) and its text (VARCHAR). */
export interface Typed {
  num: string;
  str: string;
}

export interface Frame {
  subjects: string;
  /** Columns subject_id, grp, grade, term, rel (text; NULL where the specification has none). */
  events: string | null;
  /** The typed columns of a per-subject value of the specification. */
  of(col: Column): Typed;
  drop(): Promise<void>;
}

export const sqlText = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const jsonPath = (key: string): string => sqlText(`$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
const keyOf = (c: Pick<Column, 'sheet' | 'column'>): string => `${c.sheet}\u0000${c.column}`;

/**
 * A JSON value (one element of json_extract's list) as the number and the text columns. The
 * kind is read off the value's minified text: a string starts with a quote, and only a JSON
 * number casts to DOUBLE (null, true and false do not), which is cheaper than json_type.
 */
function typed(json: string, t: Typed): string {
  return `TRY_CAST((${json})::VARCHAR AS DOUBLE) AS ${t.num},
    CASE WHEN starts_with((${json})::VARCHAR, '"') THEN json_extract_string(${json}, '$') END AS ${t.str}`;
}

/**
 * Per sheet: each subject's values of the given keys, as one JSON list. A well-formed workbook
 * has one row per subject in such a sheet, so the rows are taken as they are; only when a
 * subject has two (makeFrame) are they narrowed to each subject's last row.
 */
function sheetRowsSql(sheet: string, keys: string[], lastOnly: boolean): string {
  const list = `json_extract(data, [${keys.map(jsonPath).join(', ')}])`;
  return lastOnly
    ? `SELECT subject_id, arg_max(${list}, (site, row_no)) AS j FROM current_rows WHERE sheet = ${sqlText(sheet)} GROUP BY subject_id`
    : `SELECT subject_id, ${list} AS j FROM current_rows WHERE sheet = ${sqlText(sheet)}`;
}

/** The per-subject values the tables read, by sheet, each once. */
function perSubjectColumns(spec: TablesSpec, stratum: Column | null): Column[] {
  const cols = stratum ? [stratum, ...valueColumns(spec)] : valueColumns(spec);
  return cols.filter((c, i) => cols.findIndex((x) => keyOf(x) === keyOf(c)) === i);
}

/** A frame's statements, not yet run: `signature` is their text, for the cache's key. */
export interface FramePlan {
  subjects: string;
  events: string | null;
  of(col: Column): Typed;
  signature: string;
  build(store: Store): Promise<void>;
}

/**
 * The frame's statements, its tables named by `tag`; `persistent` tables stay in the store (the
 * cache, sql/cache.ts), the others are temporary tables of the connection.
 */
export function planFrame(spec: TablesSpec, tag: string, persistent: boolean): FramePlan {
  const kind = persistent ? 'TABLE' : 'TEMP TABLE';
  const subjects = `report_subjects_${tag}`;
  const st = spec.stratum;
  // The stratum is read with the values, from its own sheet: one pass over each sheet.
  const cols = perSubjectColumns(spec, st);
  const names = new Map<string, Typed>(cols.map((c, i) => [keyOf(c), { num: `v${i}_num`, str: `v${i}_str` }]));
  const bySheet = new Map<string, Column[]>();
  for (const c of cols) bySheet.set(c.sheet, [...(bySheet.get(c.sheet) ?? []), c]);
  const sheets = [...bySheet];
  const grp = st
    ? `CASE WHEN ${names.get(keyOf(st))!.str} IN (${st.codes.map((c) => sqlText(c.code)).join(', ') || 'NULL'}) THEN ${names.get(keyOf(st))!.str} END`
    : 'NULL::VARCHAR';
  // One typed table per sheet, made one after the other (one sheet's JSON in memory at a time),
  // then joined on the subject: a few numbers and short texts a subject.
  const parts = sheets.map((_, i) => `report_sheet_${tag}_${i}`);
  const make = (i: number, lastOnly: boolean): string => {
    const [sheet, cs] = sheets[i]!;
    const values = cs.map((c, k) => typed(`j[${k + 1}]`, names.get(keyOf(c))!)).join(', ');
    const rows = sheetRowsSql(
      sheet,
      cs.map((c) => c.column),
      lastOnly,
    );
    return `CREATE OR REPLACE TEMP TABLE ${parts[i]} AS SELECT subject_id, ${values} FROM (${rows})`;
  };
  const select = sheets.flatMap(([, cs], i) =>
    cs.flatMap((c) => [`p${i}.${names.get(keyOf(c))!.num}`, `p${i}.${names.get(keyOf(c))!.str}`]),
  );
  const joins = parts.map((t, i) => `LEFT JOIN ${t} p${i} ON p${i}.subject_id = d.subject_id`);
  const subjectsSql = `CREATE OR REPLACE ${kind} ${subjects} AS
      SELECT *, ${grp} AS grp FROM (
        SELECT d.subject_id${select.length ? `, ${select.join(', ')}` : ''}
        FROM (SELECT subject_id FROM current_rows WHERE sheet = ${sqlText(spec.subjectSheet)}) d ${joins.join(' ')})`;
  const cx = spec.complications;
  const events = cx ? `report_events_${tag}` : null;
  const text = (c: Column | null): string =>
    c
      ? `CASE WHEN json_type(data->${jsonPath(c.column)}) = 'VARCHAR' THEN data->>${jsonPath(c.column)} END`
      : 'NULL::VARCHAR';
  // An event's group is its subject's (every subject has its row in the subject sheet).
  const eventsSql =
    cx && events
      ? `CREATE OR REPLACE ${kind} ${events} AS
      SELECT e.subject_id, g.grp, ${text(cx.grade)} AS grade, ${text(cx.term)} AS term, ${text(cx.relation)} AS rel
      FROM current_rows e LEFT JOIN (SELECT DISTINCT subject_id, grp FROM ${subjects}) g ON g.subject_id = e.subject_id
      WHERE e.sheet = ${sqlText(cx.sheet)}`
      : null;

  return {
    subjects,
    events,
    of: (col) => {
      const t = names.get(keyOf(col));
      if (!t) throw new Error(`the report's frame has no column ${col.sheet}.${col.column}`);
      return t;
    },
    signature: JSON.stringify([sheets.map((_, i) => [make(i, false), make(i, true)]), subjectsSql, eventsSql]),
    build: async (store) => {
      try {
        for (const [i, part] of parts.entries()) {
          await store.run(make(i, false));
          // A subject with two rows in a sheet would be counted twice by the join: then (never
          // for a workbook SiteCRF wrote) each subject's last row is taken, as in memory.
          const [u] = await store.all(`SELECT count(*) = count(DISTINCT subject_id) AS ok FROM ${part}`);
          if (u?.ok !== true) await store.run(make(i, true));
        }
        await store.run(subjectsSql);
      } finally {
        for (const t of parts) await store.run(`DROP TABLE IF EXISTS ${t}`);
      }
      if (eventsSql) await store.run(eventsSql);
    },
  };
}

let made = 0;

/** A frame of temporary tables, for one report, dropped after it. */
export async function makeFrame(store: Store, spec: TablesSpec): Promise<Frame> {
  // Names of this report's own: a host may build two reports on one connection.
  const plan = planFrame(spec, `${process.pid}_${++made}`, false);
  await plan.build(store);
  return {
    subjects: plan.subjects,
    events: plan.events,
    of: plan.of,
    drop: async () => {
      for (const t of [plan.subjects, plan.events]) if (t) await store.run(`DROP TABLE IF EXISTS ${t}`);
    },
  };
}
