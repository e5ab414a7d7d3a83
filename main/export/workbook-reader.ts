/**
 * Reading a submission workbook back (the sponsor side, `sitecrf read`, `sitecrf sponsor
 * import`), whatever program saved it last: our own bounded reader (xlsx/: yauzl + saxes, caps
 * on sizes, rows and columns, no DTDs) streams each sheet's values, the Cover is checked with
 * zod, and every sheet's canonical hash is recomputed over its VALUES and compared with the
 * Cover's, so a workbook re-saved by Excel, LibreOffice or openpyxl with no value changed
 * verifies, and one with a changed value names the sheet.
 *
 * Two ways in: `readSubmission` holds every row (`sitecrf read`, small callers), and
 * `openSubmission` gives the Cover first and then streams the other sheets' rows to a callback,
 * so that the sponsor's import can check the Cover, then pass each row on to the store and hold
 * none of them (memory stays flat however large the workbook).
 */
import { createHash, type Hash } from 'node:crypto';
import { ZodError } from 'zod';
import { canonicalLine } from './canonical';
import { parseCover, type Cover } from './cover';
import type { Cell } from './layout';
import { PHI_BANNERS } from './profiles';
import { openBook, readSheetRows, type Book, type SheetRef } from './xlsx/book';
import { DEFAULT_LIMITS, ReadRefusal, type ReadLimits } from './xlsx/limits';

export { ReadRefusal, DEFAULT_LIMITS, type ReadLimits } from './xlsx/limits';

export type SheetRow = Record<string, Cell>;

export interface HashMismatch {
  sheet: string;
  /** null when the Cover names no hash for a sheet the file has. */
  expected: string | null;
  /** null when the file lacks a sheet the Cover names. */
  actual: string | null;
}

export interface HashCheck {
  ok: boolean;
  mismatches: HashMismatch[];
}

export interface ReadResult {
  cover: Cover;
  /** Sheet name → rows keyed by the field codes of its header row (Cover excluded). */
  sheets: Record<string, SheetRow[]>;
  /** Whether the sheets carried a PHI banner (a limited or identified export). */
  phiBanner: boolean;
  hashCheck: HashCheck;
  /** Canonical hash of the Cover itself: the same for every copy of one export, however re-saved. */
  coverSha256: string;
}

export interface ReadOptions {
  /** Keep the rows (default true); false checks the hashes with flat memory. */
  keepRows?: boolean;
  limits?: Partial<ReadLimits>;
}

export interface SheetsRead {
  /** The rows of the sheets `keep` asked for. */
  sheets: Record<string, SheetRow[]>;
  /** Whether any sheet (the Cover included) carried a PHI banner. */
  phiBanner: boolean;
  hashCheck: HashCheck;
}

export interface StreamOptions {
  /** Each data row of every sheet but the Cover, in order, as it is read. */
  onRow?: (sheet: string, row: SheetRow) => void;
  /** Which sheets' rows to hold and return (default none). */
  keep?: (sheet: string) => boolean;
  /** Which sheets to read at all (default all): the others are neither read nor checked. */
  only?: (sheet: string) => boolean;
}

/** A workbook whose Cover has been read and checked; the other sheets are read on demand. */
export interface OpenedSubmission {
  cover: Cover;
  coverSha256: string;
  /** The sheets in workbook order (Cover included). */
  sheetNames: string[];
  /** Reads the other sheets once, in workbook order, hashing each as it streams. */
  readSheets(opts?: StreamOptions): Promise<SheetsRead>;
  close(): void;
}

const MAX_COVER_ROWS = 10_000;

interface SheetRead {
  sha256: string;
  banner: boolean;
  items: [string, Cell][];
}

/**
 * One sheet streamed: every row line hashed (gaps included: a row without values is not in the
 * file, but it is a line of the canonical text), the banner noted, the two header rows taken as
 * column codes and labels, and each data row passed to `onRow` keyed by the codes.
 */
async function readOneSheet(book: Book, ref: SheetRef, onRow: ((row: SheetRow) => void) | null): Promise<SheetRead> {
  const hash: Hash = createHash('sha256');
  const isCover = ref.name === 'Cover';
  const out: SheetRead = { sha256: '', banner: false, items: [] };
  let codes: string[] | null = null;
  let headerSeen = 0;
  let expectNo = 1;
  const empty = canonicalLine([]);
  await readSheetRows(book, ref, (rowNo, cells) => {
    for (; expectNo < rowNo; expectNo++) hash.update(empty);
    expectNo = rowNo + 1;
    hash.update(canonicalLine(cells));
    if (rowNo === 1 && cells.length === 1 && PHI_BANNERS.includes(String(cells[0]))) {
      out.banner = true;
      return;
    }
    if (headerSeen < 2) {
      if (headerSeen === 0) codes = cells.map((c) => String(c ?? ''));
      headerSeen++;
      return;
    }
    if (isCover) {
      // The Cover is held whole to be checked: a real one has a few hundred rows.
      if (out.items.length >= MAX_COVER_ROWS)
        throw new ReadRefusal('layout', `the Cover has more than ${MAX_COVER_ROWS} rows: not a SiteCRF Cover`);
      out.items.push([String(cells[0] ?? ''), cells[1] ?? null]);
    } else if (onRow && codes) {
      const obj: SheetRow = {};
      for (let i = 0; i < codes.length; i++) obj[codes[i]!] = cells[i] ?? null;
      onRow(obj);
    }
  });
  out.sha256 = hash.digest('hex');
  return out;
}

