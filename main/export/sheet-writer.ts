/**
 * Writes one sheet with exceljs's streaming writer: header rows (codes, then labels) frozen,
 * auto-filter over the table, widths fitted from the hash pass, no merged cells, no formulas,
 * each row committed as it is made so the workbook is never held in memory.
 */
import type ExcelJS from 'exceljs';
import { SheetDigest } from './canonical';
import type { Cell } from './layout';
import { PHI_BANNER } from './profiles';
import type { SheetColumn, SheetSource } from './sheet-source';

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;

export interface SheetPlan {
  banner: boolean;
  /** Data rows counted by the hash pass: the auto-filter must cover them before they are written. */
  dataRows: number;
  widths: number[];
  /** Keep the subject ID in view when scrolling right. */
  freezeFirstColumn: boolean;
}

export function headerRows(columns: SheetColumn[], banner: boolean): Cell[][] {
  const rows: Cell[][] = [];
  // identified: the banner heads every sheet, so no page of it can pass for a submission.
  if (banner) rows.push([PHI_BANNER]);
  rows.push(columns.map((c) => c.code), columns.map((c) => c.label));
  return rows;
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Lets the zip stream drain: without it the rows of a tight loop pile up in memory. */
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Digest of the header rows plus the source's rows, as the writer will write them. */
export function digestOf(src: SheetSource, banner: boolean): SheetDigest {
  const d = startDigest(src.columns, banner);
  for (const r of src.rows()) d.add(r);
  return d;
}

export function startDigest(columns: SheetColumn[], banner: boolean): SheetDigest {
  const d = new SheetDigest();
  for (const r of headerRows(columns, banner)) d.add(r);
  return d;
}

/**
 * Writes the sheet and returns the digest of what it wrote, so the caller can check it against
 * the hash pass that the Cover already states.
 */
export async function writeSheet(wb: Writer, src: SheetSource, plan: SheetPlan, onRow?: () => void): Promise<SheetDigest> {
  const headers = headerRows(src.columns, plan.banner);
  const n = src.columns.length;
  const top = headers.length;
  // The streaming writer takes views and the auto-filter when the sheet is added (its types omit autoFilter).
  const options = {
    views: [{ state: 'frozen', xSplit: plan.freezeFirstColumn ? 1 : 0, ySplit: top }],
    // The filter row is the labels row, right above the data, so sorting never moves the codes row.
    autoFilter: `A${top}:${colLetter(n)}${top + plan.dataRows}`,
  } as Partial<ExcelJS.AddWorksheetOptions>;
  const ws = wb.addWorksheet(src.name, options);
  ws.columns = src.columns.map((c, i) => ({
    key: c.code,
    width: Math.min(60, Math.max(8, c.code.length, Math.min(c.label.length, 40), plan.widths[i] ?? 0) + 2),
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  const digest = new SheetDigest();
  for (const h of headers) {
    const row = ws.addRow(h);
    row.font = { bold: true };
    row.commit();
    digest.add(h);
  }
  let i = 0;
  for (const cells of src.rows()) {
    // An empty text is written as an empty cell, as the canonical form says.
    ws.addRow(cells.map((c) => (c === '' ? null : c))).commit();
    digest.add(cells);
    onRow?.();
    if (++i % 256 === 0) await tick();
  }
  ws.commit();
  await tick();
  return digest;
}
