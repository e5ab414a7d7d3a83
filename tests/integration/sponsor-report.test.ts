/**
 * The study tables from a pooled store of the six-site network, every number checked against an
 * independent computation: DuckDB SQL over the store's current rows (aggregates, joins and the
 * t statistic done by the database, not by the report's code).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import jStat from 'jstat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStudy } from '../../shared/studies';
import type { Cell } from '../../main/export/layout';
import { studyTables, type StudyTables } from '../../main/sponsor/report/index';
import { columnsNeeded, pooledFromStore, pooledFromWorkbooks } from '../../main/sponsor/report/load';
import { tablesSpecOf, type Column } from '../../main/sponsor/report/spec';
import { studyTablesFromStore } from '../../main/sponsor/report/sql/index';
import type { StudyTable } from '../../main/sponsor/report/table';
import type { Store } from '../../main/sponsor/store';
import { makeNetwork, NETWORK_NOW, type NetworkFixture } from '../support/network-fixture';
import { pooledStore } from '../support/pooled-store';
import { sitecrf } from './site-fixture';

const study = getStudy('SACRO');
const spec = tablesSpecOf(study);
let net: NetworkFixture;
let store: Store;
let t: StudyTables;
const files = (): string[] => net.sites.flatMap((s) => s.workbooks);

beforeAll(async () => {
  net = await makeNetwork({ months: 2 });
  store = await pooledStore(net.dir, files());
  // As `sponsor report` makes them: aggregated by DuckDB in the store.
  t = await studyTablesFromStore(store, study, { asOf: NETWORK_NOW });
}, 900_000);
afterAll(() => {
  store?.close();
  net?.cleanup();
});

const table = (id: string): StudyTable => {
  const x = t.tables.find((tb) => tb.id === id);
  if (!x) throw new Error(`no table ${id}`);
  return x;
};
const cellOf = (tb: StudyTable, row: Cell[], col: string): Cell => row[tb.columns.findIndex((c) => c.id === col)]!;
const close = (a: Cell, b: number | null, digits = 2): void => {
  if (b === null) expect(a).toBeNull();
  else expect(Math.abs((a as number) - b), `${a} vs ${b}`).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9);
};
const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Subjects with their group (stratum code), each subject once in its stratum and once in ALL. */
function subjectsSql(): string {
  const st = spec.stratum!;
  return `WITH s AS (
      SELECT d.subject_id, st.data->>${q(st.column)} AS grp FROM current_rows d
      LEFT JOIN current_rows st ON st.sheet = ${q(st.sheet)} AND st.subject_id = d.subject_id
      WHERE d.sheet = ${q(spec.subjectSheet)}),
    g AS (SELECT subject_id, grp FROM s UNION ALL SELECT subject_id, 'ALL' FROM s)`;
}
const numberOf = (alias: string, col: string): string =>
  `CASE WHEN json_type(${alias}.data->${q(col)}) IN ('UBIGINT','BIGINT','DOUBLE') THEN (${alias}.data->>${q(col)})::DOUBLE END`;
function valueJoin(col: Column, alias: string): string {
  return `LEFT JOIN current_rows ${alias} ON ${alias}.sheet = ${q(col.sheet)} AND ${alias}.subject_id = g.subject_id`;
}

