/**
 * The sponsor's reader takes a submission whatever saved it last (exceljs's non-streaming
 * writer, a zip with its entries reordered, shared strings instead of inline ones, styles gone)
 * and verifies it over values; hostile files (zip bombs, entity expansion, huge sheets) are
 * refused with one clear message, within bounded memory.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubmission, readSubmission, runRead, type ReadResult } from '../../main/export/workbook-reader';
import { exportSubmission } from '../../main/export/workbook-writer';
import { createFixture, type Fixture } from '../support/export-fixture';
import { rawZip, type RawEntry } from '../support/raw-zip';

let fx: Fixture;
let original: string;
let base: ReadResult;
let entries: RawEntry[];

beforeAll(async () => {
  fx = createFixture();
  original = (await exportSubmission(fx.coordinator, { period: '2026-10', outDir: fx.dir })).file;
  base = await readSubmission(original);
  const zip = await JSZip.loadAsync(readFileSync(original));
  entries = [];
  for (const f of Object.values(zip.files))
    if (!f.dir) entries.push({ name: f.name, data: Buffer.from(await f.async('uint8array')) });
});
afterAll(() => fx.admin.close());

const write = (name: string, bytes: Buffer): string => {
  const f = join(fx.dir, name);
  writeFileSync(f, bytes);
  return f;
};

/** Peak RSS growth (MB) while `fn` runs, sampled. */
async function peakGrowthMb<T>(fn: () => Promise<T>): Promise<{ result: T | Error; mb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  let result: T | Error;
  try {
    result = await fn();
  } catch (e) {
    result = e as Error;
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, mb: (peak - start) / 2 ** 20 };
}

describe('streaming a submission (the import holds no rows)', () => {
  it('gives the Cover first, then every row in order to the callback, holding only the sheets asked for', async () => {
    const sub = await openSubmission(original);
    const seen: Record<string, unknown[]> = {};
    let r;
    try {
      expect(sub.cover).toEqual(base.cover);
      expect(sub.coverSha256).toBe(base.coverSha256);
      r = await sub.readSheets({
        onRow: (sheet, row) => (seen[sheet] ??= []).push(row),
        keep: (s) => s === 'Dictionary',
      });
      await expect(sub.readSheets()).rejects.toThrow(/read already/);
    } finally {
      sub.close();
    }
    // A sheet without data rows (an empty Changes) gives the callback nothing.
    expect(seen).toEqual(Object.fromEntries(Object.entries(base.sheets).filter(([, rows]) => rows.length)));
    expect(Object.keys(seen).length).toBeGreaterThan(5);
    expect(Object.keys(r.sheets)).toEqual(['Dictionary']);
    expect(r.sheets.Dictionary).toEqual(base.sheets.Dictionary);
    expect(r.hashCheck).toEqual(base.hashCheck);
    expect(r.hashCheck.ok).toBe(true);
  });

  it('a sheet left out is neither read nor counted as a mismatch', async () => {
    const sub = await openSubmission(original);
    try {
      const r = await sub.readSheets({ only: (s) => s === 'Dictionary' });
      expect(r.hashCheck.ok).toBe(true);
      expect(r.sheets).toEqual({});
    } finally {
      sub.close();
    }
  });
});

describe('a submission re-saved by another writer verifies', () => {
  it('the exceljs non-streaming writer (shared strings, its own styles and zip)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(original);
    const resaved = join(fx.dir, 'resaved-exceljs.xlsx');
    await wb.xlsx.writeFile(resaved);
    const z = await JSZip.loadAsync(readFileSync(resaved));
    // It really is another layout: a shared-string table where the site wrote inline strings.
    expect(Object.keys(z.files)).toContain('xl/sharedStrings.xml');
    expect(readFileSync(resaved).equals(readFileSync(original))).toBe(false);
    const r = await readSubmission(resaved);
    expect(r.hashCheck).toEqual({ ok: true, mismatches: [] });
    expect(r.sheets).toEqual(base.sheets);
    expect(r.cover).toEqual(base.cover);
    expect(r.coverSha256).toBe(base.coverSha256);
  });

  it('a zip with its entries in reverse order and the styles part removed', async () => {
    const reordered = [...entries].reverse().filter((e) => e.name !== 'xl/styles.xml');
    expect(reordered[0]!.name).not.toBe(entries[0]!.name);
    const f = write('reordered.xlsx', rawZip(reordered));
    const r = await readSubmission(f);
    expect(r.hashCheck.ok).toBe(true);
    expect(r.sheets).toEqual(base.sheets);
  });

  it('sitecrf read takes the re-saved copy (exit 0)', async () => {
    const f = write('reordered2.xlsx', rawZip([...entries].reverse()));
    let out = '';
    expect(await runRead(f, { write: (s: string) => (out += s) })).toBe(0);
    expect(JSON.parse(out).sheets.REG).toHaveLength(5);
  });

  it('a changed value is refused naming the sheet', async () => {
    const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet6.xml')!;
    const xml = sheet.data.toString('utf8');
    // One number in a data row of PROC (sheet 6) made one larger.
    const m = /<c r="([A-Z]+)3"[^>]*><v>(\d+(?:\.\d+)?)<\/v>/.exec(xml)!;
    const edited = xml.replace(m[0], m[0].replace(`<v>${m[2]}</v>`, `<v>${Number(m[2]) + 1}</v>`));
    const f = write(
      'edited.xlsx',
      rawZip(entries.map((e) => (e === sheet ? { name: e.name, data: Buffer.from(edited) } : e))),
    );
    const r = await readSubmission(f);
    expect(r.hashCheck.ok).toBe(false);
    expect(r.hashCheck.mismatches.map((x) => x.sheet)).toEqual(['PROC']);
  });
});

