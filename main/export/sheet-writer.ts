/**
 * Writes one sheet with exceljs's streaming writer: header rows (codes, then labels) frozen,
 * auto-filter over the table, widths fitted from the hash pass, no merged cells, no formulas,
 * each row committed as it is made so the workbook is never held in memory.
 */
import type ExcelJS from 'exceljs';
import { SheetDigest } from './canonical';
import { escapeOoxmlText, safeRow } from './cell-safety';
import type { Cell } from './layout';
import type { SheetColumn, SheetSource } from './sheet-source';

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;

export interface SheetPlan {
  /** The profile's PHI banner, heading the sheet; null for none. */
  banner: string | null;
  /** Data rows counted by the hash pass: the auto-filter must cover them before they are written. */
  dataRows: number;
  widths: number[];
  /** Keep the subject ID in view when scrolling right. */
  freezeFirstColumn: boolean;
}

export function headerRows(columns: SheetColumn[], banner: string | null): Cell[][] {
  const rows: Cell[][] = [];
  // limited, identified: the banner heads every sheet, so no page of it passes for de-identified.
  if (banner !== null) rows.push([banner]);
  rows.push(
    columns.map((c) => c.code),
    columns.map((c) => c.label),
  );
  return rows;
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Header cells for exceljs: a literal `_xHHHH_` escaped (the digest has the unescaped text). */
const forXlsx = (cells: readonly Cell[]): Cell[] => cells.map((c) => (typeof c === 'string' ? escapeOoxmlText(c) : c));

/** The style of a cell without a number format (never mutated: it is shared). */
const NO_STYLE: Partial<ExcelJS.Style> = {};

/** Lets the zip stream drain: without it the rows of a tight loop pile up in memory. */
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Digest of the header rows plus the source's rows, as the writer will write them. */
export function digestOf(src: SheetSource, banner: string | null): SheetDigest {
  const d = startDigest(src.columns, banner);
  for (const r of src.rows()) d.add(r);
  return d;
}

/** A digest holding the header rows (and banner) of a sheet with these columns. */
export function startDigest(columns: SheetColumn[], banner: string | null): SheetDigest {
  const d = new SheetDigest();
  for (const r of headerRows(columns, banner)) d.add(r);
  return d;
}

/**
 * Writes the sheet and returns the digest of what it wrote, so the caller can check it against
 * the hash pass that the Cover already states.
 */
export async function writeSheet(
  wb: Writer,
  src: SheetSource,
  plan: SheetPlan,
  onRow?: () => void,
): Promise<SheetDigest> {
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
  // One style object per column, shared by every data cell of it (and one by every data row):
  // exceljs looks a style up by object identity first, so a shared object is rendered once,
  // where a fresh one per cell would be rendered to XML and looked up for every cell.
  const styles: Partial<ExcelJS.Style>[] = src.columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : NO_STYLE));
  ws.columns = src.columns.map((c, i) => ({
    key: c.code,
    width: Math.min(60, Math.max(8, c.code.length, Math.min(c.label.length, 40), plan.widths[i] ?? 0) + 2),
    style: styles[i]!,
  }));
  const spooled = src.readDigest !== undefined;
  const own = spooled ? null : new SheetDigest();
  for (const h of headers) {
    const row = ws.addRow(forXlsx(safeRow(h)));
    row.font = { bold: true };
    row.commit();
    own?.add(h);
  }
  let i = 0;
  const shareStyle = (cell: ExcelJS.Cell, col: number): void => {
    cell.style = styles[col - 1] ?? NO_STYLE;
  };
  for (const cells of src.rows()) {
    // An empty cell (null or '', as the canonical form says) is not written at all. A spool's
    // rows are fresh arrays of its own: they are emptied in place rather than copied.
    // Formula-like text gets its apostrophe (a spool's rows already have it; the prefix is idempotent).
    const safe = safeRow(cells);
    const values = (spooled || safe !== cells ? safe : cells.slice()) as (Cell | undefined)[];
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (v === null || v === '') values[k] = undefined;
      else if (typeof v === 'string') values[k] = escapeOoxmlText(v);
    }
    const row = ws.addRow(values);
    // Row.style exists at run time but not in exceljs's types.
    (row as unknown as { style: Partial<ExcelJS.Style> }).style = NO_STYLE;
    row.eachCell(shareStyle);
    row.commit();
    own?.add(cells);
    onRow?.();
    if (++i % 512 === 0) await tick();
  }
  ws.commit();
  await tick();
  return own ?? src.readDigest!();
}
