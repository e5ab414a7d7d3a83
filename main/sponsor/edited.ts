/**
 * Naming the cells of a refused (tampered) workbook. The Cover holds one hash per sheet, so the
 * file alone says only which sheet changed. The store says more: when it already holds the
 * submission as exported (same Cover), every cell that differs from it was edited after the
 * export; otherwise, against the site's current submission, the cells that differ and that the
 * workbook's own Changes sheet (written from the site's audit trail) does not list are the
 * suspects. Either way the refusal names sheet, subject and column.
 */
import type { Cell } from '../export/layout';
import type { ReadResult } from '../export/workbook-reader';
import { diffSubmissions, type Row } from './history';
import type { Store } from './store';

const MAX_NAMED = 10;

export interface EditedCell {
  sheet: string;
  subjectId: string;
  instance: number | null;
  column: string;
  stored: Cell;
  inFile: Cell;
}

const keyOf = (r: Row): string => `${String(r.subject_id)}\u0000${typeof r.instance === 'number' ? r.instance : ''}`;
const show = (v: Cell | undefined): string => (v === null || v === undefined ? 'blank' : JSON.stringify(v));

async function storedRows(store: Store, submissionId: number, sheets: string[]): Promise<Map<string, Row[]>> {
  const out = new Map<string, Row[]>(sheets.map((s) => [s, []]));
  for (const s of sheets)
    for (const r of await store.all(
      'SELECT data FROM sheet_rows WHERE submission_id = $1 AND sheet = $2 ORDER BY row_no',
      [submissionId, s],
    ))
      out.get(s)!.push(JSON.parse(String(r.data)) as Row);
  return out;
}

/** Every cell of the given sheets that differs between the stored rows and the file's. */
export function differingCells(stored: ReadonlyMap<string, readonly Row[]>, file: Record<string, Row[]>): EditedCell[] {
  const out: EditedCell[] = [];
  for (const [sheet, rows] of stored) {
    const old = new Map(rows.map((r) => [keyOf(r), r]));
    for (const r of file[sheet] ?? []) {
      const o = old.get(keyOf(r)) ?? {};
      for (const col of new Set([...Object.keys(o), ...Object.keys(r)]))
        if ((o[col] ?? null) !== (r[col] ?? null))
          out.push({
            sheet,
            subjectId: String(r.subject_id),
            instance: typeof r.instance === 'number' ? r.instance : null,
            column: col,
            stored: o[col] ?? null,
            inFile: r[col] ?? null,
          });
    }
  }
  return out;
}

const where = (c: { sheet: string; subjectId: string; instance: number | null; column: string | null }): string =>
  `${c.sheet} subject ${c.subjectId}${c.instance !== null ? ` #${c.instance}` : ''} column ${c.column ?? '(whole row)'}`;

function list(items: string[]): string {
  const more = items.length > MAX_NAMED ? `; and ${items.length - MAX_NAMED} more` : '';
  return items.slice(0, MAX_NAMED).join('; ') + more;
}

/** What the store can say about where a tampered workbook was edited ('' if nothing). */
export async function editedCellsText(store: Store, read: ReadResult): Promise<string> {
  const sheets = read.hashCheck.mismatches.map((m) => m.sheet).filter((s) => s in read.sheets);
  if (!sheets.length) return '';
  const same = await store.all('SELECT id FROM submissions WHERE cover_sha256 = $1 ORDER BY id LIMIT 1', [
    read.coverSha256,
  ]);
  if (same[0]) {
    const id = Number(same[0].id);
    const cells = differingCells(await storedRows(store, id, sheets), read.sheets);
    if (!cells.length) return '';
    return ` Edited since the export (submission #${id} holds it as exported): ${list(
      cells.map((c) => `${where(c)}: ${show(c.stored)} exported, ${show(c.inFile)} in this file`),
    )}.`;
  }
  const current = await store.all('SELECT id FROM submissions WHERE site = $1 AND is_current', [read.cover.site.code]);
  if (!current[0]) return '';
  const id = Number(current[0].id);
  const dictionary = (read.sheets.Dictionary ?? []) as Row[];
  const h = diffSubmissions(
    await storedRows(store, id, sheets),
    new Map(sheets.map((s) => [s, read.sheets[s] as Row[]])),
    (read.sheets.Changes ?? []) as Row[],
    dictionary,
  );
  const suspects = h.changes.filter((c) => !c.inChangesSheet && c.column !== null);
  if (!suspects.length) return '';
  return ` Changed since submission #${id} without a row in its own Changes sheet: ${list(suspects.map(where))}.`;
}
