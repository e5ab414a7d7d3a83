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
import { diffSubmissions, listedInChanges, type Row } from './history';
import { proveEdits, rowSetDifference, type ProvedEdit } from './locate';
import type { Store } from './store';

const MAX_NAMED = 10;

/** What the naming needs of a refused file: its Cover, its hash check, and the rows of the sheets that differ. */
export type TamperedRead = Pick<ReadResult, 'cover' | 'coverSha256' | 'hashCheck' | 'sheets'>;

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

const missing = (c: { sheet: string; subjectId: string; instance: number | null }): string =>
  `${c.sheet}: row for subject ${c.subjectId}${c.instance !== null ? ` #${c.instance}` : ''} missing (exported, not in this file)`;

/** The stored rows of each sheet that the file does not have (matched by subject and instance). */
export function missingRows(
  stored: ReadonlyMap<string, readonly Row[]>,
  file: Record<string, Row[]>,
): { sheet: string; subjectId: string; instance: number | null }[] {
  const out: { sheet: string; subjectId: string; instance: number | null }[] = [];
  for (const [sheet, rows] of stored) {
    const inFile = new Set((file[sheet] ?? []).map(keyOf));
    for (const r of rows)
      if (!inFile.has(keyOf(r)))
        out.push({
          sheet,
          subjectId: String(r.subject_id),
          instance: typeof r.instance === 'number' ? r.instance : null,
        });
  }
  return out;
}

function list(items: string[]): string {
  const more = items.length > MAX_NAMED ? `; and ${items.length - MAX_NAMED} more` : '';
  return items.slice(0, MAX_NAMED).join('; ') + more;
}

/**
 * Against the site's stored submissions (the one this file names as its previous first, then
 * the current, then the latest): the edits that, undone, give back the Cover's hash.
 */
async function provedText(store: Store, read: TamperedRead, file: string, sheets: string[]): Promise<string | null> {
  const subs = await store.all(
    `SELECT id FROM submissions WHERE site = $1
     ORDER BY (file_sha256 = $2) DESC, is_current DESC, period DESC, id DESC LIMIT 3`,
    [read.cover.site.code, read.cover.previous?.sha256 ?? ''],
  );
  const listed = listedInChanges((read.sheets.Changes ?? []) as Row[], (read.sheets.Dictionary ?? []) as Row[]);
  const found: ProvedEdit[] = [];
  let from = 0;
  for (const sheet of sheets) {
    const expected = read.cover.sha256[sheet];
    if (!expected) continue;
    for (const s of subs) {
      const id = Number(s.id);
      const proved = await proveEdits(file, sheet, expected, (await storedRows(store, id, [sheet])).get(sheet)!, {
        listed: (c) => listed(sheet, c.subjectId, c.instance, c.column),
      });
      if (proved.length) {
        found.push(...proved);
        from ||= id;
        break;
      }
    }
  }
  if (!found.length) return null;
  return ` Edited after the export (undoing it gives back the Cover's hash; the exported value is submission #${from}'s): ${list(
    found.map((c) =>
      c.kind === 'deleted'
        ? missing(c)
        : c.kind === 'added'
          ? `${where(c)}: a row that was not exported`
          : `${where(c)}: ${show(c.exported)} exported, ${show(c.inFile)} in this file`,
    ),
  )}.`;
}

function rowSetText(stored: ReadonlyMap<string, readonly Row[]>, read: TamperedRead, id: number): string {
  const parts: string[] = [];
  for (const [sheet, rows] of stored) {
    const d = rowSetDifference(rows, (read.sheets[sheet] ?? []) as Row[]);
    if (d.added.length) parts.push(`${sheet}: subjects not in submission #${id}: ${list(d.added)}`);
    if (d.removed.length) parts.push(`${sheet}: subjects of submission #${id} missing here: ${list(d.removed)}`);
  }
  return parts.length ? ` ${parts.join('. ')}.` : '';
}

/** What the store can say about where a tampered workbook was edited ('' if nothing). */
export async function editedCellsText(store: Store, read: TamperedRead, file: string): Promise<string> {
  const sheets = read.hashCheck.mismatches.map((m) => m.sheet).filter((s) => s in read.sheets);
  if (!sheets.length) return '';
  const same = await store.all('SELECT id FROM submissions WHERE cover_sha256 = $1 ORDER BY id LIMIT 1', [
    read.coverSha256,
  ]);
  if (same[0]) {
    const id = Number(same[0].id);
    const stored = await storedRows(store, id, sheets);
    const named = [
      ...differingCells(stored, read.sheets).map(
        (c) => `${where(c)}: ${show(c.stored)} exported, ${show(c.inFile)} in this file`,
      ),
      ...missingRows(stored, read.sheets).map(missing),
    ];
    if (!named.length) return '';
    return ` Edited since the export (submission #${id} holds it as exported): ${list(named)}.`;
  }
  const current = await store.all('SELECT id FROM submissions WHERE site = $1 AND is_current', [read.cover.site.code]);
  if (!current[0])
    return ` The store holds no submission of ${read.cover.site.code} to compare with, so the edited cell cannot be located.`;
  const proved = await provedText(store, read, file, sheets);
  if (proved) return proved;
  const id = Number(current[0].id);
  const stored = await storedRows(store, id, sheets);
  const dictionary = (read.sheets.Dictionary ?? []) as Row[];
  const h = diffSubmissions(
    stored,
    new Map(sheets.map((s) => [s, read.sheets[s] as Row[]])),
    (read.sheets.Changes ?? []) as Row[],
    dictionary,
  );
  const suspects = h.changes.filter((c) => !c.inChangesSheet && c.column !== null);
  const rowSet = rowSetText(stored, read, id);
  if (!suspects.length) return rowSet;
  return ` Changed since submission #${id} without a row in its own Changes sheet: ${list(suspects.map(where))}.${rowSet}`;
}
