/**
 * Reading a submission workbook back (the sponsor side, `sitecrf read`): streamed with exceljs's
 * WorkbookReader, the Cover checked with zod, and every sheet's canonical hash recomputed and
 * compared with the Cover's, naming any sheet that was edited after the site wrote it.
 */
import ExcelJS from 'exceljs';
import { SheetDigest } from './canonical';
import { parseCover, type Cover } from './cover';
import type { Cell } from './layout';
import { PHI_BANNER } from './profiles';

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
  /** Whether the sheets carried the PHI banner (an identified export). */
  phiBanner: boolean;
  hashCheck: { ok: boolean; mismatches: HashMismatch[] };
}

export interface ReadOptions {
  /** Keep the rows (default true); false checks the hashes with flat memory. */
  keepRows?: boolean;
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  // Anything else (a date, rich text, a formula) is not what the site writes; keep it visible as text.
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'richText' in v)
    return (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return toCell((v as { result: unknown }).result);
  return JSON.stringify(v);
}

function rowCells(values: unknown): Cell[] {
  const arr = Array.isArray(values) ? values : [];
  const out: Cell[] = [];
  for (let i = 1; i < arr.length; i++) out.push(toCell(arr[i]));
  return out;
}

export async function readSubmission(file: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const keep = opts.keepRows ?? true;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const sheets: Record<string, Record<string, Cell>[]> = {};
  const actual = new Map<string, string>();
  let coverItems: [string, Cell][] | null = null;
  let phiBanner = false;
  for await (const ws of reader) {
    const name = (ws as unknown as { name: string }).name;
    const digest = new SheetDigest();
    let codes: string[] | null = null;
    let headerSeen = 0;
    let banner = false;
    let expectNo = 1;
    const rows: Record<string, Cell>[] = [];
    const items: [string, Cell][] = [];
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      // A row without values is not written to the file, but it is a line of the canonical text.
      for (; expectNo < row.number; expectNo++) digest.add([]);
      expectNo = row.number + 1;
      const cells = rowCells(row.values);
      digest.add(cells);
      if (row.number === 1 && cells[0] === PHI_BANNER && cells.length === 1) {
        banner = true;
        continue;
      }
      if (headerSeen < 2) {
        if (headerSeen === 0) codes = cells.map((c) => String(c ?? ''));
        headerSeen++;
        continue;
      }
      if (name === 'Cover') items.push([String(cells[0] ?? ''), cells[1] ?? null]);
      else if (keep && codes) {
        const obj: Record<string, Cell> = {};
        codes.forEach((c, i) => (obj[c] = cells[i] ?? null));
        rows.push(obj);
      }
    }
    if (banner) phiBanner = true;
    if (name === 'Cover') coverItems = items;
    else {
      actual.set(name, digest.hex());
      if (keep) sheets[name] = rows;
    }
  }
  if (!coverItems) throw new Error(`${file}: no Cover sheet: not a SiteCRF submission workbook`);
  const cover = parseCover(coverItems);
  const mismatches: HashMismatch[] = [];
  for (const [sheet, expected] of Object.entries(cover.sha256)) {
    const got = actual.get(sheet) ?? null;
    if (got !== expected) mismatches.push({ sheet, expected, actual: got });
  }
  for (const [sheet, got] of actual)
    if (!(sheet in cover.sha256)) mismatches.push({ sheet, expected: null, actual: got });
  return { cover, sheets, phiBanner, hashCheck: { ok: mismatches.length === 0, mismatches } };
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
