/**
 * Reading a submission workbook back (the sponsor side, `sitecrf read`, `sitecrf sponsor
 * import`), whatever program saved it last: our own bounded reader (xlsx/: yauzl + saxes, caps
 * on sizes, rows and columns, no DTDs) streams each sheet's values, the Cover is checked with
 * zod, and every sheet's canonical hash is recomputed over its VALUES and compared with the
 * Cover's, so a workbook re-saved by Excel, LibreOffice or openpyxl with no value changed
 * verifies, and one with a changed value names the sheet.
 */
import { ZodError } from 'zod';
import { SheetDigest } from './canonical';
import { parseCover, type Cover } from './cover';
import type { Cell } from './layout';
import { PHI_BANNERS } from './profiles';
import { openBook, readSheetRows } from './xlsx/book';
import { DEFAULT_LIMITS, ReadRefusal, type ReadLimits } from './xlsx/limits';

export { ReadRefusal, DEFAULT_LIMITS, type ReadLimits } from './xlsx/limits';

export interface HashMismatch {
  sheet: string;
  /** null when the Cover names no hash for a sheet the file has. */
  expected: string | null;
  /** null when the file lacks a sheet the Cover names. */
  actual: string | null;
}

export interface ReadResult {
  cover: Cover;
  /** Sheet name → rows keyed by the field codes of its header row (Cover excluded). */
  sheets: Record<string, Record<string, Cell>[]>;
  /** Whether the sheets carried a PHI banner (a limited or identified export). */
  phiBanner: boolean;
  hashCheck: { ok: boolean; mismatches: HashMismatch[] };
  /** Canonical hash of the Cover itself: the same for every copy of one export, however re-saved. */
  coverSha256: string;
}

export interface ReadOptions {
  /** Keep the rows (default true); false checks the hashes with flat memory. */
  keepRows?: boolean;
  limits?: Partial<ReadLimits>;
}

const MAX_COVER_ROWS = 10_000;

interface SheetRead {
  digest: SheetDigest;
  banner: boolean;
  rows: Record<string, Cell>[];
  items: [string, Cell][];
}

async function readOneSheet(
  book: Awaited<ReturnType<typeof openBook>>,
  ref: { name: string; entry: string },
  keep: boolean,
): Promise<SheetRead> {
  const digest = new SheetDigest();
  const isCover = ref.name === 'Cover';
  const out: SheetRead = { digest, banner: false, rows: [], items: [] };
  let codes: string[] | null = null;
  let headerSeen = 0;
  let expectNo = 1;
  await readSheetRows(book, ref, (rowNo, cells) => {
    // A row without values is not in the file, but it is a line of the canonical text.
    for (; expectNo < rowNo; expectNo++) digest.addAsRead([]);
    expectNo = rowNo + 1;
    digest.addAsRead(cells);
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
    } else if (keep && codes) {
      const obj: Record<string, Cell> = {};
      codes.forEach((c, i) => (obj[c] = cells[i] ?? null));
      out.rows.push(obj);
    }
  });
  return out;
}

export async function readSubmission(file: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const keep = opts.keepRows ?? true;
  const book = await openBook(file, { ...DEFAULT_LIMITS, ...opts.limits });
  try {
    const coverRef = book.sheets.find((s) => s.name === 'Cover');
    if (!coverRef) throw new ReadRefusal('layout', 'no Cover sheet: not a SiteCRF submission workbook');
    const coverRead = await readOneSheet(book, coverRef, false);
    let cover: Cover;
    try {
      cover = parseCover(coverRead.items);
    } catch (e) {
      if (!(e instanceof ZodError)) throw e;
      const i = e.issues[0]!;
      throw new ReadRefusal('layout', `the Cover's ${i.path.join('.') || 'items'}: ${i.message}`);
    }
    const sheets: Record<string, Record<string, Cell>[]> = {};
    const actual = new Map<string, string>();
    let phiBanner = coverRead.banner;
    for (const ref of book.sheets) {
      if (ref.name === 'Cover') continue;
      const r = await readOneSheet(book, ref, keep);
      if (r.banner) phiBanner = true;
      actual.set(ref.name, r.digest.hex());
      if (keep) sheets[ref.name] = r.rows;
    }
    const mismatches: HashMismatch[] = [];
    for (const [sheet, expected] of Object.entries(cover.sha256)) {
      const got = actual.get(sheet) ?? null;
      if (got !== expected) mismatches.push({ sheet, expected, actual: got });
    }
    for (const [sheet, got] of actual)
      if (!(sheet in cover.sha256)) mismatches.push({ sheet, expected: null, actual: got });
    return {
      cover,
      sheets,
      phiBanner,
      hashCheck: { ok: mismatches.length === 0, mismatches },
      coverSha256: coverRead.digest.hex(),
    };
  } finally {
    book.zip.close();
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
