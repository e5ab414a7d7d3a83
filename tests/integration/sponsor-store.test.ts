/**
 * The pooled store on real site databases and their real workbooks: import, duplicate, the
 * history between two months (from the data, cross-checked against the Changes sheet), a gap
 * filled late, a fork from a restored database, and every refusal leaving the store unchanged.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveForm } from '../../main/services/save-form';
import { backupDatabase, restoreDatabase } from '../../main/services/backup';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { importWorkbook } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import { storeStatus } from '../../main/sponsor/status';
import type { Store } from '../../main/sponsor/store';
import { PASSWORDS, sitecrf } from './site-fixture';
import { sponsorSite, type SponsorSite } from '../support/sponsor-sites';

let mmc: SponsorSite;
let store: Store;
const f: Record<string, string> = {};

const counts = async (): Promise<Record<string, number>> => {
  const out: Record<string, number> = {};
  for (const t of ['submissions', 'submission_sheets', 'sheet_rows', 'row_changes'])
    out[t] = Number((await store.all(`SELECT count(*) AS n FROM ${t}`))[0]!.n);
  return out;
};

/** The workbook with one inline string of the Cover replaced (the Cover is not itself hashed). */
async function withCover(file: string, from: string, to: string, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  expect(xml).toContain(`<v>${from}</v>`);
  zip.file('xl/worksheets/sheet1.xml', xml.replace(`<v>${from}</v>`, `<v>${to}</v>`));
  const out = join(mmc.out, name);
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return out;
}

beforeAll(async () => {
  mmc = sponsorSite('MMC');
  f.oct = await mmc.submit('2026-10');
  // A restored copy of the database as it was after October: its November forks the chain.
  backupDatabase(mmc.site.login('admin'), join(mmc.out, 'oct.bak'));
  // November: one value corrected with a reason, so the Changes sheet lists it.
  saveForm(mmc.coordinator, {
    subjectId: 'MMC-0002',
    event: 'procedure',
    form: 'PROC',
    values: { needles: 1 },
    status: 'complete',
    reason: 'correction',
    merge: true,
  });
  f.nov = await mmc.submit('2026-11');
  f.dec = await mmc.submit('2026-12');
  f.identified = await mmc.submit('2026-12', 'identified');
  restoreDatabase(join(mmc.out, 'oct.bak'), join(mmc.out, 'restored.sitecrf'), {
    username: 'admin',
    password: PASSWORDS.admin,
  });
  const restored = unlockSiteDatabase(join(mmc.out, 'restored.sitecrf'), {
    username: 'coordinator',
    password: PASSWORDS.coordinator,
  });
  const { exportSubmission } = await import('../../main/export/workbook-writer');
  f.forkNov = (await exportSubmission(restored, { period: '2026-11', outDir: join(mmc.out, 'fork') })).file;
  restored.close();
  store = await initStore(join(mmc.out, 'SACRO.duckdb'), f.oct);
});
afterAll(() => {
  store.close();
  mmc.close();
});

