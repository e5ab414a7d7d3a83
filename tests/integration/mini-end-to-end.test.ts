/**
 * The second study (MINI) from its file to the sponsor's tables, only through the `sitecrf`
 * command as a site and a sponsor would script it: two sites initialised from the study file,
 * entries, the monthly workbooks, `read`, then the sponsor's store, status, report and analyst
 * export. Nothing here knows a MINI field except the entries file, which is the user's input.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSponsorHost } from '../../main/host/sponsor-host';
import { api } from '../support/host';
import { sitecrf } from './site-fixture';

const STUDY = 'tests/fixtures/studies/mini.json';
const ADMIN = { SITECRF_PASSWORD: 'mini admin password 1' };
const CARLA = { SITECRF_PASSWORD: 'mini coordinator pass 1' };

let dir: string;
const workbooks: Record<string, string> = {};

/** One subject per entry group: ENROL + baseline VISIT (+ week 4 for the first). */
function entries(site: string, n: number) {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const as = `S${i}`;
    const day = String(1 + i).padStart(2, '0');
    out.push({ action: 'register', as });
    out.push({
      action: 'save',
      subject: as,
      event: 'baseline',
      form: 'ENROL',
      status: 'complete',
      values: { initials: 'JQ', dob: '1980-05-01', arm: i % 2 ? 'P' : 'A', enrol_date: `2026-09-${day}` },
    });
    out.push({
      action: 'save',
      subject: as,
      event: 'baseline',
      form: 'VISIT',
      status: 'complete',
      values: { visit_date: `2026-09-${day}`, weight_kg: 70 + i, bp_sys: 120 + i, smoker: 'N' },
    });
  }
  return { entries: out };
}

