/** What the workbook writer consumes: a named sheet, its columns, and rows produced on demand. */
import type { SheetDigest } from './canonical';
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
  rows(): Iterable<readonly Cell[]>;
  /**
   * A source that hashes what it yields by itself (a spool hashes the bytes it reads back):
   * the digest of its last complete `rows()`, header rows included. The writer then does not
   * hash each row again.
   */
  readDigest?(): SheetDigest;
}
