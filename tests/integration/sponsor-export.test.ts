/**
 * The analyst export (`sitecrf sponsor export`) from a pooled store of the six-site network: the
 * files read back (CSV with csv-parse, Parquet with DuckDB) equal the store's current rows cell
 * by cell, the per-site files add up to the pooled one, and the R and Stata scripts load every
 * column of the dictionary with its type, levels and label (R and Stata are not run: their text
 * is checked against the dictionary).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analystExport } from '../../main/sponsor/analyst/export';
import { Store } from '../../main/sponsor/store';
import { makeNetwork, type NetworkFixture } from '../support/network-fixture';
import { pooledStore } from '../support/pooled-store';
import { sitecrf } from './site-fixture';

type Raw = Record<string, unknown>;
interface DictRow {
  table: string;
  column: string;
  label: string;
  type: string;
  levels: string;
  code_of: string;
}

let net: NetworkFixture;
let storePath: string;
/** sheet -> the store's current rows (site + the row's JSON), read with the store's own SQL. */
const expected = new Map<string, { site: string; data: Raw }[]>();

beforeAll(async () => {
  net = await makeNetwork({ months: 2, subjects: 60 });
  const store = await pooledStore(
    net.dir,
    net.sites.flatMap((s) => s.workbooks),
  );
  storePath = store.path;
  for (const r of await store.all(
    "SELECT sheet, site, data FROM current_rows WHERE sheet NOT IN ('Cover','Summary','Changes','Queries','Dictionary') ORDER BY site, row_no",
  )) {
    const l = expected.get(String(r.sheet)) ?? [];
    l.push({ site: String(r.site), data: JSON.parse(String(r.data)) as Raw });
    expected.set(String(r.sheet), l);
  }
  store.close();
}, 300_000);
afterAll(() => net?.cleanup());