describe('sponsor report', () => {
  it('enrollment: by site and month, the first submission holding each subject (SQL)', async () => {
    const tb = table('enrollment');
    const sql = await store.all(`
      WITH firsts AS (
        SELECT r.site, r.subject_id, min(s.period) AS period FROM sheet_rows r JOIN submissions s ON s.id = r.submission_id
        WHERE r.sheet = ${q(spec.subjectSheet)} GROUP BY r.site, r.subject_id)
      SELECT site, period, count(*) AS n FROM firsts GROUP BY site, period`);
    expect(sql.length).toBeGreaterThan(0);
    for (const r of sql) {
      const row = tb.rows.find((x) => x[0] === r.site)!;
      expect(cellOf(tb, row, String(r.period))).toBe(Number(r.n));
    }
    const all = tb.rows.find((x) => x[0] === 'ALL')!;
    expect(cellOf(tb, all, 'total')).toBe(243);
    expect(tb.rows.length).toBe(7);
  });

  it('characteristics: counts per code and age by group (SQL)', async () => {
    const tb = table('characteristics');
    const groups = [...spec.stratum!.codes.map((c) => c.code), 'ALL'];
    const size = await store.all(`${subjectsSql()} SELECT grp, count(*) AS n FROM g GROUP BY grp`);
    const subjects = tb.rows.find((r) => r[0] === 'Subjects')!;
    for (const r of size) expect(cellOf(tb, subjects, `${r.grp}_n`)).toBe(Number(r.n));
    expect(cellOf(tb, subjects, 'ALL_n')).toBe(243);
    for (const col of spec.characteristics) {
      const counts = await store.all(
        `${subjectsSql()} SELECT g.grp, v.data->>${q(col.column)} AS code, count(*) AS n FROM g ${valueJoin(col, 'v')} GROUP BY 1, 2`,
      );
      for (const code of col.codes) {
        const row = tb.rows.find((r) => r[0] === col.label && r[1] === code.label)!;
        for (const grp of groups) {
          const n = Number(counts.find((c) => c.grp === grp && c.code === code.code)?.n ?? 0);
          expect(cellOf(tb, row, `${grp}_n`), `${col.column}=${code.code} ${grp}`).toBe(n);
        }
      }
    }
    const age = spec.age!;
    const ages = await store.all(
      `${subjectsSql()} SELECT g.grp, count(${numberOf('v', age.column.column)}) AS n, avg(${numberOf('v', age.column.column)}) AS m,
         stddev_samp(${numberOf('v', age.column.column)}) AS sd,
         count(*) FILTER (WHERE (v.data->>${q(age.column.column)}) = ${q(`${age.topCode + 1}+`)}) AS top
       FROM g ${valueJoin(age.column, 'v')} GROUP BY 1`,
    );
    const mean = tb.rows.find((r) => r[0] === age.column.label && String(r[1]).startsWith('mean'))!;
    const top = tb.rows.find((r) => r[0] === age.column.label && r[1] === `${age.topCode + 1}+`)!;
    for (const a of ages) {
      expect(cellOf(tb, mean, `${a.grp}_n`)).toBe(Number(a.n));
      close(cellOf(tb, mean, `${a.grp}_mean`), Number(a.m));
      close(cellOf(tb, mean, `${a.grp}_sd`), Number(a.sd));
      expect(cellOf(tb, top, `${a.grp}_n`)).toBe(Number(a.top));
    }
    // The top-coded ages are counted apart, never averaged: every subject has one or the other.
    expect(Number(ages.find((a) => a.grp === 'ALL')!.n) + Number(ages.find((a) => a.grp === 'ALL')!.top)).toBe(243);
  });

  it('characteristics: the numbers of the specification described by n, mean and SD per group (SQL)', async () => {
    const tb = table('characteristics');
    const numeric = spec.characteristics.filter((c) => c.type === 'int' || c.type === 'decimal');
    // The study definition switches these on (summary.characteristics): numbers and codes.
    expect(numeric.length).toBeGreaterThan(0);
    expect(spec.characteristics.length).toBeGreaterThan(numeric.length + 1);
    for (const col of numeric) {
      const x = numberOf('v', col.column);
      const r = await store.all(
        `${subjectsSql()} SELECT g.grp, count(${x}) AS n, avg(${x}) AS m, stddev_samp(${x}) AS sd FROM g ${valueJoin(col, 'v')} GROUP BY 1`,
      );
      expect(r.length).toBe(3);
      const row = tb.rows.find((y) => y[0] === col.label && y[1] === 'mean ± SD')!;
      expect(row, col.label).toBeDefined();
      for (const g of r) {
        expect(cellOf(tb, row, `${g.grp}_n`), `${col.column} ${g.grp}`).toBe(Number(g.n));
        close(cellOf(tb, row, `${g.grp}_mean`), Number(g.m));
        close(cellOf(tb, row, `${g.grp}_sd`), Number(g.sd));
      }
    }
  });

  it('outcomes: n, mean ± SD, paired change with 95% CI and paired t-test p (SQL)', async () => {
    const tb = table('outcomes');
    const o = spec.outcome!;
    const pre = o.pre.column;
    for (const pt of o.post) {
      const r = await store.all(`${subjectsSql()},
        x AS (SELECT g.grp, ${numberOf('a', pre.column)} AS pre, ${numberOf('b', pt.column.column)} AS post
              FROM g ${valueJoin(pre, 'a')} ${valueJoin(pt.column, 'b')})
        SELECT grp, count(post) AS n, avg(post) AS m, stddev_samp(post) AS sd,
          count(post - pre) AS pn, avg(post - pre) AS dm, stddev_samp(post - pre) AS dsd,
          avg(post - pre) / (stddev_samp(post - pre) / sqrt(count(post - pre))) AS t
        FROM x GROUP BY grp`);
      expect(r.length).toBe(3);
      for (const x of r) {
        const row = tb.rows.find((y) => y[0] === x.grp && y[1] === pt.label)!;
        expect(cellOf(tb, row, 'n')).toBe(Number(x.n));
        close(cellOf(tb, row, 'mean'), Number(x.m));
        close(cellOf(tb, row, 'sd'), Number(x.sd));
        expect(cellOf(tb, row, 'paired_n')).toBe(Number(x.pn));
        close(cellOf(tb, row, 'change_mean'), Number(x.dm));
        const half = (jStat.studentt.inv(0.975, Number(x.pn) - 1) * Number(x.dsd)) / Math.sqrt(Number(x.pn));
        close(cellOf(tb, row, 'change_ci_low'), Number(x.dm) - half);
        close(cellOf(tb, row, 'change_ci_high'), Number(x.dm) + half);
        const p = 2 * jStat.studentt.cdf(-Math.abs(Number(x.t)), Number(x.pn) - 1);
        const got = cellOf(tb, row, 'p_value') as number;
        expect(got).toBeGreaterThan(0);
        expect(Math.abs(got - p) / p).toBeLessThan(0.01);
      }
    }
    const base = await store.all(
      `${subjectsSql()} SELECT g.grp, count(${numberOf('a', pre.column)}) AS n, avg(${numberOf('a', pre.column)}) AS m FROM g ${valueJoin(pre, 'a')} GROUP BY 1`,
    );
    for (const x of base) {
      const row = tb.rows.find((y) => y[0] === x.grp && y[1] === o.pre.label)!;
      expect(cellOf(tb, row, 'n')).toBe(Number(x.n));
      close(cellOf(tb, row, 'mean'), Number(x.m));
    }
  });

  it('responders: yes among the evaluable (SQL)', async () => {
    // The table exists exactly when the specification names responders or categorical outcomes.
    expect(t.tables.some((x) => x.id === 'responders')).toBe(spec.responders.length + spec.changes.length > 0);
    if (!spec.responders.length) return;
    const tb = table('responders');
    for (const r of spec.responders) {
      const x =
        await store.all(`${subjectsSql()} SELECT g.grp, count(*) FILTER (WHERE (v.data->>${q(r.column.column)}) = 'Y') AS y,
          count(*) FILTER (WHERE (v.data->>${q(r.column.column)}) IN ('Y', 'N')) AS n FROM g ${valueJoin(r.column, 'v')} GROUP BY 1`);
      for (const g of x) {
        const row = tb.rows.find((y) => y[0] === g.grp && y[1] === r.column.label)!;
        expect(cellOf(tb, row, 'n')).toBe(Number(g.y));
        expect(cellOf(tb, row, 'of')).toBe(Number(g.n));
      }
    }
  });

  it('complications: major and minor events and subjects by group (SQL)', async () => {
    const tb = table('complications');
    const cx = spec.complications!;
    const st = spec.stratum!;
    const list = (xs: string[]): string => xs.map(q).join(', ');
    const r = await store.all(`
      WITH e AS (SELECT a.subject_id, a.data->>${q(cx.grade.column)} AS grade, st.data->>${q(st.column)} AS grp
                 FROM current_rows a LEFT JOIN current_rows st ON st.sheet = ${q(st.sheet)} AND st.subject_id = a.subject_id
                 WHERE a.sheet = ${q(cx.sheet)}),
           ee AS (SELECT * FROM e UNION ALL SELECT subject_id, grade, 'ALL' FROM e)
      SELECT grp, CASE WHEN grade IN (${list(cx.major)}) THEN 'major' WHEN grade IN (${list(cx.minor)}) THEN 'minor' END AS class,
        count(*) AS events, count(DISTINCT subject_id) AS subjects FROM ee GROUP BY 1, 2`);
    for (const x of r) {
      if (x.class === null) continue;
      const row = tb.rows.find((y) => y[0] === x.class)!;
      expect(cellOf(tb, row, `${x.grp}_events`)).toBe(Number(x.events));
      expect(cellOf(tb, row, `${x.grp}_subjects`)).toBe(Number(x.subjects));
    }
    // The network carries the paper's one major complication (radicular pain, decompressed).
    expect(
      cellOf(
        tb,
        tb.rows.find((y) => y[0] === 'major')!,
        'ALL_events',
      ),
    ).toBe(1);
  });

  it('analgesic change and the like: each code among the answered, per group and follow-up (SQL)', async () => {
    expect(spec.changes.length).toBeGreaterThan(0);
    const tb = table('responders');
    for (const col of spec.changes) {
      const codes = col.codes.map((c) => q(c.code)).join(', ');
      const r = await store.all(
        `${subjectsSql()} SELECT g.grp, v.data->>${q(col.column)} AS code, count(*) AS n,
           sum(count(*) FILTER (WHERE (v.data->>${q(col.column)}) IN (${codes}))) OVER (PARTITION BY g.grp) AS answered
         FROM g ${valueJoin(col, 'v')} GROUP BY 1, 2`,
      );
      for (const grp of [...spec.stratum!.codes.map((c) => c.code), 'ALL'])
        for (const code of col.codes) {
          const row = tb.rows.find(
            (y) => y[0] === grp && y[1] === `${col.label} (${col.sheet})` && y[2] === code.label,
          )!;
          expect(row, `${col.sheet} ${code.code} ${grp}`).toBeDefined();
          const hit = r.find((x) => x.grp === grp && x.code === code.code);
          expect(cellOf(tb, row, 'n'), `${col.sheet} ${code.code} ${grp}`).toBe(Number(hit?.n ?? 0));
          expect(cellOf(tb, row, 'of')).toBe(Number(r.find((x) => x.grp === grp)?.answered ?? 0));
        }
    }
  });

  it('complications by term and relation: events and subjects per group and class (SQL)', async () => {
    const cx = spec.complications!;
    expect(cx.term).not.toBeNull();
    expect(cx.relation).not.toBeNull();
    const tb = table('complications-by-term');
    const st = spec.stratum!;
    const list = (xs: string[]): string => xs.map(q).join(', ');
    const r = await store.all(`
      WITH e AS (SELECT a.subject_id, a.data->>${q(cx.grade.column)} AS grade, a.data->>${q(cx.term!.column)} AS term,
                   a.data->>${q(cx.relation!.column)} AS rel, st.data->>${q(st.column)} AS grp
                 FROM current_rows a LEFT JOIN current_rows st ON st.sheet = ${q(st.sheet)} AND st.subject_id = a.subject_id
                 WHERE a.sheet = ${q(cx.sheet)}),
           ee AS (SELECT * FROM e UNION ALL SELECT subject_id, grade, term, rel, 'ALL' FROM e),
           c AS (SELECT *, CASE WHEN grade IN (${list(cx.major)}) THEN 'major' WHEN grade IN (${list(cx.minor)}) THEN 'minor' END AS class FROM ee)
      SELECT grp, term, rel, class, count(*) AS events, count(DISTINCT subject_id) AS subjects
      FROM c WHERE class IS NOT NULL GROUP BY ALL`);
    expect(r.length).toBeGreaterThan(0);
    const label = (codes: { code: string; label: string }[], c: unknown): string =>
      codes.find((x) => x.code === c)!.label;
    // One line per term, relation and class that has an event, nothing else.
    const lines = new Set(r.map((x) => `${String(x.term)}|${String(x.rel)}|${String(x.class)}`));
    expect(tb.rows.length).toBe(lines.size);
    for (const x of r) {
      const row = tb.rows.find(
        (y) => y[0] === label(cx.term!.codes, x.term) && y[1] === label(cx.relation!.codes, x.rel) && y[2] === x.class,
      )!;
      expect(row, `${String(x.term)} ${String(x.rel)} ${String(x.class)}`).toBeDefined();
      expect(cellOf(tb, row, `${x.grp}_events`)).toBe(Number(x.events));
      expect(cellOf(tb, row, `${x.grp}_subjects`)).toBe(Number(x.subjects));
    }
  });

  it("data quality: open queries, days since the last export, the site's completeness (SQL)", async () => {
    const tb = table('data-quality');
    const r = await store.all(`SELECT s.site, s.period, s.exported_at,
        (SELECT count(*) FROM current_rows q WHERE q.site = s.site AND q.sheet = 'Queries' AND (q.data->>'status') = 'open') AS open
        FROM submissions s WHERE s.is_current`);
    expect(tb.rows.length).toBe(6);
    for (const x of r) {
      const row = tb.rows.find((y) => y[0] === x.site)!;
      expect(cellOf(tb, row, 'last_period')).toBe(x.period);
      expect(cellOf(tb, row, 'open_queries_site')).toBe(Number(x.open));
      expect(cellOf(tb, row, 'days_since_last_submission')).toBe(
        Math.floor((NETWORK_NOW.getTime() - Date.parse(String(x.exported_at))) / 86_400_000),
      );
    }
    const c = await store.all(`SELECT site, data->>'item' AS item, (data->>'value')::DOUBLE AS v FROM current_rows
        WHERE sheet = 'Summary' AND (data->>'section') = 'completeness'`);
    for (const x of c)
      close(
        cellOf(
          tb,
          tb.rows.find((y) => y[0] === x.site)!,
          `complete_${x.item}`,
        ),
        Number(x.v),
        3,
      );
  });

  it('gives the same tables in DuckDB as the in-memory path, from the columns it reads or the whole rows', async () => {
    const needed = columnsNeeded(spec);
    expect(needed.get(spec.outcome!.pre.column.sheet)).toContain(spec.outcome!.pre.column.column);
    const columns = studyTables(study, await pooledFromStore(store, spec.subjectSheet, spec), { asOf: NETWORK_NOW });
    const whole = studyTables(study, await pooledFromStore(store, spec.subjectSheet), { asOf: NETWORK_NOW });
    // Every table, every cell: the SQL path replaced the in-memory one for the store.
    expect(t.tables.length).toBeGreaterThanOrEqual(7);
    expect(columns).toEqual(t);
    expect(whole).toEqual(t);
  });

  it("takes a subject's last row, as the in-memory path does, when a sheet holds two for it", async () => {
    const col = spec.outcome!.pre.column;
    try {
      // A second row for one subject with another value (no SiteCRF workbook has one).
      await store.run(
        `INSERT INTO sheet_rows SELECT submission_id, site, sheet, row_no + 100000, subject_id, instance,
           json_merge_patch(data, json_object(${q(col.column)}, 0)) FROM current_rows
         WHERE sheet = ${q(col.sheet)} AND subject_id = (SELECT min(subject_id) FROM current_rows WHERE sheet = ${q(col.sheet)})`,
      );
      const sql = await studyTablesFromStore(store, study, { asOf: NETWORK_NOW });
      const mem = studyTables(study, await pooledFromStore(store, spec.subjectSheet, spec), { asOf: NETWORK_NOW });
      expect(sql).toEqual(mem);
      const before = (x: StudyTables): Cell[] =>
        x.tables
          .find((tb) => tb.id === 'outcomes')!
          .rows.find((r) => r[0] === 'ALL' && r[1] === spec.outcome!.pre.label)!;
      // The same subjects, one value changed: n stays, the mean moves.
      expect(before(sql)[2]).toBe(before(t)[2]);
      expect(before(sql)[3]).not.toBe(before(t)[3]);
    } finally {
      await store.run('DELETE FROM sheet_rows WHERE row_no > 100000');
    }
    // The row gone, the kept frame is made again: the tables as before.
    expect(await studyTablesFromStore(store, study, { asOf: NETWORK_NOW })).toEqual(t);
  });

  it('keeps its parsed columns in the store until another submission becomes current', async () => {
    const kept = (await store.meta()).report_frame;
    expect(kept).toMatch(/^[0-9a-f]{64}$/);
    // Read again from the kept frame, and made afresh without it: the same tables.
    expect(await studyTablesFromStore(store, study, { asOf: NETWORK_NOW })).toEqual(t);
    expect(await studyTablesFromStore(store, study, { asOf: NETWORK_NOW, cache: false })).toEqual(t);
    expect((await store.meta()).report_frame).toBe(kept);
    const current = await store.all('SELECT id FROM submissions WHERE is_current');
    try {
      // One site's earlier submission current again: the kept frame no longer fits.
      const [site] = await store.all(
        'SELECT site, min(period) AS first FROM submissions GROUP BY site ORDER BY site LIMIT 1',
      );
      await store.run('UPDATE submissions SET is_current = (period = $2) WHERE site = $1', [
        String(site!.site),
        String(site!.first),
      ]);
      const sql = await studyTablesFromStore(store, study, { asOf: NETWORK_NOW });
      expect((await store.meta()).report_frame).not.toBe(kept);
      const mem = studyTables(study, await pooledFromStore(store, spec.subjectSheet, spec), { asOf: NETWORK_NOW });
      expect(sql.tables).toEqual(mem.tables);
      const all = (x: StudyTables): Cell => x.tables.find((tb) => tb.id === 'characteristics')!.rows[0]!.at(-4)!;
      expect(all(sql)).toBeLessThan(all(t) as number);
    } finally {
      await store.run(`UPDATE submissions SET is_current = id IN (${current.map((r) => Number(r.id)).join(', ')})`);
    }
    // The store as it was: the same key, the same tables.
    expect(await studyTablesFromStore(store, study, { asOf: NETWORK_NOW })).toEqual(t);
    expect((await store.meta()).report_frame).toBe(kept);
  });

  it('gives the same tables from the workbooks themselves as from the store', async () => {
    const fromFiles = studyTables(study, await pooledFromWorkbooks(files(), spec.subjectSheet), { asOf: NETWORK_NOW });
    expect(fromFiles.tables).toEqual(t.tables);
  });

  it('sitecrf sponsor report writes study-tables.json and a workbook with one sheet per table', async () => {
    store.close();
    const out = join(net.dir, 'report');
    const r = sitecrf(['sponsor', 'report', '--store', join(net.dir, 'study.duckdb'), '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'study-tables.json'), 'utf8')) as StudyTables;
    expect(json.tables.map((x) => x.id)).toEqual(t.tables.map((x) => x.id));
    // Same numbers but the data-quality days, which count to the moment it ran.
    expect(json.tables.filter((x) => x.id !== 'data-quality')).toEqual(t.tables.filter((x) => x.id !== 'data-quality'));
    for (const x of json.tables) expect(Object.keys(x).sort()).toEqual(['columns', 'id', 'rows', 'title']);
    expect(existsSync(join(out, 'study-tables.xlsx'))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'study-tables.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Contents', ...t.tables.map((x) => x.id)]);
    const outcomes = wb.getWorksheet('outcomes')!;
    // Codes row, labels row, then the rows as the JSON has them.
    expect(outcomes.getRow(1).getCell(1).value).toBe('group');
    const j = json.tables.find((x) => x.id === 'outcomes')!;
    expect(outcomes.getRow(3).getCell(4).value).toBe(j.rows[0]![3]);
    expect(outcomes.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    store = await (await import('../../main/sponsor/store')).Store.open(join(net.dir, 'study.duckdb'));
  }, 300_000);
});