function compareHashes(cover: Cover, actual: ReadonlyMap<string, string>, only: (s: string) => boolean): HashCheck {
  const mismatches: HashMismatch[] = [];
  for (const [sheet, expected] of Object.entries(cover.sha256)) {
    if (!only(sheet)) continue;
    const got = actual.get(sheet) ?? null;
    if (got !== expected) mismatches.push({ sheet, expected, actual: got });
  }
  for (const [sheet, got] of actual)
    if (!(sheet in cover.sha256)) mismatches.push({ sheet, expected: null, actual: got });
  return { ok: mismatches.length === 0, mismatches };
}

export async function openSubmission(file: string, limits: Partial<ReadLimits> = {}): Promise<OpenedSubmission> {
  const book = await openBook(file, { ...DEFAULT_LIMITS, ...limits });
  try {
    const coverRef = book.sheets.find((s) => s.name === 'Cover');
    if (!coverRef) throw new ReadRefusal('layout', 'no Cover sheet: not a SiteCRF submission workbook');
    const coverRead = await readOneSheet(book, coverRef, null);
    let cover: Cover;
    try {
      cover = parseCover(coverRead.items);
    } catch (e) {
      if (!(e instanceof ZodError)) throw e;
      const i = e.issues[0]!;
      throw new ReadRefusal('layout', `the Cover's ${i.path.join('.') || 'items'}: ${i.message}`);
    }
    let used = false;
    return {
      cover,
      coverSha256: coverRead.sha256,
      sheetNames: book.sheets.map((s) => s.name),
      async readSheets(opts: StreamOptions = {}): Promise<SheetsRead> {
        // One pass over one open archive: a second would re-inflate what the first did.
        if (used) throw new Error('readSheets: the sheets were read already');
        used = true;
        const only = opts.only ?? (() => true);
        const sheets: Record<string, SheetRow[]> = {};
        const actual = new Map<string, string>();
        let phiBanner = coverRead.banner;
        for (const ref of book.sheets) {
          if (ref.name === 'Cover' || !only(ref.name)) continue;
          const kept: SheetRow[] | null = opts.keep?.(ref.name) ? [] : null;
          if (kept) sheets[ref.name] = kept;
          const name = ref.name;
          const onRow = opts.onRow;
          const r = await readOneSheet(
            book,
            ref,
            onRow || kept
              ? (row) => {
                  onRow?.(name, row);
                  kept?.push(row);
                }
              : null,
          );
          if (r.banner) phiBanner = true;
          actual.set(name, r.sha256);
        }
        return { sheets, phiBanner, hashCheck: compareHashes(cover, actual, only) };
      },
      close: () => book.zip.close(),
    };
  } catch (e) {
    book.zip.close();
    throw e;
  }
}

export async function readSubmission(file: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const keep = opts.keepRows ?? true;
  const sub = await openSubmission(file, opts.limits);
  try {
    const r = await sub.readSheets({ keep: () => keep });
    return {
      cover: sub.cover,
      sheets: r.sheets,
      phiBanner: r.phiBanner,
      hashCheck: r.hashCheck,
      coverSha256: sub.coverSha256,
    };
  } finally {
    sub.close();
  }
}

/** `sitecrf read FILE.xlsx`: the workbook as JSON on stdout; exit 1 when a hash differs, 2 when unreadable. */
export async function runRead(
  file: string,
  stdout: { write(s: string): unknown },
  stderr: { write(s: string): unknown } = process.stderr,
): Promise<number> {
  let result: ReadResult;
  try {
    result = await readSubmission(file);
  } catch (e) {
    stderr.write(`sitecrf read: ${file}: ${(e as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  stdout.write(`${JSON.stringify({ file, ...result }, null, 2)}\n`);
  if (!result.hashCheck.ok) {
    stderr.write(
      `sitecrf read: ${file}: content differs from the Cover's hash in ${result.hashCheck.mismatches.map((m) => m.sheet).join(', ')}\n`,
    );
    return 1;
  }
  return 0;
}
