/**
 * The history of a later period computed from the store, one data sheet at a time: the
 * previous current submission's rows and the new one's (already appended in the import's
 * transaction) are read back sheet by sheet, so memory holds two versions of one sheet at most.
 */
import { SubmissionDiff, type HistoryResult, type Row } from './history';
import { STRUCTURAL_SHEETS } from './schema';
import type { Store } from './store';

const structural = new Set<string>(STRUCTURAL_SHEETS);

async function sheetRows(store: Store, submissionId: number, sheet: string): Promise<Row[]> {
  const rows = await store.all('SELECT data FROM sheet_rows WHERE submission_id = $1 AND sheet = $2 ORDER BY row_no', [
    submissionId,
    sheet,
  ]);
  return rows.map((r) => JSON.parse(String(r.data)) as Row);
}

export async function diffStored(
  store: Store,
  previousId: number,
  submissionId: number,
  changesSheet: readonly Row[],
  dictionary: readonly Row[],
): Promise<HistoryResult> {
  const sheets = await store.all(
    'SELECT DISTINCT sheet FROM sheet_rows WHERE submission_id = $1 OR submission_id = $2 ORDER BY sheet',
    [previousId, submissionId],
  );
  const d = new SubmissionDiff(changesSheet, dictionary);
  for (const { sheet } of sheets) {
    const name = String(sheet);
    if (structural.has(name)) continue;
    d.sheet(name, await sheetRows(store, previousId, name), await sheetRows(store, submissionId, name));
  }
  return d.result();
}
