/**
 * Finding the edited cell of a tampered sheet when the store does not hold that submission as
 * exported. The Cover's hash of the sheet is over its canonical lines, so a candidate "this cell
 * had value V" can be proved: put V back and the sheet's hash must become the Cover's. The
 * candidates are the cells that differ from a stored submission of the same site (matched by
 * subject and instance), the rows of subjects the stored one does not have (a row put in), and
 * its rows the file lacks (a row taken out). A value proved this way is named with both values;
 * nothing is guessed.
 */
import { createHash } from 'node:crypto';
import { canonicalLine } from '../export/canonical';
import type { Cell } from '../export/layout';
import { PHI_BANNERS } from '../export/profiles';
import { openBook, readSheetRows } from '../export/xlsx/book';
import { DEFAULT_LIMITS, type ReadLimits } from '../export/xlsx/limits';
import type { Row } from './history';

/** Proving a candidate costs one pass over the sheet's lines: at most this many are tried. */
const MAX_CANDIDATES = 400;

export interface ProvedEdit {
  sheet: string;
  subjectId: string;
  instance: number | null;
  /** cell: a value changed; added: a row that was not exported; deleted: an exported row taken out. */
  kind: 'cell' | 'added' | 'deleted';
  /** The column of a changed cell (null for a whole row). */
  column: string | null;
  exported: Cell;
  inFile: Cell;
}

/** Whether the workbook's own Changes sheet lists a change (such a change is the site's, not an edit). */
export type ListedChange = (c: { subjectId: string; instance: number | null; column: string | null }) => boolean;

/** The sheet's rows as the reader read them (gaps as empty rows), each with its canonical line. */
async function sheetLines(file: string, sheet: string, limits: ReadLimits): Promise<Cell[][]> {
  const book = await openBook(file, limits);
  try {
    const ref = book.sheets.find((s) => s.name === sheet);
    if (!ref) return [];
    const rows: Cell[][] = [];
    await readSheetRows(book, ref, (rowNo, cells) => {
      while (rows.length < rowNo - 1) rows.push([]);
      rows.push(cells);
    });
    return rows;
  } finally {
    book.zip.close();
  }
}

const keyOf = (subject: Cell | undefined, instance: Cell | undefined): string =>
  `${String(subject)}\u0000${typeof instance === 'number' ? instance : ''}`;

/**
 * One candidate edit, as the way to undo it: a cell's exported value put back, a row put in
 * taken out, or an exported row put back after the line `after` (the file's line of the row
 * the stored submission has before it).
 */
type Candidate =
  | { kind: 'cell'; at: number; col: number; value: Cell }
  | { kind: 'added'; at: number }
  | { kind: 'deleted'; after: number; gap: number | null; line: string; row: Row };

/** The sheet's hash with a set of candidates undone. */
function hashUndoing(rows: readonly Cell[][], lines: readonly string[], undo: readonly Candidate[]): string {
  const cells = new Map<number, Cell[]>();
  const dropped = new Set<number>();
  const inserted = new Map<number, Candidate[]>();
  for (const c of undo) {
    if (c.kind === 'cell') {
      const row = cells.get(c.at) ?? [...rows[c.at]!];
      row[c.col] = c.value;
      cells.set(c.at, row);
    } else if (c.kind === 'added') dropped.add(c.at);
    else {
      inserted.set(c.after, [...(inserted.get(c.after) ?? []), c]);
      if (c.gap !== null) dropped.add(c.gap);
    }
  }
  const h = createHash('sha256');
  const putBack = (after: number): void => {
    // In the stored order: the candidates were made in it.
    for (const d of inserted.get(after) ?? []) if (d.kind === 'deleted') h.update(d.line);
  };
  for (let i = 0; i < lines.length; i++) {
    if (!dropped.has(i)) {
      const changed = cells.get(i);
      h.update(changed ? canonicalLine(changed) : lines[i]!);
    }
    putBack(i);
  }
  return h.digest('hex');
}

/**
 * The edits of one sheet that, undone, give back the Cover's hash, proved against the rows of a
 * stored submission of the same site. The candidates are the cells that differ from it, the
 * rows it does not have (put in) and its rows the file lacks (taken out). One edit is found by
 * undoing each candidate alone; several (two cells and a deleted row, say) by undoing together
 * every candidate the workbook's own Changes sheet does not list (the site's changes since the
 * stored submission are listed there), then every candidate. Nothing is guessed: a set is named
 * only when undoing it gives the Cover's hash.
 */