const readCsv = (f: string): Record<string, string>[] =>
  parse(readFileSync(f, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const dictionaryOf = (out: string): DictRow[] => readCsv(join(out, 'dictionary.csv')) as unknown as DictRow[];
const codesOf = (d: DictRow): string[] => (d.levels ? d.levels.split('; ').map((l) => l.slice(0, l.indexOf('='))) : []);

/** What a typed cell must hold for the store's raw JSON value (null = empty). */
function expectedCell(d: DictRow, dict: DictRow[], data: Raw): string | number | null {
  if (d.column === 'site') return null; // checked separately
  if (d.code_of) {
    const v = data[d.code_of];
    return typeof v === 'string' && codesOf(d).includes(v) ? v : null;
  }
  const v = data[d.column];
  if (v === null || v === undefined) return null;
  const companion = dict.find((x) => x.table === d.table && x.code_of === d.column);
  if (companion && typeof v === 'string' && codesOf(companion).includes(v)) return null;
  return v as string | number;
}

function checkTable(name: string, got: Record<string, unknown>[], dict: DictRow[], asText: boolean): void {
  const want = expected.get(name) ?? [];
  const cols = dict.filter((d) => d.table === name);
  expect(got.length, name).toBe(want.length);
  want.forEach((w, i) => {
    const g = got[i]!;
    expect(g.site).toBe(w.site);
    // Nothing of the row is lost: every key of the store's JSON is a column of the table.
    for (const k of Object.keys(w.data))
      expect(
        cols.map((c) => c.column),
        `${name}.${k}`,
      ).toContain(k);
    for (const d of cols) {
      if (d.column === 'site') continue;
      const e = expectedCell(d, dict, w.data);
      const v = g[d.column];
      if (e === null)
        expect(v === '' || v === null || v === undefined, `${name}.${d.column} row ${i}: ${String(v)}`).toBe(true);
      else if (typeof e === 'number') expect(asText ? Number(v) : v, `${name}.${d.column} row ${i}`).toBe(e);
      else expect(v, `${name}.${d.column} row ${i}`).toBe(e);
    }
  });
}

describe('sponsor export', () => {
  it('CSV: pooled and per-site files equal the store, cell by cell, through the CLI', () => {
    const out = join(net.dir, 'analyst-csv');
    const r = sitecrf(['sponsor', 'export', '--store', storePath, '--format', 'csv', '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const dict = dictionaryOf(out);
    const tables = [...new Set(dict.map((d) => d.table))];
    expect([...expected.keys()].every((s) => tables.includes(s))).toBe(true);
    const sites = readdirSync(join(out, 'sites')).sort();
    expect(sites).toEqual(net.sites.map((s) => s.code).sort());
    for (const t of tables) {
      const text = readFileSync(join(out, `${t}.csv`), 'utf8');
      // The header is the dictionary's columns, in its order.
      expect(text.split('\n')[0]!.split(',')).toEqual(dict.filter((d) => d.table === t).map((d) => d.column));
      const pooled = readCsv(join(out, `${t}.csv`));
      checkTable(t, pooled, dict, true);
      const bySite = sites.flatMap((s) => readCsv(join(out, 'sites', s, `${t}.csv`)));
      expect(bySite).toEqual(pooled);
    }
    // Missing-data codes really went through a companion column (the demo has some).
    const companions = dict.filter((d) => d.code_of);
    const used = companions.filter((c) => readCsv(join(out, `${c.table}.csv`)).some((row) => row[c.column] !== ''));
    expect(used.length).toBeGreaterThan(0);
    const tablesCsv = readCsv(join(out, 'tables.csv'));
    for (const t of tables)
      expect(tablesCsv.filter((x) => x.table === t).reduce((a, x) => a + Number(x.rows), 0)).toBe(
        expected.get(t)?.length ?? 0,
      );
  }, 300_000);

  it('Parquet: partitioned by site, DuckDB reads the pooled dataset back typed and equal to the store', async () => {
    const out = join(net.dir, 'analyst-parquet');
    const r = sitecrf(['sponsor', 'export', '--store', storePath, '--format', 'parquet', '--out', out]);
    expect(r.code, r.err).toBe(0);
    // The count it prints is of the files written (each partition's), not of the folders.
    const onDisk = readdirSync(out, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length;
    expect(r.out).toContain(`${onDisk} files in ${out}`);
    const dict = dictionaryOf(out);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      for (const t of [...new Set(dict.map((d) => d.table))]) {
        const want = expected.get(t) ?? [];
        if (!want.length) continue;
        expect(readdirSync(join(out, t)).sort()).toEqual([...new Set(want.map((w) => `site=${w.site}`))].sort());
        const glob = join(out, t, '*', '*.parquet').replace(/'/g, "''");
        const types = (
          await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${glob}', hive_partitioning = true)`)
        )
          .getRowObjectsJS()
          .map((x): [string, string] => [String(x.column_name), String(x.column_type)]);
        const typeOf = new Map(types);
        for (const d of dict.filter((x) => x.table === t)) {
          const want =
            d.type === 'integer' ? 'INTEGER' : d.type === 'double' ? 'DOUBLE' : d.type === 'date' ? 'DATE' : 'VARCHAR';
          expect(typeOf.get(d.column), `${t}.${d.column}`).toBe(want);
        }
        // Row order inside a site's file is the site's order; sites sorted, as in the store.
        const rows = (
          await conn.runAndReadAll(
            `SELECT * FROM read_parquet('${glob}', hive_partitioning = true, file_row_number = true) ORDER BY site, file_row_number`,
          )
        ).getRowObjectsJS() as Record<string, unknown>[];
        checkTable(t, rows, dict, false);
      }
    } finally {
      conn.closeSync();
      db.closeSync();
    }
    expect(existsSync(join(out, 'load.do'))).toBe(false);
    expect(readFileSync(join(out, 'load.R'), 'utf8')).toContain('arrow::open_dataset');
  }, 300_000);

  it('the R and Stata scripts load every column of the dictionary with its type, levels and label', () => {
    const out = join(net.dir, 'analyst-csv');
    const dict = dictionaryOf(out);
    const R = readFileSync(join(out, 'load.R'), 'utf8');
    const stata = readFileSync(join(out, 'load.do'), 'utf8');
    const rClass: Record<string, string> = {
      text: 'character',
      integer: 'integer',
      double: 'numeric',
      date: 'Date',
      factor: 'character',
      multi: 'character',
    };
    const q = (s: string): string => JSON.stringify(s);
    for (const t of [...new Set(dict.map((d) => d.table))]) {
      const rBlock = R.slice(R.indexOf(`# ${t}:`), R.indexOf(`sitecrf[[${q(t)}]] <- d`));
      const sBlock = stata.slice(stata.indexOf(`* ${t}:`), stata.indexOf(`save \`"${t}.dta"'`));
      expect(rBlock).toContain(`file.path(sitecrf_dir, ${q(`${t}.csv`)})`);
      expect(sBlock).toContain(`import delimited using \`"${t}.csv"'`);
      const cols = dict.filter((d) => d.table === t);
      // colClasses names exactly the dictionary's columns, in order.
      const named = [...rBlock.matchAll(/^\s+"([^"]+)" = "([^"]+)"/gm)].map((m) => [m[1], m[2]]);
      expect(named).toEqual(cols.map((d) => [d.column, rClass[d.type]]));
      for (const d of cols) {
        expect(rBlock, `R label ${t}.${d.column}`).toContain(`attr(d[[${q(d.column)}]], "label") <- ${q(d.label)}`);
        expect(sBlock, `Stata label ${t}.${d.column}`).toContain(`label variable ${d.column} \`"${d.label}"'`);
        if (d.type === 'integer' || d.type === 'double') expect(sBlock).toContain(`destring ${d.column}, replace`);
        if (d.type === 'factor') {
          const codes = codesOf(d);
          expect(codes.length, `${t}.${d.column}`).toBeGreaterThan(0);
          const labels = d.levels.split('; ').map((l) => l.slice(l.indexOf('=') + 1));
          expect(rBlock).toContain(
            `factor(d[[${q(d.column)}]], levels = c(${codes.map(q).join(', ')}),\n    labels = c(${labels.map(q).join(', ')}))`,
          );
          codes.forEach((c, i) => expect(sBlock).toContain(`replace __f = ${i + 1} if ${d.column} == \`"${c}"'`));
          const def = sBlock.match(
            new RegExp(`label define (\\S+) (.*), replace\\n(?:.*\\n){2}label values ${d.column} \\1`),
          );
          expect(def, `Stata value label of ${t}.${d.column}`).not.toBeNull();
          labels.forEach((l, i) => expect(def![2]).toContain(`${i + 1} \`"${l.slice(0, 80)}"'`));
        } else expect(rBlock).not.toContain(`factor(d[[${q(d.column)}]]`);
      }
    }
  });

  it('refuses a value its typed column would lose, naming site, subject and column, and writes nothing', async () => {
    const store = await Store.open(storePath);
    try {
      await store.run('BEGIN TRANSACTION');
      const victim = expected.get('PROC')![0]!;
      const subject = String(victim.data.subject_id);
      const numeric = Object.entries(victim.data).find(([k, v]) => typeof v === 'number' && !k.endsWith('_day'))!;
      await store.run(
        `UPDATE sheet_rows SET data = json_merge_patch(data, json_object($1, 'about 3')) WHERE sheet = 'PROC' AND subject_id = $2`,
        [numeric[0], subject],
      );
      const out = join(net.dir, 'refused');
      await expect(analystExport(store, { format: 'csv', out })).rejects.toThrow(
        new RegExp(`PROC\\.${numeric[0]}: site ${victim.site}, subject ${subject} holds "about 3"`),
      );
      expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
      await store.run('ROLLBACK');
      // A folder that holds something is never written into.
      await expect(analystExport(store, { format: 'csv', out: join(net.dir, 'analyst-csv') })).rejects.toThrow(
        /not empty/,
      );
    } finally {
      store.close();
    }
  });
});
