/**
 * The sponsor's side at scale, one operation per fresh process so that its peak RSS is its own
 * (bench/sponsor-scale.ts). Prints one JSON line: {seconds, maxRssMb, ...}.
 *   read FILE…                 the six read-backs (the bounded reader, rows kept), summed
 *   floor DB FILE…             DuckDB appending the same rows from memory (rows read first, untimed)
 *   init STORE FILE            sponsor init from one workbook (untimed by the bench's import row)
 *   import STORE FILE…         sitecrf sponsor import of the files (the CLI's entry, in this process)
 *   report STORE OUT           sponsor report: the tables aggregated in DuckDB → study-tables.json/.xlsx
 *   export STORE FORMAT OUT    sponsor export --format csv|parquet
 */
import { performance } from 'node:perf_hooks';

// Each operation loads its own modules (dynamic imports below), as the CLI does: a module one
// step does not use must not count in that step's peak RSS.
const [op, ...args] = process.argv.slice(2) as [string, ...string[]];
const rssMb = (): number => process.resourceUsage().maxRSS / 1024;
const done = (o: Record<string, unknown>): void => {
  // CPU of the whole process (start-up included): on a loaded machine wall time says little.
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ ...o, maxRssMb: rssMb(), cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
};

async function read(files: string[]): Promise<void> {
  const { readSubmission } = await import('../../main/export/workbook-reader');
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
  // The import's allocator setting first (it must precede DuckDB): the floor runs DuckDB as the import does.
  (await import('../../main/sponsor/allocator')).returnFreedMemoryAtOnce();
  const [{ DuckDBInstance }, { readSubmission }, { SCHEMA_SQL }] = await Promise.all([
    import('@duckdb/node-api'),
    import('../../main/export/workbook-reader'),
    import('../../main/sponsor/schema'),
  ]);
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
  const { initStore } = await import('../../main/sponsor/init');
  const t = performance.now();
  const store = await initStore(path, file);
  store.close();
  done({ seconds: (performance.now() - t) / 1000 });
}

/**
 * The import as `sitecrf sponsor import --store STORE FILE…` runs it: the CLI's own entry (the
 * modules it loads, one transaction per file, the store closed and checkpointed at the end), so
 * that the peak RSS is the command's. Each file's time is read off the line the CLI prints for it.
 */
async function importAll(path: string, files: string[]): Promise<void> {
  const { main } = await import('../../main/cli/index');
  const marks: number[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const lines: string[] = [];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    const text = String(chunk);
    if (/: imported as submission #/.test(text)) marks.push(performance.now());
    lines.push(text);
    return true;
  }) as typeof process.stdout.write;
  const t = performance.now();
  let code: number;
  try {
    code = await main(['node', 'sitecrf', 'sponsor', 'import', '--store', path, ...files]);
  } finally {
    process.stdout.write = write;
  }
  const seconds = (performance.now() - t) / 1000;
  if (code !== 0 || marks.length !== files.length)
    throw new Error(
      `sitecrf sponsor import exited ${code}, ${marks.length} of ${files.length} imported:\n${lines.join('')}`,
    );
  const each = marks.map((m, i) => (m - (i ? marks[i - 1]! : t)) / 1000);
  done({ seconds, each });
}

async function report(path: string, out: string): Promise<void> {
  const [{ Store }, { studyOfStore }, { tablesSpecOf }, { studyTablesFromStore }, { writeStudyTables }] =
    await Promise.all([
      import('../../main/sponsor/store'),
      import('../../main/sponsor/study-file'),
      import('../../main/sponsor/report/spec'),
      import('../../main/sponsor/report/sql/index'),
      import('../../main/sponsor/report/write'),
    ]);
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
  const [{ Store }, { analystExport }] = await Promise.all([
    import('../../main/sponsor/store'),
    import('../../main/sponsor/analyst/export'),
  ]);
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
