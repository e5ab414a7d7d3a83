/**
 * An .xlsx as the sponsor reads it: which sheets it has (workbook.xml and its relationships, in
 * workbook order, wherever the entries sit in the zip), the shared strings, and each sheet's
 * rows streamed as plain values. Styles, themes, drawings and document properties are never
 * opened: formatting is not content.
 */
import { posix } from 'node:path';
import type { Cell } from '../layout';
import { ReadRefusal, type ReadLimits } from './limits';
import { parseEntry } from './xml';
import { openArchive, type ZipArchive } from './zip';
import { decodeOoxmlText } from '../cell-safety';

export interface SheetRef {
  name: string;
  entry: string;
}

export interface Book {
  sheets: SheetRef[];
  strings: string[];
  zip: ZipArchive;
  limits: ReadLimits;
}

interface Rel {
  id: string;
  type: string;
  target: string;
}

async function readRels(zip: ZipArchive, entry: string): Promise<Rel[]> {
  if (!zip.names.has(entry)) return [];
  const rels: Rel[] = [];
  await parseEntry(zip, entry, {
    open(name, a) {
      if (name === 'Relationship' && a.Id && a.Target) rels.push({ id: a.Id, type: a.Type ?? '', target: a.Target });
    },
  });
  return rels;
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(base), target));
}

async function readSharedStrings(zip: ZipArchive, entry: string, limits: ReadLimits): Promise<string[]> {
  const out: string[] = [];
  let cur: string[] | null = null;
  let inT = false;
  // Phonetic runs (<rPh>) are reading aids, not the cell's text.
  let phonetic = 0;
  await parseEntry(zip, entry, {
    open(name) {
      if (name === 'si') {
        if (out.length >= limits.maxSharedStrings)
          throw new ReadRefusal('limit', `more than ${limits.maxSharedStrings} shared strings`);
        cur = [];
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && cur && phonetic === 0) inT = true;
    },
    close(name) {
      if (name === 'si' && cur) {
        const s = cur.join('');
        if (s.length > limits.maxCellChars)
          throw new ReadRefusal('limit', `a shared string of ${s.length} characters, more than ${limits.maxCellChars}`);
        out.push(decodeOoxmlText(s));
        cur = null;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inT = false;
    },
    text(t) {
      if (inT && cur) cur.push(t);
    },
  });
  return out;
}

export async function openBook(file: string, limits: ReadLimits): Promise<Book> {
  const zip = await openArchive(file, limits);
  try {
    const root = await readRels(zip, '_rels/.rels');
    const office = root.find((r) => r.type.endsWith('/officeDocument'));
    const wbEntry = office ? resolveTarget('', office.target) : 'xl/workbook.xml';
    if (!zip.names.has(wbEntry)) throw new ReadRefusal('layout', `no workbook part (${wbEntry}): not a spreadsheet`);
    const wbDir = posix.dirname(wbEntry);
    const rels = await readRels(zip, posix.join(wbDir, '_rels', `${posix.basename(wbEntry)}.rels`));
    const byId = new Map(rels.map((r) => [r.id, r]));
    const sheets: SheetRef[] = [];
    await parseEntry(zip, wbEntry, {
      open(name, a) {
        if (name !== 'sheet') return;
        const rel = a.id ? byId.get(a.id) : undefined;
        if (!a.name || !rel) throw new ReadRefusal('layout', `workbook.xml names a sheet without its part`);
        const entry = resolveTarget(wbEntry, rel.target);
        if (!zip.names.has(entry)) throw new ReadRefusal('layout', `sheet ${a.name}: its part ${entry} is missing`);
        sheets.push({ name: a.name, entry });
      },
    });
    const ss = rels.find((r) => r.type.endsWith('/sharedStrings'));
    const ssEntry = ss ? resolveTarget(wbEntry, ss.target) : null;
    const strings = ssEntry && zip.names.has(ssEntry) ? await readSharedStrings(zip, ssEntry, limits) : [];
    return { sheets, strings, zip, limits };
  } catch (e) {
    zip.close();
    throw e;
  }
}

/** "AB12" → 28 (1-based column), or null without letters. */
function columnOf(ref: string): number | null {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
    if (n > 1e7) break;
  }
  return i === 0 ? null : n;
}

