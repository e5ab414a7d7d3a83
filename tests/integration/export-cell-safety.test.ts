/**
 * Issue 11, spreadsheet safety: text that a spreadsheet would take for a formula (= + - @, tab,
 * CR at the start) is written with a leading apostrophe, a literal `_x003D_` keeps showing as
 * itself, the Cover's hashes still verify on read-back, and the Dictionary says so. Both writer
 * paths: a de-identified export (spooled rows) and an identified one (rows hashed directly).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveForm } from '../../main/services/save-form';
import { openQuery } from '../../main/services/queries';
import { exportSubmission } from '../../main/export/workbook-writer';
import { writeWorklistFile } from '../../main/ipc/worklist-file';
import { followUpWorklist } from '../../main/services/worklist';
import { readSubmission } from '../../main/export/workbook-reader';
import type { ProfileId } from '../../main/export/profiles';
import { registerSubject } from '../../main/services/subjects';
import { createFixture, type Fixture } from '../support/export-fixture';
import { SACRO_CASE } from './site-fixture';

const FORMULA = '=SUM(A1:A9)*10 cement';
const PLUS = '+1 cm of cement beyond the plan';
const AT = '@SUM(A1:A9) then done';
const MINUS = '-2 needles bent and replaced';
const ESCAPED = 'cement _x003D_ six and a half';

let fx: Fixture;
const files = new Map<ProfileId, string>();

beforeAll(async () => {
  fx = createFixture();
  const edit = (event: string, form: string, values: Record<string, unknown>) =>
    saveForm(fx.coordinator, {
      subjectId: 'MMC-0004',
      event,
      form,
      values,
      status: 'complete',
      merge: true,
      reason: 'Note rewritten from the chart',
    });
  edit('procedure', 'PROC', { proc_notes: FORMULA });
  edit('fu_1m', 'FU', { fu_notes: ESCAPED });
  openQuery(fx.monitor, { subjectId: 'MMC-0004', event: 'procedure', form: 'PROC', field: 'cement_ml', text: PLUS });
  openQuery(fx.monitor, { subjectId: 'MMC-0004', event: 'procedure', form: 'PROC', field: 'needles', text: AT });
  openQuery(fx.monitor, { subjectId: 'MMC-0004', event: 'procedure', form: 'PROC', field: 'guidance', text: MINUS });
  for (const profile of ['safe-harbor-text', 'identified'] as const)
    files.set(
      profile,
      (await exportSubmission(fx.admin, { period: '2026-10', profile, outDir: `${fx.dir}/${profile}` })).file,
    );
}, 120_000);
afterAll(() => fx.admin.close());

async function allCells(file: string): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: unknown[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => out.push(c.value)));
  return out;
}

async function sheetXml(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const parts: string[] = [];
  for (const name of Object.keys(zip.files))
    if (name.startsWith('xl/') && !zip.files[name]!.dir) parts.push(await zip.files[name]!.async('string'));
  return parts.join('\n');
}

describe.each(['safe-harbor-text', 'identified'] as const)('a %s export', (profile) => {
  it('writes formula-like text with a leading apostrophe, as text, never as a formula', async () => {
    const cells = await allCells(files.get(profile)!);
    for (const planted of [FORMULA, PLUS, AT, MINUS]) {
      expect(cells).toContain(`'${planted}`);
      expect(cells).not.toContain(planted);
    }
    // After "save as CSV" every cell is its text: none may start like a formula.
    const risky = cells.filter((c) => typeof c === 'string' && /^[=+\-@\t\r]/.test(c));
    expect(risky).toEqual([]);
    expect(cells.some((c) => typeof c === 'object' && c !== null && 'formula' in c)).toBe(false);
  });

  it('escapes a literal _x003D_ so that Excel shows it as typed, and reads it back as typed', async () => {
    const file = files.get(profile)!;
    const xml = await sheetXml(file);
    expect(xml).toContain('cement _x005F_x003D_ six and a half');
    const r = await readSubmission(file);
    expect(r.hashCheck).toEqual({ ok: true, mismatches: [] });
    const texts = Object.values(r.sheets).flatMap((rows) => rows.flatMap((row) => Object.values(row)));
    expect(texts).toContain(ESCAPED);
    expect(texts).toContain(`'${FORMULA}`);
  });

  it('says so in the Dictionary', async () => {
    const r = await readSubmission(files.get(profile)!);
    const row = r.sheets.Dictionary!.find((d) => Object.values(d).includes('formula_like_text'));
    expect(JSON.stringify(row)).toMatch(/leading apostrophe/);
  });
});

it('a removed apostrophe no longer matches the Cover hash', async () => {
  const file = files.get('identified')!;
  const zip = await JSZip.loadAsync(readFileSync(file));
  let changed = false;
  for (const name of Object.keys(zip.files)) {
    if (!name.startsWith('xl/')) continue;
    const text = await zip.files[name]!.async('string');
    for (const form of [`'${FORMULA}`, `&apos;${FORMULA}`, `&#39;${FORMULA}`])
      if (text.includes(form)) {
        zip.file(name, text.replace(form, FORMULA));
        changed = true;
      }
  }
  expect(changed).toBe(true);
  const edited = `${fx.dir}/edited.xlsx`;
  writeFileSync(edited, await zip.generateAsync({ type: 'nodebuffer' }));
  const r = await readSubmission(edited);
  expect(r.hashCheck.ok).toBe(false);
});

it('the follow-up worklist (names and phones typed by people) gets the same protection', async () => {
  // A subject whose 1-year follow-up is overdue (on the worklist), with a formula-like name.
  const { subjectId } = registerSubject(fx.coordinator);
  const save = (event: string, form: string, values: Record<string, unknown>) =>
    saveForm(fx.coordinator, { subjectId, event, form, values, status: 'complete' });
  save('screening', 'REG', { ...SACRO_CASE.REG, last_name: FORMULA, phone: ESCAPED });
  save('screening', 'ELIG', SACRO_CASE.ELIG);
  save('screening', 'BASE', SACRO_CASE.BASE);
  save('procedure', 'PROC', SACRO_CASE.PROC);
  save('fu_1m', 'FU', SACRO_CASE.FU_1M);
  expect(followUpWorklist(fx.coordinator).map((r) => r.subjectId)).toContain(subjectId);
  const w = await writeWorklistFile(fx.coordinator, `${fx.dir}/worklist`);
  const cells = await allCells(w.file);
  expect(cells).toContain(`'${FORMULA}`);
  expect(cells.filter((c) => typeof c === 'string' && /^[=+\-@\t\r]/.test(c))).toEqual([]);
  expect(await sheetXml(w.file)).toContain('_x005F_x003D_');
});
