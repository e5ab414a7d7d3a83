/**
 * Text cells that a spreadsheet could take for a formula, made plain text (OWASP's CSV-injection
 * advice). An .xlsx cell written as text is never evaluated, but it becomes a formula after a
 * "save as CSV" or an F2+Enter in Excel. So a text value starting with = + - @, a tab or a carriage
 * return is written with a leading apostrophe ('), which the Dictionary sheet states; the
 * canonical hash covers the value as written, apostrophe included.
 *
 * Separately, OOXML reads `_xHHHH_` in a cell's text as the character U+HHHH, so a literal
 * `_x003D_` would show as "=": the writer escapes its underscore (`_x005F_`), the reader decodes.
 */
import type { Cell } from './layout';

const FORMULA_START = /^[=+\-@\t\r]/;

export const CELL_SAFETY_NOTE =
  "A text value that starts with = + - @, a tab or a carriage return is written with a leading apostrophe ('), so that no spreadsheet takes it for a formula (OWASP CSV-injection advice): remove that one apostrophe to get the value as entered. Numbers are written as numbers and never prefixed.";

export function safeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export function safeCell(c: Cell): Cell {
  return typeof c === 'string' && FORMULA_START.test(c) ? `'${c}` : c;
}

/** The row as written: the same array when nothing needed the prefix (the common case, no copy). */
export function safeRow<T extends Cell | undefined>(cells: readonly T[]): readonly T[] {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (typeof c === 'string' && FORMULA_START.test(c))
      return cells.map((x) => (typeof x === 'string' ? safeText(x) : x)) as T[];
  }
  return cells;
}

const LITERAL_ESCAPE = /_(x[0-9A-Fa-f]{4}_)/g;
const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** For the xlsx writer: a literal `_xHHHH_` keeps its meaning (`_x005F_xHHHH_`). */
export function escapeOoxmlText(s: string): string {
  return s.includes('_x') ? s.replace(LITERAL_ESCAPE, '_x005F_$1') : s;
}

/** For the xlsx reader: `_xHHHH_` is the character U+HHHH (ECMA-376 ST_Xstring). */
export function decodeOoxmlText(s: string): string {
  return s.includes('_x') ? s.replace(ESCAPE, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/** A row for an .xlsx written directly with exceljs (not through the sheet writer's digest). */
export function xlsxRow(cells: readonly Cell[]): Cell[] {
  return safeRow(cells).map((c) => (typeof c === 'string' ? escapeOoxmlText(c) : c));
}