const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`;
const ROOT_RELS = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WB = `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Cover" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WB_RELS = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

function book(sheetXml: RawEntry | string, workbookXml = WB): Buffer {
  const sheet =
    typeof sheetXml === 'string' ? { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml) } : sheetXml;
  return rawZip([
    { name: '[Content_Types].xml', data: Buffer.from(CT) },
    { name: '_rels/.rels', data: Buffer.from(ROOT_RELS) },
    { name: 'xl/workbook.xml', data: Buffer.from(workbookXml) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(WB_RELS) },
    sheet,
  ]);
}

describe('hostile workbooks are refused within bounded memory', () => {
  it('a zip bomb that declares its size: refused from the central directory', async () => {
    const f = write(
      'bomb-declared.xlsx',
      book({ name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), declaredSize: 0xfffffff0 }),
    );
    const { result, mb } = await peakGrowthMb(() => readSubmission(f));
    expect(String(result)).toMatch(/unpacks to 4294967280 bytes, more than the \d+ allowed \(a zip bomb\?\)/);
    expect(mb).toBeLessThan(100);
  });

  it('a zip bomb that lies about its size: refused as it inflates', async () => {
    // 128 MiB of XML whitespace deflates to a few hundred KB; the headers claim 200 bytes.
    const data = Buffer.alloc(128 * 2 ** 20, 0x20);
    const f = write(
      'bomb-lying.xlsx',
      book({
        name: 'xl/worksheets/sheet1.xml',
        data: Buffer.alloc(0),
        deflated: deflateRawSync(data),
        declaredSize: 200,
      }),
    );
    const { result, mb } = await peakGrowthMb(() => readSubmission(f));
    expect(String(result)).toContain('entry xl/worksheets/sheet1.xml does not unpack to its declared size');
    expect(mb).toBeLessThan(150);
  });

  it('entity expansion (billion laughs): refused at the DOCTYPE, nothing expanded', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
    const f = write(
      'laughs.xlsx',
      book(
        `${lol}<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>`,
      ),
    );
    const { result, mb } = await peakGrowthMb(() => readSubmission(f));
    expect(String(result)).toContain('xl/worksheets/sheet1.xml has a DOCTYPE');
    expect(mb).toBeLessThan(100);
    const g = write('laughs-wb.xlsx', book('<worksheet/>', WB.replace('<workbook', `${lol.slice(21)}<workbook`)));
    await expect(readSubmission(g)).rejects.toThrow('xl/workbook.xml has a DOCTYPE');
  });

  it('a huge sheet: rows past the cap are refused as they stream, and so are columns past XFD', async () => {
    // The site's own Cover, then a Summary of 120,000 rows (about 5 MB of XML) against a cap of 100,000.
    const parts: string[] = ['<worksheet><sheetData>'];
    for (let r = 1; r <= 120_000; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
    parts.push('</sheetData></worksheet>');
    const huge = Buffer.from(parts.join(''));
    const f = write(
      'huge.xlsx',
      rawZip(entries.map((e) => (e.name === 'xl/worksheets/sheet2.xml' ? { name: e.name, data: huge } : e))),
    );
    const { result, mb } = await peakGrowthMb(() =>
      readSubmission(f, { keepRows: false, limits: { maxRows: 100_000 } }),
    );
    expect(String(result)).toContain('sheet Summary has more than 100000 rows');
    expect(mb).toBeLessThan(150);
    // The default cap is Excel's own: a row numbered past it is refused at once.
    const far = write(
      'far.xlsx',
      book('<worksheet><sheetData><row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData></worksheet>'),
    );
    await expect(readSubmission(far)).rejects.toThrow('sheet Cover has more than 1048576 rows');
    const wide = write(
      'wide.xlsx',
      book('<worksheet><sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>'),
    );
    await expect(readSubmission(wide)).rejects.toThrow('sheet Cover has more than 16384 columns');
  });

  it('a Cover too long to be one is refused before it is held', async () => {
    const parts: string[] = ['<worksheet><sheetData>'];
    for (let r = 1; r <= 20_000; r++)
      parts.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>k${r}</t></is></c></row>`);
    parts.push('</sheetData></worksheet>');
    await expect(readSubmission(write('long-cover.xlsx', book(parts.join(''))))).rejects.toThrow(
      'the Cover has more than 10000 rows',
    );
  });

  it('not a zip, and a zip that is not a workbook, each get their own message', async () => {
    await expect(readSubmission(write('text.xlsx', Buffer.from('hello')))).rejects.toThrow(/not a zip archive/);
    await expect(
      readSubmission(write('empty.xlsx', rawZip([{ name: 'a.txt', data: Buffer.from('x') }]))),
    ).rejects.toThrow(/no workbook part/);
    await expect(
      readSubmission(write('nocover.xlsx', book('<worksheet/>', WB.replace('name="Cover"', 'name="Data"')))),
    ).rejects.toThrow(/no Cover sheet/);
  });
});