export async function proveEdits(
  file: string,
  sheet: string,
  expectedSha256: string,
  stored: readonly Row[],
  opts: { limits?: Partial<ReadLimits>; listed?: ListedChange } = {},
): Promise<ProvedEdit[]> {
  const rows = await sheetLines(file, sheet, { ...DEFAULT_LIMITS, ...opts.limits });
  const banner = rows[0]?.length === 1 && PHI_BANNERS.includes(String(rows[0][0]));
  const head = banner ? 1 : 0;
  const codes = (rows[head] ?? []).map((c) => String(c ?? ''));
  const subjectCol = codes.indexOf('subject_id');
  if (subjectCol < 0) return [];
  const instanceCol = codes.indexOf('instance');
  const lines = rows.map((r) => canonicalLine(r));
  const old = new Map(stored.map((r) => [keyOf(r.subject_id, r.instance), r]));
  const lineOf = new Map<string, number>();
  const candidates: Candidate[] = [];
  for (let at = head + 2; at < rows.length && candidates.length < MAX_CANDIDATES; at++) {
    const cells = rows[at]!;
    if (!cells.length) continue;
    const key = keyOf(cells[subjectCol], instanceCol >= 0 ? cells[instanceCol] : null);
    lineOf.set(key, at);
    const o = old.get(key);
    if (!o) {
      candidates.push({ kind: 'added', at });
      continue;
    }
    codes.forEach((code, col) => {
      if (code && (o[code] ?? null) !== (cells[col] ?? null))
        candidates.push({ kind: 'cell', at, col, value: o[code] ?? null });
    });
  }
  // The stored rows the file lacks, each to be put back after its stored predecessor's line.
  // A row element taken out of the XML leaves its row number empty (a gap line of the canonical
  // text): the row put back takes that line's place.
  let after = head + 1;
  let gaps = 0;
  for (const r of stored) {
    const at = lineOf.get(keyOf(r.subject_id, r.instance));
    if (at !== undefined) {
      [after, gaps] = [at, 0];
      continue;
    }
    if (candidates.length >= MAX_CANDIDATES) continue;
    const next = after + 1 + gaps;
    const gap = next < rows.length && rows[next]!.length === 0 ? next : null;
    if (gap !== null) gaps++;
    candidates.push({ kind: 'deleted', after, gap, line: canonicalLine(codes.map((c) => r[c] ?? null)), row: r });
  }
  const describe = (c: Candidate): ProvedEdit => {
    if (c.kind === 'deleted')
      return {
        sheet,
        subjectId: String(c.row.subject_id),
        instance: typeof c.row.instance === 'number' ? c.row.instance : null,
        kind: 'deleted',
        column: null,
        exported: null,
        inFile: null,
      };
    const cells = rows[c.at]!;
    return {
      sheet,
      subjectId: String(cells[subjectCol]),
      instance: instanceCol >= 0 && typeof cells[instanceCol] === 'number' ? cells[instanceCol] : null,
      kind: c.kind,
      column: c.kind === 'cell' ? codes[c.col]! : null,
      exported: c.kind === 'cell' ? c.value : null,
      inFile: c.kind === 'cell' ? (cells[c.col] ?? null) : null,
    };
  };
  const singles = candidates.filter((c) => hashUndoing(rows, lines, [c]) === expectedSha256);
  if (singles.length) return singles.map(describe);
  const listed = opts.listed;
  const unlisted = listed ? candidates.filter((c) => !listed(describe(c))) : [];
  for (const set of [unlisted, candidates])
    if (set.length > 1 && hashUndoing(rows, lines, set) === expectedSha256) return set.map(describe);
  return [];
}

/** Subjects of one sheet that are in only one of the two row sets. */
export function rowSetDifference(stored: readonly Row[], file: readonly Row[]): { added: string[]; removed: string[] } {
  const ids = (rs: readonly Row[]) => new Set(rs.map((r) => String(r.subject_id)));
  const [a, b] = [ids(stored), ids(file)];
  return { added: [...b].filter((x) => !a.has(x)), removed: [...a].filter((x) => !b.has(x)) };
}
