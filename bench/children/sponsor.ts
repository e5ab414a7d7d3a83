/**
 * The sponsor's side at scale, one operation per fresh process so that its peak RSS is its own
 * (bench/sponsor-scale.ts). Prints one JSON line: {seconds, maxRssMb, ...}.
 *   read FILE…                 the six read-backs (the bounded reader, rows kept), summed
 *   floor DB FILE…             DuckDB appending the same rows from memory (rows read first, untimed)
 *   init STORE FILE            sponsor init from one workbook (untimed by the bench's import row)
 *   import STORE FILE…         sponsor import of each file into the store
 *   report STORE OUT           sponsor report: the tables aggregated in DuckDB → study-tables.json/.xlsx
 *   export STORE FORMAT OUT    sponsor export --format csv|parquet
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { readSubmission } from '../../main/export/workbook-reader';
import { analystExport } from '../../main/sponsor/analyst/export';
import { importWorkbook } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import { tablesSpecOf } from '../../main/sponsor/report/spec';
import { studyTablesFromStore } from '../../main/sponsor/report/sql/index';
import { writeStudyTables } from '../../main/sponsor/report/write';
import { SCHEMA_SQL } from '../../main/sponsor/schema';
import { Store } from '../../main/sponsor/store';
import { studyOfStore } from '../../main/sponsor/study-file';

const [op, ...args] = process.argv.slice(2) as [string, ...string[]];
const rssMb = (): number => process.resourceUsage().maxRSS / 1024;
const done = (o: Record<string, unknown>): void => {
  // CPU of the whole process (start-up included): on a loaded machine wall time says little.
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ ...o, maxRssMb: rssMb(), cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
};

async function read(files: string[]): Promise<void> {
  let seconds = 0;
  let rows = 0;
  for (const f of files) {
    const t = performance.now();
    const r = await readSubmission(f);
    seconds += (performance.now() - t) / 1000;
    if (!r.hashCheck.ok) throw new Error(`${f}: does not verify`);
    for (const s of Object.values(r.sheets)) rows += s.length;
  }
  done({ seconds, rows });
}

/** The rows as the import stores them (sheet_rows), held in memory, then appended: the floor. */
async function floor(db: string, files: string[]): Promise<void> {
  type R = [number, string, string, number, string | null, number | null, string];
  const all: R[] = [];
  for (const [i, f] of files.entries()) {
    const r = await readSubmission(f);
    for (const [sheet, rows] of Object.entries(r.sheets))
      rows.forEach((row, n) =>
        all.push([
          i + 1,
          r.cover.site.code,
          sheet,
          n + 1,
          row.subject_id === null || row.subject_id === undefined ? null : String(row.subject_id),
          typeof row.instance === 'number' ? row.instance : null,
          JSON.stringify(row),
        ]),
      );
  }
  const t = performance.now();
  const inst = await DuckDBInstance.create(db);
  const conn = await inst.connect();
  await conn.run(SCHEMA_SQL);
  const app = await conn.createAppender('sheet_rows');
  for (const [id, site, sheet, n, sid, instance, data] of all) {
    app.appendInteger(id);
    app.appendVarchar(site);
    app.appendVarchar(sheet);
    app.appendInteger(n);
    if (sid === null) app.appendNull();
    else app.appendVarchar(sid);
    if (instance === null) app.appendNull();
    else app.appendInteger(instance);
    app.appendVarchar(data);
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
  await conn.run('CHECKPOINT');
  conn.closeSync();
  inst.closeSync();
  done({ seconds: (performance.now() - t) / 1000, rows: all.length });
}

async function init(path: string, file: string): Promise<void> {
  const t = performance.now();
  const store = await initStore(path, file);
  store.close();
  done({ seconds: (performance.now() - t) / 1000 });
}

async function importAll(path: string, files: string[]): Promise<void> {
  const store = await Store.open(path);
  const t = performance.now();
  const each: number[] = [];
  try {
    for (const f of files) {
      const t0 = performance.now();
      const r = await importWorkbook(store, f);
      if (r.status !== 'imported') throw new Error(r.message);
      each.push((performance.now() - t0) / 1000);
    }
    await store.run('CHECKPOINT');
  } finally {
    store.close();
  }
  done({ seconds: (performance.now() - t) / 1000, each });
}

async function report(path: string, out: string): Promise<void> {
  const store = await Store.open(path);
  try {
    const t = performance.now();
    const study = await studyOfStore(store);
    const spec = tablesSpecOf(study);
    const studied = performance.now();
    const tables = await studyTablesFromStore(store, study, { spec });
    const computed = performance.now();
    await writeStudyTables(tables, out);
    const end = performance.now();
    const [n] = await store.all('SELECT count(*) AS n FROM current_rows WHERE sheet = $1', [spec.subjectSheet]);
    done({
      seconds: (end - t) / 1000,
      studySeconds: (studied - t) / 1000,
      tablesSeconds: (computed - studied) / 1000,
      writeSeconds: (end - computed) / 1000,
      subjects: Number(n!.n),
    });
  } finally {
    store.close();
  }
}

async function exportAs(path: string, format: string, out: string): Promise<void> {
  const store = await Store.open(path);
  try {
    const t = performance.now();
    const r = await analystExport(store, { format: format as 'csv' | 'parquet', out });
    done({ seconds: (performance.now() - t) / 1000, rows: r.tables.reduce((a, x) => a + x.rows, 0) });
  } finally {
    store.close();
  }
}

switch (op) {
  case 'read':
    await read(args);
    break;
  case 'floor':
    await floor(args[0]!, args.slice(1));
    break;
  case 'init':
    await init(args[0]!, args[1]!);
    break;
  case 'import':
    await importAll(args[0]!, args.slice(1));
    break;
  case 'report':
    await report(args[0]!, args[1]!);
    break;
  case 'export':
    await exportAs(args[0]!, args[1]!, args[2]!);
    break;
  default:
    throw new Error(`unknown operation ${op}`);
}
