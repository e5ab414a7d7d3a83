/**
 * Writing a submission's rows into the store with DuckDB's appender, row by row as the reader
 * streams them: the appender gathers them into its own chunks (2,048 rows) and hands each full
 * chunk to the transaction, so neither the workbook nor the store's batch is ever held whole in
 * JavaScript. The rows stay the transaction's until it commits: a refused file rolls them back.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import type { SheetRow } from '../export/workbook-reader';
import type { RowChange } from './history';
import type { Store } from './store';

export interface RowSink {
  row(sheet: string, row: SheetRow): void;
  /** Rows appended so far, by sheet. */
  readonly counts: ReadonlyMap<string, number>;
  close(): void;
}

/** sheet_rows: (submission_id, site, sheet, row_no, subject_id, instance, data JSON). */
export async function sheetRowSink(store: Store, submissionId: number, site: string): Promise<RowSink> {
  const app: DuckDBAppender = await store.conn.createAppender('sheet_rows');
  const counts = new Map<string, number>();
  let closed = false;
  return {
    counts,
    row(sheet, row) {
      const n = (counts.get(sheet) ?? 0) + 1;
      counts.set(sheet, n);
      app.appendInteger(submissionId);
      app.appendVarchar(site);
      app.appendVarchar(sheet);
      app.appendInteger(n);
      const sid = row.subject_id;
      if (sid === null || sid === undefined) app.appendNull();
      else app.appendVarchar(String(sid));
      const inst = row.instance;
      if (typeof inst === 'number' && Number.isInteger(inst)) app.appendInteger(inst);
      else app.appendNull();
      app.appendVarchar(JSON.stringify(row));
      app.endRow();
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        app.flushSync();
      } finally {
        app.closeSync();
      }
    },
  };
}

/** row_changes: what changed between the site's previous current submission and this one. */
export async function appendChanges(
  store: Store,
  submissionId: number,
  previousId: number,
  site: string,
  changes: readonly RowChange[],
): Promise<void> {
  const app = await store.conn.createAppender('row_changes');
  try {
    for (const x of changes) {
      app.appendInteger(submissionId);
      app.appendInteger(previousId);
      app.appendVarchar(site);
      app.appendVarchar(x.sheet);
      app.appendVarchar(x.subjectId);
      if (x.instance === null) app.appendNull();
      else app.appendInteger(x.instance);
      if (x.column === null) app.appendNull();
      else app.appendVarchar(x.column);
      app.appendVarchar(x.change);
      app.appendBoolean(x.inChangesSheet);
      app.endRow();
    }
    app.flushSync();
  } finally {
    app.closeSync();
  }
}