describe('import', () => {
  it('takes the first month and makes it the site’s current rows', async () => {
    const r = await importWorkbook(store, f.oct!);
    expect(r).toMatchObject({ status: 'imported', site: 'MMC', period: '2026-10', current: true, chain: [] });
    const rows = await store.all("SELECT subject_id FROM current_rows WHERE sheet = 'REG' ORDER BY subject_id");
    expect(rows.map((x) => x.subject_id)).toEqual(['MMC-0001', 'MMC-0002', 'MMC-0003']);
    const sheets = await store.all('SELECT sheet, sha256 FROM submission_sheets WHERE submission_id = $1', [
      r.submissionId,
    ]);
    expect(sheets.length).toBeGreaterThan(8);
  });

  it('a duplicate (the same file, or a copy re-saved by another writer) changes nothing and says so', async () => {
    const before = await counts();
    const again = await importWorkbook(store, f.oct!);
    expect(again.status).toBe('duplicate');
    expect(again.message).toMatch(/already imported as submission #\d+ \(MMC 2026-10\): nothing changed/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f.oct!);
    const copy = join(mmc.out, 'oct-resaved.xlsx');
    await wb.xlsx.writeFile(copy);
    const resaved = await importWorkbook(store, copy);
    expect(resaved.status).toBe('duplicate');
    expect(resaved.message).toContain('a re-saved copy of it');
    expect(await counts()).toEqual(before);
  });

  it('a gap: December before November is reported, and November arriving late closes it', async () => {
    const dec = await importWorkbook(store, f.dec!);
    expect(dec.current).toBe(true);
    // December's Changes sheet covers December only: November's correction is seen in the data, unlisted.
    expect(dec.message).toMatch(/1 change since 2026-10, 1 not listed in the Changes sheet/);
    expect(dec.chain.map((p) => p.kind)).toEqual(['gap']);
    expect(dec.message).toContain('GAP: MMC 2026-12: the previous submission (2026-11) is not in the store');
    expect((await storeStatus(store)).sites[0]!.problems.map((p) => p.kind)).toEqual(['gap']);
    const nov = await importWorkbook(store, f.nov!);
    expect(nov).toMatchObject({ status: 'imported', current: false, chain: [] });
    expect((await storeStatus(store)).sites[0]!.problems).toEqual([]);
  });

  it('keeps what changed between the months, from the data (October → December)', async () => {
    const rows = await store.all(
      "SELECT sheet, subject_id, column_code, change, in_changes_sheet FROM row_changes WHERE sheet = 'PROC'",
    );
    expect(rows).toContainEqual({
      sheet: 'PROC',
      subject_id: 'MMC-0002',
      column_code: 'needles',
      change: 'modified',
      in_changes_sheet: false,
    });
    const cur = await store.all(
      "SELECT data->>'needles' AS n FROM current_rows WHERE sheet = 'PROC' AND subject_id = 'MMC-0002'",
    );
    expect(cur).toEqual([{ n: '1' }]);
  });

  it('a fork: a November from a restored October database is recorded and reported, not made current', async () => {
    const r = await importWorkbook(store, f.forkNov!);
    expect(r.status).toBe('imported');
    expect(r.current).toBe(false);
    expect(r.chain.map((p) => p.kind)).toContain('fork');
    const st = await storeStatus(store);
    const site = st.sites.find((s) => s.site === 'MMC')!;
    expect(site.submissions.filter((s) => s.period === '2026-11').map((s) => s.problems)).toEqual([[], ['fork']]);
    expect(site.submissions.find((s) => s.current)!.period).toBe('2026-12');
  });
});

describe('refusals change nothing', () => {
  it('a tampered file, another study, an unknown protocol version, an identified workbook', async () => {
    const before = await counts();
    const zip = await JSZip.loadAsync(readFileSync(f.dec!));
    const sheet = await zip.file('xl/worksheets/sheet6.xml')!.async('string');
    const m = /<c r="([A-Z]+)3"[^>]*><v>(\d+)<\/v>/.exec(sheet)!;
    zip.file(
      'xl/worksheets/sheet6.xml',
      sheet.replace(m[0], m[0].replace(`<v>${m[2]}</v>`, `<v>${Number(m[2]) + 5}</v>`)),
    );
    const tampered = join(mmc.out, 'tampered.xlsx');
    writeFileSync(tampered, await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(importWorkbook(store, tampered)).rejects.toThrow(/refused: tampered: PROC differ/);
    await expect(importWorkbook(store, await withCover(f.dec!, 'SACRO', 'OTHER', 'other.xlsx'))).rejects.toThrow(
      'refused: a OTHER workbook; this store pools SACRO',
    );
    const version = (await store.all('SELECT version FROM protocol_versions'))[0]!.version as string;
    await expect(importWorkbook(store, await withCover(f.dec!, version, '9.9', 'v99.xlsx'))).rejects.toThrow(
      /refused: protocol version 9\.9 is not known to this store/,
    );
    await expect(importWorkbook(store, f.identified!)).rejects.toThrow(
      'refused: the identified profile keeps identifiers (import it only with --allow-profile)',
    );
    await expect(importWorkbook(store, join(mmc.out, 'none.xlsx'))).rejects.toThrow(/refused: not a zip archive/);
    expect(await counts()).toEqual(before);
  });

  it('an identified workbook is taken with --allow-profile', async () => {
    const r = await importWorkbook(store, f.identified!, { allowProfile: true });
    expect(r.status).toBe('imported');
  });
});

describe('the CLI', () => {
  // Three runs of the real command (each starts tsx): a generous timeout on a shared machine.
  it('sponsor init, import and status', { timeout: 300_000 }, () => {
    const path = join(mmc.out, 'cli.duckdb');
    expect(sitecrf(['sponsor', 'init', '--store', path, '--from', f.oct!]).code).toBe(0);
    const imp = sitecrf(['sponsor', 'import', '--store', path, f.oct!, f.nov!, f.oct!, f.identified!]);
    expect(imp.code).toBe(1);
    expect(imp.err).toContain('refused: the identified profile keeps identifiers');
    expect(imp.err).toContain('1 of 4 files refused; nothing was taken from them');
    expect(imp.out).toMatch(/imported as submission #1 \(MMC 2026-10, 3 subjects\)/);
    expect(imp.out).toMatch(/imported as submission #2 \(MMC 2026-11, 3 subjects\).*1 change since 2026-10/);
    expect(imp.out).toContain('nothing changed');
    const st = sitecrf(['sponsor', 'status', '--store', path]);
    expect(st.code).toBe(0);
    expect(st.out).toMatch(/MMC\s+3 subj\s+3 subj \(current\)/);
    expect(st.out).toContain('No chain problems.');
  });

  it('in month order, the history is cross-checked against the Changes sheet', async () => {
    const { Store } = await import('../../main/sponsor/store');
    const s = await Store.open(join(mmc.out, 'cli.duckdb'));
    const rows = await s.all(
      "SELECT subject_id, column_code, change, in_changes_sheet FROM row_changes WHERE sheet = 'PROC'",
    );
    s.close();
    expect(rows).toEqual([
      { subject_id: 'MMC-0002', column_code: 'needles', change: 'modified', in_changes_sheet: true },
    ]);
  });
});
