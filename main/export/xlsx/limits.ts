/**
 * What a workbook from outside may hold before the reader refuses it. The defaults are far above
 * a real submission (a 10,000-subject workbook unpacks to about 100 MB and has about 10,000 rows
 * a sheet) and far below what would exhaust the sponsor's machine.
 */
export interface ReadLimits {
  maxEntries: number;
  /** Uncompressed bytes of one zip entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Rows of one sheet (Excel's own maximum). */
  maxRows: number;
  /** Columns of one sheet (Excel's own maximum, XFD). */
  maxColumns: number;
  /** Characters of one cell (Excel's own maximum). */
  maxCellChars: number;
  /** Entries of the shared-string table. */
  maxSharedStrings: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 1 << 30,
  maxTotalBytes: 2 * (1 << 30),
  maxRows: 1_048_576,
  maxColumns: 16_384,
  maxCellChars: 32_767,
  maxSharedStrings: 4_000_000,
};

/** A workbook the reader will not take: one clear message saying why. */
export class ReadRefusal extends Error {
  constructor(
    readonly kind: 'zip' | 'xml' | 'layout' | 'limit',
    message: string,
  ) {
    super(message);
  }
}
