/** What the workbook writer consumes: a named sheet, its columns, and rows produced on demand. */
import type { Cell } from './layout';

export interface SheetColumn {
  code: string;
  label: string;
  numFmt?: string;
}

export interface SheetSource {
  name: string;
  columns: SheetColumn[];
  /** Called once for the hash pass and once for the write pass: must yield the same rows. */
  rows(): Iterable<Cell[]>;
}
