/**
 * A workbook edited after its export is refused by the sponsor's import naming the sheet, the
 * subject and the column: exactly, with both values, when the store holds the submission as
 * exported; as a cell changed without a Changes row when it is the site's next month.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSubmission } from '../../main/export/workbook-reader';
import { importWorkbook } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import type { Store } from '../../main/sponsor/store';
import { makeNetwork, type NetworkFixture } from '../support/network-fixture';

let net: NetworkFixture;
let store: Store;
let months: string[];
/** A second store that holds only the first month: the third month is neither stored nor next. */
let gapStore: Store;

beforeAll(async () => {
  net = await makeNetwork({ months: 3, subjects: 24 });
  months = net.sites[0]!.workbooks;
  store = await initStore(join(net.dir, 'study.duckdb'), months[0]!);
  gapStore = await initStore(join(net.dir, 'gap.duckdb'), months[0]!);
}, 900_000);
afterAll(() => {
  store?.close();
  gapStore?.close();
  net?.cleanup();
});

/** The file with one number of PROC's first data row (sheet 6, row 3) raised by 5; and which cell that is. */
async function edit(
  file: string,
  name: string,
): Promise<{ file: string; subject: string; column: string; before: number }> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const xml = await zip.file('xl/worksheets/sheet6.xml')!.async('string');
  const m = /<c r="([A-Z]+)3"[^>]*><v>(\d+(?:\.\d+)?)<\/v>/.exec(xml)!;
  zip.file('xl/worksheets/sheet6.xml', xml.replace(m[0], m[0].replace(`<v>${m[2]}</v>`, `<v>${Number(m[2]) + 5}</v>`)));
  const out = join(net.dir, name);
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer' }));
  // Which cell it is, found by comparing what the reader reads from both files.
  const [a, b] = [await readSubmission(file), await readSubmission(out)];
  const before = a.sheets.PROC![0]!;
  const after = b.sheets.PROC![0]!;
  const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
  expect(changed).toHaveLength(1);
  return { file: out, subject: String(after.subject_id), column: changed[0]!, before: Number(before[changed[0]!]) };
}

