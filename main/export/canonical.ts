/**
 * The canonical content of a sheet, hashed on the Cover so the sponsor (and `sitecrf read`)
 * can tell a hand-edited workbook from the one the site sent.
 *
 * Definition (also written on the Cover): for every row of the sheet in order, header rows and
 * any banner row included, the JSON array of the row's cell values as written, from column A to
 * the last non-empty cell, an empty cell as null, a number as a JSON number and text as a JSON
 * string; each array followed by "\n"; the sheet's hash is the SHA-256 (hex) of that UTF-8 text.
 * Formatting (widths, styles, frozen panes) is not content and is not hashed.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Cell } from './layout';
import { safeRow } from './cell-safety';

export const CANONICAL_HASH_DEFINITION =
  'SHA-256 (hex) over the UTF-8 text made of one line per row, in order, header and banner rows included: the JSON array of the cell values from column A to the last non-empty cell (empty cell = null, number = JSON number, text = JSON string), each followed by a newline. Formatting is not hashed.';

const isEmpty = (c: Cell | undefined): boolean => c === null || c === undefined || c === '';

export function canonicalLine(cells: readonly Cell[]): string {
  let end = cells.length;
  while (end > 0 && isEmpty(cells[end - 1])) end--;
  // Most rows need no rewriting: no trailing blanks, no '' or undefined inside.
  let plain = end === cells.length;
  for (let i = 0; plain && i < end; i++) if (cells[i] === undefined || cells[i] === '') plain = false;
  if (plain) return `${JSON.stringify(cells)}\n`;
  const out: Cell[] = new Array<Cell>(end);
  for (let i = 0; i < end; i++) {
    const c = cells[i];
    out[i] = c === undefined || c === '' ? null : c;
  }
  return `${JSON.stringify(out)}\n`;
}

/** Characters a cell shows, capped at 60 (the widest column the writer makes). */
function shownLength(c: Cell | undefined): number {
  if (typeof c === 'string') return c.length > 60 ? 60 : c.length;
  if (typeof c !== 'number') return 0;
  // Whole numbers (day offsets, years, counts) without making a string of each.
  if (Number.isInteger(c) && c > -1e9 && c < 1e9) {
    let n = c < 0 ? 2 : 1;
    for (let a = Math.abs(c); a >= 10; a = Math.floor(a / 10)) n++;
    return n;
  }
  return Math.min(60, String(c).length);
}

/**
 * Hashes a sheet row by row (or, for text already in canonical form, chunk by chunk) and keeps
 * what the writer needs to lay it out (rows, widths).
 */
export class SheetDigest {
  private readonly hash: Hash = createHash('sha256');
  rows = 0;
  readonly widths: number[] = [];

  /**
   * One row as the writer will write it (text that looks like a formula gets its apostrophe,
   * cell-safety.ts): hashed as its canonical line, counted and measured.
   */
  add(cells: readonly Cell[]): void {
    this.addAsRead(safeRow(cells));
  }

  /** One row exactly as a reader found it in a file: a removed apostrophe must change the hash. */
  addAsRead(cells: readonly Cell[]): void {
    this.hash.update(canonicalLine(cells));
    this.rows++;
    this.measure(cells);
  }

  /** Text that is already canonical lines (e.g. a spool's bytes): hashed as is, `rows` lines. */
  addCanonical(text: string | Buffer, rows: number): void {
    this.hash.update(text);
    this.rows += rows;
  }

  /** Widens the columns to fit a row's cells (the hash is not touched). */
  measure(cells: readonly Cell[]): void {
    const w = this.widths;
    for (let i = 0; i < cells.length; i++) {
      const len = shownLength(cells[i]);
      if (len > (w[i] ?? 0)) w[i] = len;
    }
  }

  hex(): string {
    return this.hash.copy().digest('hex');
  }
}