/**
 * Streams a sheet's rows in order: `onRow(rowNumber, cells)` for every row element that has a
 * value (1-based row numbers; cells from column A, a gap as null).
 */
export async function readSheetRows(
  book: Book,
  sheet: SheetRef,
  onRow: (rowNo: number, cells: Cell[]) => void,
): Promise<void> {
  const { limits, strings } = book;
  const where = `sheet ${sheet.name}`;
  let rowNo = 0;
  let cells: Cell[] | null = null;
  let col = 0;
  let type = 'n';
  let text: string[] | null = null;
  let textChars = 0;
  let inValue = false;
  let phonetic = 0;
  let hasValue = false;
  const finishCell = (): void => {
    if (!cells) return;
    const raw = text ? text.join('') : null;
    if (raw !== null && raw.length > limits.maxCellChars)
      throw new ReadRefusal(
        'limit',
        `${where} row ${rowNo}: a cell of ${raw.length} characters, more than ${limits.maxCellChars}`,
      );
    let v: Cell = null;
    if (raw !== null)
      switch (type) {
        case 's': {
          const i = Number(raw);
          if (!Number.isInteger(i) || i < 0 || i >= strings.length)
            throw new ReadRefusal('layout', `${where} row ${rowNo}: shared string ${raw} does not exist`);
          v = strings[i]!;
          break;
        }
        case 'b':
          v = raw === '1' || raw.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
          break;
        case 'str':
        case 'inlineStr':
          v = decodeOoxmlText(raw);
          break;
        case 'e':
        case 'd':
          v = raw;
          break;
        default: {
          if (raw.trim() === '') break;
          const n = Number(raw);
          if (!Number.isFinite(n)) throw new ReadRefusal('layout', `${where} row ${rowNo}: ${raw} is not a number`);
          v = n;
        }
      }
    if (v !== null && v !== '') hasValue = true;
    cells[col - 1] = v;
  };
  await parseEntry(book.zip, sheet.entry, {
    open(name, a) {
      switch (name) {
        case 'row': {
          const r = a.r !== undefined ? Number(a.r) : rowNo + 1;
          if (!Number.isInteger(r) || r <= rowNo)
            throw new ReadRefusal('layout', `${where}: row ${a.r ?? '?'} is out of order`);
          if (r > limits.maxRows) throw new ReadRefusal('limit', `${where} has more than ${limits.maxRows} rows`);
          rowNo = r;
          cells = [];
          col = 0;
          hasValue = false;
          break;
        }
        case 'c': {
          if (!cells) throw new ReadRefusal('layout', `${where}: a cell outside a row`);
          const c = a.r !== undefined ? columnOf(a.r) : col + 1;
          if (c === null || c <= col)
            throw new ReadRefusal('layout', `${where} row ${rowNo}: cell ${a.r} is out of order`);
          if (c > limits.maxColumns)
            throw new ReadRefusal('limit', `${where} has more than ${limits.maxColumns} columns`);
          for (let k = col; k < c - 1; k++) cells[k] = null;
          col = c;
          type = a.t ?? 'n';
          text = null;
          textChars = 0;
          break;
        }
        case 'v':
          if (phonetic === 0) {
            inValue = true;
            text = [];
          }
          break;
        case 't':
          if (type === 'inlineStr' && phonetic === 0) {
            inValue = true;
            text ??= [];
          }
          break;
        case 'rPh':
          phonetic++;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          inValue = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c':
          finishCell();
          break;
        case 'row':
          if (cells && hasValue) onRow(rowNo, cells);
          cells = null;
          break;
      }
    },
    text(t) {
      if (inValue && text) {
        textChars += t.length;
        if (textChars > limits.maxCellChars)
          throw new ReadRefusal(
            'limit',
            `${where} row ${rowNo}: a cell of more than ${limits.maxCellChars} characters`,
          );
        text.push(t);
        if (text.length > 4096) text = [text.join('')];
      }
    },
  });
}