/** The file opened and saved by exceljs (its non-streaming writer), with `change` applied to PROC. */
async function withExcel(file: string, name: string, change: (ws: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  change(wb.getWorksheet('PROC')!);
  const out = join(net.dir, name);
  await wb.xlsx.writeFile(out);
  return out;
}

const refusal = (s: Store, file: string): Promise<Error | null> =>
  importWorkbook(s, file).then(
    () => null,
    (x: Error) => x,
  );

const count = async (): Promise<number> =>
  Number((await store.all('SELECT count(*) AS n FROM sheet_rows'))[0]!.n) +
  Number((await store.all('SELECT count(*) AS n FROM submissions'))[0]!.n);

describe('an edited value, named by subject and column', () => {
  it('a copy of an imported submission: the cell with its exported and its edited value', async () => {
    const first = await importWorkbook(store, months[0]!);
    expect(first.status).not.toBe('duplicate');
    const e = await edit(months[0]!, 'edited-same-month.xlsx');
    const before = await count();
    const err = await importWorkbook(store, e.file).then(
      () => null,
      (x: Error) => x,
    );
    expect(err?.message).toMatch(/refused: tampered: PROC differ/);
    expect(err?.message).toContain(`Edited since the export (submission #${first.submissionId} holds it as exported)`);
    expect(err?.message).toMatch(
      new RegExp(`PROC subject ${e.subject} column ${e.column}: \\d+(\\.\\d+)? exported, \\d+`),
    );
    // Only that cell is named.
    expect(err!.message.match(/ exported, /g)).toHaveLength(1);
    expect(await count()).toBe(before);
  });

  it("the next month's workbook: the cell that changed without a row in its Changes sheet", async () => {
    const e = await edit(months[1]!, 'edited-next-month.xlsx');
    const before = await count();
    const err = await importWorkbook(store, e.file).then(
      () => null,
      (x: Error) => x,
    );
    expect(err?.message).toMatch(/refused: tampered: PROC differ/);
    // Proved: putting the stored value back gives the Cover's hash.
    expect(err?.message).toContain("Edited after the export (undoing it gives back the Cover's hash");
    expect(err?.message).toMatch(
      new RegExp(`PROC subject ${e.subject} column ${e.column}: ${e.before} exported, ${e.before + 5} in this file`),
    );
    expect(err!.message.match(/ exported, /g)).toHaveLength(1);
    expect(await count()).toBe(before);
    // The genuine file imports: the edit was the only problem.
    const ok = await importWorkbook(store, months[1]!);
    expect(ok.current).toBe(true);
  });

  it('a workbook neither stored nor next, edited in exceljs: the cell proved against an older submission', async () => {
    const third = months[2]!;
    // No submission of the site in the store: nothing to compare with, and it says so.
    let col = 0;
    let was = 0;
    const edited = await withExcel(third, 'edited-excel.xlsx', (ws) => {
      const row = ws.getRow(3);
      row.eachCell((c, i) => {
        if (!col && typeof c.value === 'number' && i > 2) [col, was] = [i, c.value];
      });
      row.getCell(col).value = was + 7;
    });
    const code = String((await readSubmission(third)).cover.site.code);
    const none = await refusal(gapStore, edited);
    expect(none?.message).toMatch(/refused: tampered: PROC differ/);
    expect(none?.message).toContain(`The store holds no submission of ${code} to compare with`);

    await importWorkbook(gapStore, months[0]!);
    const before = Number((await gapStore.all('SELECT count(*) AS n FROM sheet_rows'))[0]!.n);
    const err = await refusal(gapStore, edited);
    const read = await readSubmission(third);
    const header = Object.keys(read.sheets.PROC![0]!);
    const subject = String(read.sheets.PROC![0]!.subject_id);
    expect(err?.message).toContain("Edited after the export (undoing it gives back the Cover's hash");
    expect(err?.message).toContain(
      `PROC subject ${subject} column ${header[col - 1]}: ${was} exported, ${was + 7} in this file`,
    );
    expect(err!.message.match(/ exported, /g)).toHaveLength(1);
    expect(Number((await gapStore.all('SELECT count(*) AS n FROM sheet_rows'))[0]!.n)).toBe(before);
  });

  it('a row put in with exceljs: the subject named, and the subjects the stored submission lacks', async () => {
    const edited = await withExcel(months[2]!, 'row-added-excel.xlsx', (ws) => {
      const values = (ws.getRow(3).values as ExcelJS.CellValue[]).slice(1);
      values[0] = 'ZZZ-9999';
      ws.addRow(values);
    });
    const err = await refusal(gapStore, edited);
    expect(err?.message).toMatch(/refused: tampered: PROC differ/);
    expect(err?.message).toContain('PROC subject ZZZ-9999 column (whole row): a row that was not exported');
  });
});

/**
 * The file with, in PROC (sheet 6), one data row's element taken out (the first after rows 3
 * and 4 whose subject `previous` has) and one number raised in each of rows 3 and 4; and what
 * that is, read from the genuine file.
 */
async function deleteAndEditTwo(
  file: string,
  name: string,
  previous: string,
): Promise<{ file: string; deleted: string; edits: { subject: string; column: string; before: number }[] }> {
  const genuine = (await readSubmission(file)).sheets.PROC!;
  const had = new Set((await readSubmission(previous)).sheets.PROC!.map((r) => String(r.subject_id)));
  const gone = genuine.findIndex((r, i) => i >= 2 && had.has(String(r.subject_id)));
  expect(gone).toBeGreaterThanOrEqual(2);
  const zip = await JSZip.loadAsync(readFileSync(file));
  let xml = await zip.file('xl/worksheets/sheet6.xml')!.async('string');
  const row = new RegExp(`<row r="${gone + 3}"[^>]*>.*?</row>`, 's').exec(xml)!;
  xml = xml.replace(row[0], '');
  const edits: { subject: string; column: string; before: number }[] = [];
  for (const r of [3, 4]) {
    const m = new RegExp(`<c r="([A-Z]+)${r}"[^>]*><v>(\\d+(?:\\.\\d+)?)</v>`).exec(xml)!;
    xml = xml.replace(m[0], m[0].replace(`<v>${m[2]}</v>`, `<v>${Number(m[2]) + 5}</v>`));
    const before = genuine[r - 3]!;
    const header = Object.keys(before);
    // The column letter → the column code (A is the first code).
    const col = header[m[1]!.split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1]!;
    edits.push({ subject: String(before.subject_id), column: col, before: Number(m[2]) });
  }
  zip.file('xl/worksheets/sheet6.xml', xml);
  const out = join(net.dir, name);
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer' }));
  const after = (await readSubmission(out)).sheets.PROC!;
  expect(after).toHaveLength(genuine.length - 1);
  return { file: out, deleted: String(genuine[gone]!.subject_id), edits };
}

describe('a deleted row and two edits in one sheet: each named', () => {
  it("the site's next month: proved together (undoing all three gives back the Cover's hash)", async () => {
    const e = await deleteAndEditTwo(months[2]!, 'deleted-and-two-edits-next.xlsx', months[1]!);
    const before = await count();
    const err = await refusal(store, e.file);
    expect(err?.message).toMatch(/refused: tampered: PROC differ/);
    expect(err?.message).toContain("Edited after the export (undoing it gives back the Cover's hash");
    for (const x of e.edits)
      expect(err?.message).toContain(
        `PROC subject ${x.subject} column ${x.column}: ${x.before} exported, ${x.before + 5} in this file`,
      );
    expect(err?.message).toContain(`PROC: row for subject ${e.deleted} missing`);
    expect(err!.message.match(/ exported, /g)).toHaveLength(2);
    expect(await count()).toBe(before);
  });

  it('a copy of an imported submission: both cells with their values, and the missing row', async () => {
    const ok = await importWorkbook(store, months[2]!);
    expect(ok.status).toBe('imported');
    const e = await deleteAndEditTwo(months[2]!, 'deleted-and-two-edits-same.xlsx', months[2]!);
    const before = await count();
    const err = await refusal(store, e.file);
    expect(err?.message).toContain(`Edited since the export (submission #${ok.submissionId} holds it as exported)`);
    for (const x of e.edits)
      expect(err?.message).toContain(
        `PROC subject ${x.subject} column ${x.column}: ${x.before} exported, ${x.before + 5} in this file`,
      );
    expect(err?.message).toContain(`PROC: row for subject ${e.deleted} missing`);
    expect(err!.message.match(/ exported, /g)).toHaveLength(2);
    expect(await count()).toBe(before);
  });
});
