/**
 * A workbook opened and saved by LibreOffice Calc (Debian's libreoffice-calc-nogui, installed by
 * .ci/run), the spreadsheet program most sites without Excel have: re-saved with no value
 * changed it verifies, reads the same values and is the submission the store already holds;
 * with one value changed (by openpyxl, then re-saved by Calc, so Calc wrote the file last) the
 * import refuses it, naming the sheet, the subject and the column, and the store is unchanged.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSubmission } from '../../main/export/workbook-reader';
import { importWorkbook } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import type { Store } from '../../main/sponsor/store';
import { makeNetwork, type NetworkFixture } from '../support/network-fixture';
import { openpyxlEditProc } from '../support/openpyxl';

let net: NetworkFixture;
let store: Store;
let original: string;
let profile: string;

beforeAll(async () => {
  net = await makeNetwork({ months: 1, subjects: 12 });
  original = net.sites[0]!.workbooks[0]!;
  store = await initStore(join(net.dir, 'study.duckdb'), original);
  await importWorkbook(store, original);
  // A profile of its own: a Calc started by another test or by the user would share ~/.config.
  profile = mkdtempSync(join(tmpdir(), 'sitecrf-lo-profile-'));
}, 300_000);
afterAll(() => {
  store?.close();
  net?.cleanup();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens `file` in Calc and saves it as .xlsx (Calc's "Excel 2007-365" filter) as `out`. */
function calcResave(file: string, out: string): void {
  const dir = join(net.dir, `calc-${basename(out, '.xlsx')}`);
  mkdirSync(dir);
  const input = join(dir, 'in', basename(out));
  mkdirSync(join(dir, 'in'));
  copyFileSync(file, input);
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'xlsx:Calc MS Excel 2007 XML',
      '--outdir',
      dir,
      input,
    ],
    { stdio: 'pipe', timeout: 120_000 },
  );
  copyFileSync(join(dir, basename(out)), out);
}

describe('a workbook re-saved by LibreOffice Calc', () => {
  it('with no value changed: verifies, reads the same values, and is the submission the store holds', async () => {
    const copy = join(net.dir, 'resaved-calc.xlsx');
    calcResave(original, copy);
    // Calc really wrote it: its own application name in the document properties.
    const app = await (await JSZip.loadAsync(readFileSync(copy))).file('docProps/app.xml')!.async('string');
    expect(app).toMatch(/<Application>LibreOffice/);
    const [a, b] = [await readSubmission(original), await readSubmission(copy)];
    expect(b.hashCheck).toEqual({ ok: true, mismatches: [] });
    expect(b.sheets).toEqual(a.sheets);
    expect(b.coverSha256).toBe(a.coverSha256);
    const r = await importWorkbook(store, copy);
    expect(r.status).toBe('duplicate');
    expect(r.message).toContain('a re-saved copy of it');
  }, 180_000);

  it('with one value changed, Calc writing last: refused, naming sheet, subject and column; nothing imported', async () => {
    const edited = join(net.dir, 'edited-openpyxl.xlsx');
    const { subject, column } = openpyxlEditProc(original, edited);
    expect(column).toBeTruthy();
    const byCalc = join(net.dir, 'edited-calc.xlsx');
    calcResave(edited, byCalc);
    const before = await store.all('SELECT count(*)::INTEGER AS n FROM submissions');
    await expect(importWorkbook(store, byCalc)).rejects.toThrow(
      new RegExp(`tampered: PROC differ.*PROC subject ${subject} column ${column}: \\d+ exported, \\d+ in this file`),
    );
    expect(await store.all('SELECT count(*)::INTEGER AS n FROM submissions')).toEqual(before);
  }, 180_000);
});