function run(args: string[], env: Record<string, string> = {}) {
  const r = sitecrf(args, env);
  if (r.code !== 0) throw new Error(`sitecrf ${args.join(' ')} exited ${r.code}: ${r.err}`);
  return r;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-mini-e2e-'));
  for (const [site, n] of [
    ['AAA', 3],
    ['BBB', 2],
  ] as const) {
    const db = join(dir, `${site}.sitecrf`);
    run(['init', '--db', db, '--site', site, '--admin', 'ada', '--study', STUDY], ADMIN);
    run(
      ['user', 'add', '--db', db, '--user', 'ada', '--name', 'carla', '--role', 'coordinator', '--full-name', 'Carla'],
      { ...ADMIN, SITECRF_NEW_PASSWORD: CARLA.SITECRF_PASSWORD },
    );
    const file = join(dir, `${site}-entries.json`);
    writeFileSync(file, JSON.stringify(entries(site, n)));
    run(['enter', '--db', db, '--user', 'carla', '--file', file], CARLA);
    const out = join(dir, 'out');
    run(['export', '--db', db, '--user', 'ada', '--period', '2026-10', '--out', out], ADMIN);
    workbooks[site] = join(out, `MINI_${site}_2026-10_safe-harbor.xlsx`);
  }
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MINI from its study file to the sponsor’s tables, by the command line', () => {
  it('each site’s workbook reads back with its hashes verified and MINI’s own sheets', () => {
    const r = JSON.parse(run(['read', workbooks.AAA!]).out) as {
      hashCheck: { ok: boolean };
      sheets: Record<string, unknown[]>;
    };
    expect(r.hashCheck.ok).toBe(true);
    const names = Object.keys(r.sheets);
    // MINI's own sheets: its forms and events, nothing of SACRO's.
    expect(names).toEqual(expect.arrayContaining(['ENROL', 'BASELINE', 'WEEK4', 'CONMED', 'Dictionary']));
    expect(names.join(' ')).not.toMatch(/\bPROC\b|\bREG\b|\bFU\b/);
  });

  it('the sponsor pools both sites, and the tables and analyst files hold exactly what was entered', () => {
    const store = join(dir, 'MINI.duckdb');
    run(['sponsor', 'init', '--store', store, '--from', workbooks.AAA!]);
    // Without the sponsor's study file the store pools rows, but cannot compute MINI's tables.
    const none = sitecrf(['sponsor', 'report', '--store', store, '--out', join(dir, 'none')]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/pools MINI, a study SiteCRF does not ship: give its study file once/);
    // A file that is not byte for byte what the sites ran is refused, naming both hashes.
    const edited = join(dir, 'mini-edited.json');
    writeFileSync(edited, readFileSync(STUDY, 'utf8').replace('"title"', ' "title"'));
    const wrong = sitecrf(['sponsor', 'learn', '--store', store, '--from', workbooks.AAA!, '--study', edited]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(
      /is not the definition the site ran for version 0\.1: its SHA-256 is [0-9a-f]{64}, the workbook names [0-9a-f]{64}/,
    );
    run(['sponsor', 'learn', '--store', store, '--from', workbooks.AAA!, '--study', STUDY]);
    const imp = run(['sponsor', 'import', '--store', store, workbooks.AAA!, workbooks.BBB!]);
    expect(imp.out).toMatch(/AAA.*2026-10.*imported/i);
    expect(imp.out).toMatch(/BBB.*2026-10.*imported/i);
    // The same files again change nothing.
    expect(run(['sponsor', 'import', '--store', store, workbooks.BBB!]).out).toMatch(/nothing changed/i);

    const status = JSON.parse(run(['sponsor', 'status', '--store', store, '--json']).out) as unknown;
    expect(JSON.stringify(status)).toMatch(/AAA/);
    expect(JSON.stringify(status)).toMatch(/BBB/);

    const tablesDir = join(dir, 'tables');
    run(['sponsor', 'report', '--store', store, '--out', tablesDir]);
    const tables = JSON.parse(readFileSync(join(tablesDir, 'study-tables.json'), 'utf8')) as {
      tables: { id: string; title: string; columns: string[]; rows: unknown[][] }[];
    };
    const text = JSON.stringify(tables);
    // No SACRO wording leaks into another study's tables.
    expect(text).not.toMatch(/sacroplasty|VAS|cement|procedure/i);
    const enrol = tables.tables.find((t) => /enrol/i.test(t.id))!;
    expect(enrol, 'an enrollment table').toBeDefined();
    const total = JSON.stringify(enrol.rows);
    expect(total).toMatch(/AAA/);
    expect(total).toMatch(/BBB/);
    expect(readdirSync(tablesDir).sort()).toEqual(['study-tables.json', 'study-tables.xlsx']);

    const csvDir = join(dir, 'analysis');
    run(['sponsor', 'export', '--store', store, '--format', 'csv', '--out', csvDir]);
    const files = readdirSync(csvDir);
    const visitFile = files.find((f) => f === 'BASELINE.csv');
    expect(visitFile, `the baseline visit table among ${files.join(', ')}`).toBeDefined();
    const rows = parse(readFileSync(join(csvDir, visitFile!), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => Object.values(r).includes('AAA'))).toHaveLength(3);
    const weights = rows.map((r) => Number(r.weight_kg)).sort((a, b) => a - b);
    expect(weights).toEqual([70, 70, 71, 71, 72]);
  }, 300_000);

  it('the sponsor screen’s channels serve the MINI store: its tables and its events to raise a query on', async () => {
    const host = await startSponsorHost({ store: join(dir, 'MINI.duckdb'), log: () => undefined });
    try {
      const call = async (channel: string) => (await api(host.port, host.token, channel, {})).json.value;
      const tables = (await call('sponsor.tables')) as { tables: { id: string; rows: unknown[][] }[] };
      expect(JSON.stringify(tables.tables.find((x) => /enrol/i.test(x.id))!.rows)).toMatch(/BBB/);
      const targets = (await call('sponsor.queryTargets')) as { events: { id: string }[]; subjects: unknown[] };
      expect(targets.events.map((e) => e.id)).toEqual(['baseline', 'week4', 'anytime']);
      expect(targets.subjects).toHaveLength(5);
    } finally {
      await host.close();
    }
  }, 120_000);
});
