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

export const CANONICAL_HASH_DEFINITION =
  'SHA-256 (hex) over the UTF-8 text made of one line per row, in order, header and banner rows included: the JSON array of the cell values from column A to the last non-empty cell (empty cell = null, number = JSON number, text = JSON string), each followed by a newline. Formatting is not hashed.';

export function canonicalLine(cells: readonly Cell[]): string {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] === null || cells[end - 1] === undefined || cells[end - 1] === '')) end--;
  const out: Cell[] = [];
  for (let i = 0; i < end; i++) {
    const c = cells[i];
    out.push(c === undefined || c === '' ? null : (c as Cell));
  }
  return `${JSON.stringify(out)}\n`;
}

/** Hashes a sheet row by row and keeps what the writer needs to lay it out (rows, widths). */
export class SheetDigest {
  private readonly hash: Hash = createHash('sha256');
  rows = 0;
  readonly widths: number[] = [];

  add(cells: readonly Cell[]): void {
    this.hash.update(canonicalLine(cells));
    this.rows++;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (c === null || c === undefined) continue;
      const len = Math.min(60, String(c).length);
      if (len > (this.widths[i] ?? 0)) this.widths[i] = len;
    }
  }

  hex(): string {
    return this.hash.copy().digest('hex');
  }
}
