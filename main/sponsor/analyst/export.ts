/**
 * `sitecrf sponsor export`: the pooled study for analysts, one typed table per data sheet with a
 * site column, written by DuckDB (COPY ... TO) as CSV (pooled, and one folder per site) or as
 * Parquet partitioned by site (a hive layout DuckDB, Spark, Trino and Arrow read as one
 * dataset). Beside the data: dictionary.csv (every column with its type and codes), tables.csv
 * (rows per table and site) and the R (and, for CSV, Stata) script that loads them. Everything is
 * written under OUT.partial and renamed when complete, so a crash never leaves half an export.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { CrfError } from '../../../shared/errors';
import type { Store } from '../store';
import { studyOfStore } from '../study-file';
import { analystTables, type AnalystTable } from './columns';
import { rScript } from './script-r';
import { stataScript } from './script-stata';
import { checkLossless, ident, lit, selectSql } from './sql';

export const exportOptionsSchema = z.object({
  format: z.enum(['csv', 'parquet'], { error: '--format: csv or parquet' }),
  out: z.string().min(1, '--out: a folder that does not exist yet (or is empty)'),
});
export type ExportOptions = z.infer<typeof exportOptionsSchema>;

export interface ExportResult {
  out: string;
  files: string[];
  tables: { name: string; rows: number; bySite: Record<string, number> }[];
}

/** A CSV cell: quoted when it must be (RFC 4180). */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const csvLines = (rows: (string | number | null)[][]): string =>
  `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;

function dictionaryCsv(tables: AnalystTable[]): string {
  const rows: (string | number | null)[][] = [
    ['table', 'column', 'label', 'type', 'levels', 'unit', 'origin', 'code_of'],
  ];
  for (const t of tables)
    for (const c of t.columns)
      rows.push([
        t.name,
        c.name,
        c.label,
        c.type,
        c.levels.map((l) => `${l.code}=${l.label}`).join('; ') || null,
        c.unit,
        c.origin,
        c.codeOf,
      ]);
  return csvLines(rows);
}

function emptyOrAbsent(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

export async function analystExport(store: Store, raw: ExportOptions): Promise<ExportResult> {
  const opts = exportOptionsSchema.parse(raw);
  const out = opts.out;
  if (!emptyOrAbsent(out))
    throw new CrfError({
      code: 'CONFLICT',
      field: 'out',
      rule: 'new',
      message: `${out} is not empty: choose a new folder`,
    });
  const study = await studyOfStore(store);
  const profiles = (await store.all('SELECT DISTINCT profile FROM submissions WHERE is_current ORDER BY 1')).map((r) =>
    String(r.profile),
  );
  const sites = (await store.all('SELECT site FROM submissions WHERE is_current ORDER BY site')).map((r) =>
    String(r.site),
  );
  const tables = analystTables(study, profiles);
  const known = new Set(tables.map((t) => t.name));
  const structural = new Set(['Cover', 'Summary', 'Changes', 'Queries', 'Dictionary']);
  for (const r of await store.all('SELECT DISTINCT sheet FROM current_rows ORDER BY 1')) {
    const s = String(r.sheet);
    if (!structural.has(s) && !known.has(s))
      throw new CrfError({
        code: 'VALIDATION',
        field: s,
        rule: 'sheet',
        message: `${s}: the pooled rows have a sheet the study definition does not export; nothing written`,
      });
  }
  for (const t of tables) await checkLossless(store, t);
  const scripts: [string, string][] = [['load.R', rScript(study.def.id, tables, opts.format)]];
  if (opts.format === 'csv') scripts.push(['load.do', stataScript(study.def.id, tables)]);

  const tmp = `${out.replace(/[\\/]+$/, '')}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const result: ExportResult = { out, files: [], tables: [] };
  try {
    for (const t of tables) {
      const temp = ident(`analyst_${t.name}`);
      await store.run(`CREATE OR REPLACE TEMP TABLE ${temp} AS ${selectSql(t)}`);
      try {
        const counts = await store.all(`SELECT site, count(*)::INTEGER AS n FROM ${temp} GROUP BY site ORDER BY site`);
        const bySite = Object.fromEntries(counts.map((c) => [String(c.site), Number(c.n)]));
        result.tables.push({ name: t.name, rows: Object.values(bySite).reduce((a, b) => a + b, 0), bySite });
        if (opts.format === 'csv') {
          await store.run(`COPY ${temp} TO ${lit(join(tmp, `${t.name}.csv`))} (FORMAT csv, HEADER true)`);
          result.files.push(`${t.name}.csv`);
          for (const site of sites) {
            mkdirSync(join(tmp, 'sites', site), { recursive: true });
            const f = join('sites', site, `${t.name}.csv`);
            await store.run(
              `COPY (SELECT * FROM ${temp} WHERE site = ${lit(site)}) TO ${lit(join(tmp, f))} (FORMAT csv, HEADER true)`,
            );
            result.files.push(f);
          }
        } else if (counts.length) {
          await store.run(
            `COPY ${temp} TO ${lit(join(tmp, t.name))} (FORMAT parquet, PARTITION_BY (site), COMPRESSION zstd)`,
          );
          // The partition files DuckDB wrote (site=X/data_N.parquet), so the count is of files.
          for (const f of readdirSync(join(tmp, t.name), { recursive: true, withFileTypes: true }))
            if (f.isFile()) result.files.push(relative(tmp, join(f.parentPath, f.name)));
        }
      } finally {
        await store.run(`DROP TABLE IF EXISTS ${temp}`);
      }
    }
    writeFileSync(join(tmp, 'dictionary.csv'), dictionaryCsv(tables));
    writeFileSync(
      join(tmp, 'tables.csv'),
      csvLines([
        ['table', 'title', 'site', 'rows'],
        ...result.tables.flatMap((x) => [
          ...sites.map((s) => [x.name, tables.find((t) => t.name === x.name)!.title, s, x.bySite[s] ?? 0]),
        ]),
      ]),
    );
    result.files.push('dictionary.csv', 'tables.csv');
    for (const [name, text] of scripts) {
      writeFileSync(join(tmp, name), text);
      result.files.push(name);
    }
    if (existsSync(out)) rmSync(out, { recursive: true });
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return result;
}
