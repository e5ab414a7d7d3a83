/**
 * Finding the edited cell of a tampered sheet when the store does not hold that submission as
 * exported. The Cover's hash of the sheet is over its canonical lines, so a candidate "this cell
 * had value V" can be proved: put V back and the sheet's hash must become the Cover's. The
 * candidates are the cells that differ from a stored submission of the same site (matched by
 * subject and instance), and the rows of subjects the stored one does not have (a row put in).
 * A value proved this way is named with both values; nothing is guessed.
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
  /** null: the whole row was put in (it is not in the sheet as exported). */
  column: string | null;
  exported: Cell;
  inFile: Cell;
}

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

function hashOf(lines: readonly string[], at: number, replacement: string | null): string {
  const h = createHash('sha256');
  for (let i = 0; i < lines.length; i++) h.update(i === at ? (replacement ?? '') : lines[i]!);
  return h.digest('hex');
}

/**
 * The edits of one sheet that, undone, give back the Cover's hash (single-cell edits and a
 * single row put in), proved against the rows of a stored submission of the same site.
 */
export async function proveEdits(
  file: string,
  sheet: string,
  expectedSha256: string,
  stored: readonly Row[],
  limits: Partial<ReadLimits> = {},
): Promise<ProvedEdit[]> {
  const rows = await sheetLines(file, sheet, { ...DEFAULT_LIMITS, ...limits });
  const banner = rows[0]?.length === 1 && PHI_BANNERS.includes(String(rows[0][0]));
  const head = banner ? 1 : 0;
  const codes = (rows[head] ?? []).map((c) => String(c ?? ''));
  const subjectCol = codes.indexOf('subject_id');
  if (subjectCol < 0) return [];
  const instanceCol = codes.indexOf('instance');
  const lines = rows.map((r) => canonicalLine(r));
  const old = new Map(stored.map((r) => [keyOf(r.subject_id, r.instance), r]));
  type Candidate = { at: number; col: number | null; value: Cell };
  const candidates: Candidate[] = [];
  for (let at = head + 2; at < rows.length && candidates.length < MAX_CANDIDATES; at++) {
    const cells = rows[at]!;
    if (!cells.length) continue;
    const o = old.get(keyOf(cells[subjectCol], instanceCol >= 0 ? cells[instanceCol] : null));
    if (!o) {
      candidates.push({ at, col: null, value: null });
      continue;
    }
    codes.forEach((code, col) => {
      if (code && (o[code] ?? null) !== (cells[col] ?? null)) candidates.push({ at, col, value: o[code] ?? null });
    });
  }
  const proved: ProvedEdit[] = [];
  for (const c of candidates.slice(0, MAX_CANDIDATES)) {
    const cells = rows[c.at]!;
    let replacement: string | null = null;
    if (c.col !== null) {
      const undone = [...cells];
      undone[c.col] = c.value;
      replacement = canonicalLine(undone);
    }
    if (hashOf(lines, c.at, replacement) !== expectedSha256) continue;
    proved.push({
      sheet,
      subjectId: String(cells[subjectCol]),
      instance: instanceCol >= 0 && typeof cells[instanceCol] === 'number' ? cells[instanceCol] : null,
      column: c.col === null ? null : codes[c.col]!,
      exported: c.value,
      inFile: c.col === null ? null : (cells[c.col] ?? null),
    });
  }
  return proved;
}

/** Subjects of one sheet that are in only one of the two row sets. */
export function rowSetDifference(stored: readonly Row[], file: readonly Row[]): { added: string[]; removed: string[] } {
  const ids = (rs: readonly Row[]) => new Set(rs.map((r) => String(r.subject_id)));
  const [a, b] = [ids(stored), ids(file)];
  return { added: [...b].filter((x) => !a.has(x)), removed: [...a].filter((x) => !b.has(x)) };
}
