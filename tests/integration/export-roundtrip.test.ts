/**
 * submission-workbook.md conventions and the read-back: a round trip gives back every value the
 * profile keeps, a hand-edited sheet fails the hash check by name, and the workbook is laid out
 * for re-import (numbers as numbers, codes, frozen headers, filters, no formulas or merges).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBetween } from '../../shared/dates';
import { exportLayout } from '../../main/export/layout';
import { plainCell } from '../../main/export/deidentify';
import { PROFILES, type ProfileId } from '../../main/export/profiles';
import { createFixture, type Fixture } from '../support/export-fixture';
import { readSubmission, runRead } from '../../main/export/workbook-reader';
import { exportSubmission } from '../../main/export/workbook-writer';
import { casebookOf } from '../../main/services/forms';
import { subjectRow } from '../../main/services/subjects';

let fx: Fixture;
const files: Partial<Record<ProfileId, string>> = {};
beforeAll(async () => {
  fx = createFixture();
  for (const profile of ['safe-harbor', 'identified'] as const)
    files[profile] = (await exportSubmission(fx.coordinator, { period: '2026-10', profile, outDir: fx.dir })).file;
});
afterAll(() => fx.admin.close());

describe('round trip', () => {
  it.each(['safe-harbor', 'identified'] as const)(
    '%s: reading back gives the value of every field the profile keeps',
    async (profile) => {
      const read = await readSubmission(files[profile]!);
      expect(read.hashCheck).toEqual({ ok: true, mismatches: [] });
      expect(read.cover).toMatchObject({
        study: 'SACRO',
        site: { code: 'MMC' },
        period: '2026-10',
        profile,
        subjects: 5,
      });
      const study = fx.admin.study;
      const layout = exportLayout(study, PROFILES[profile]);
      let compared = 0;
      for (const sheet of layout.sheets.filter((s) => s.form)) {
        const rows = read.sheets[sheet.name]!;
        for (const row of rows) {
          const { casebook } = casebookOf(fx.admin, subjectRow(fx.admin, String(row.subject_id)));
          const rec = casebook.forms.find(
            (f) => f.form === sheet.form && f.event === sheet.event && f.instance === (row.instance ?? 1),
          )!;
          const index = casebook.forms.find((f) => f.form === 'PROC')!.values.proc_date as string;
          for (const col of sheet.columns) {
            if (col.source.kind !== 'value') continue;
            const v = rec.values[col.source.field.id];
            if (col.source.rule === 'keep')
              expect(row[col.code], `${sheet.name}.${col.code}`).toEqual(plainCell(col.source.field, v));
            if (col.source.rule === 'dayOffset')
              expect(row[col.code]).toBe(typeof v === 'string' ? daysBetween(index, v) : (v ?? null));
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(100);
    },
  );

  it('runRead prints the workbook as JSON and exits 0', async () => {
    let out = '';
    const code = await runRead(files['safe-harbor']!, { write: (s: string) => (out += s) });
    expect(code).toBe(0);
    expect(JSON.parse(out).sheets.REG).toHaveLength(5);
  });
});

describe('a hand-edited workbook', () => {
  it('fails the read-back hash check naming the edited sheet only', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(files['safe-harbor']!);
    const cell = wb.getWorksheet('PROC')!.getCell('J3');
    expect(typeof cell.value).toBe('number');
    cell.value = (cell.value as number) + 1;
    const edited = `${fx.dir}/edited.xlsx`;
    await wb.xlsx.writeFile(edited);
    const read = await readSubmission(edited);
    expect(read.hashCheck.ok).toBe(false);
    expect(read.hashCheck.mismatches.map((m) => m.sheet)).toEqual(['PROC']);
    let err = '';
    expect(await runRead(edited, { write: () => true }, { write: (s: string) => (err += s) })).toBe(1);
    expect(err).toContain('PROC');
  });
});

describe('layout for re-import', () => {
  let wb: ExcelJS.Workbook;
  let zip: JSZip;
  beforeAll(async () => {
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(files['safe-harbor']!);
    zip = await JSZip.loadAsync(readFileSync(files['safe-harbor']!));
  });

  it('has the sheets of submission-workbook.md in order and SiteCRF as creator', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Cover',
      'Summary',
      'REG',
      'ELIG',
      'BASE',
      'PROC',
      'FU_1M',
      'FU_1Y',
      'AE',
      'Derived',
      'Changes',
      'Queries',
      'Dictionary',
    ]);
    expect(wb.creator).toBe('SiteCRF 0.1.0');
    expect(wb.lastModifiedBy).toBe('SiteCRF 0.1.0');
  });

  it('writes numbers as numbers, codes not labels, multi codes joined by ;, missing codes as themselves', () => {
    const proc = wb.getWorksheet('PROC')!;
    const header = (proc.getRow(1).values as string[]).slice(1);
    const col = (code: string): number => header.indexOf(code) + 1;
    expect(proc.getRow(3).getCell(col('cement_ml')).value).toBe(7.5);
    expect(proc.getRow(3).getCell(col('cement_ml')).numFmt).toBe('0.0');
    expect(proc.getRow(3).getCell(col('needles')).value).toBe(2);
    expect(proc.getRow(3).getCell(col('hospitalization')).value).toBe('OUTPATIENT');
    expect(proc.getRow(3).getCell(col('extravasation_site')).value).toBe('FORAMINAL;VENOUS');
    const base = wb.getWorksheet('BASE')!;
    const bh = (base.getRow(1).values as string[]).slice(1);
    expect(base.getRow(3).getCell(bh.indexOf('symptom_weeks') + 1).value).toBe('UNK');
    expect(typeof base.getRow(3).getCell(bh.indexOf('vas_pre') + 1).value).toBe('number');
    expect(typeof base.getRow(3).getCell(bh.indexOf('baseline_date_day') + 1).value).toBe('number');
  });

  it('freezes the header rows, filters every data sheet, and has no formulas or merged cells', async () => {
    for (const ws of wb.worksheets) {
      if (ws.name === 'Cover') continue;
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(String(ws.autoFilter), ws.name).toMatch(/^A2:[A-Z]+\d+$/);
    }
    for (const name of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/sheet'))) {
      const xml = await zip.files[name]!.async('string');
      expect(xml).not.toContain('<f>');
      expect(xml).not.toContain('<mergeCell');
      expect(xml).toContain('<col ');
    }
  });
});
