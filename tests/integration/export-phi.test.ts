/**
 * deidentification.md, "Tests that prove it": after an export no cell, sheet name, document
 * property or file name holds any identifier of the fixture; restricted ZIP prefixes became 000;
 * ages over 89 are 90+ and their year is withheld; no cell is a date (Safe Harbor profiles).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUsDate } from '../../shared/dates';
import { createFixture, PEOPLE, type Fixture } from '../support/export-fixture';
import { exportSubmission } from '../../main/export/workbook-writer';
import type { ProfileId } from '../../main/export/profiles';

let fx: Fixture;
beforeAll(() => {
  fx = createFixture();
});
afterAll(() => fx.admin.close());

const digits = (s: string): string => s.replace(/\D/g, '');

/** Every identifier of the fixture, with the variants a leak could take. */
function identifiers(includeDates: boolean): string[] {
  const out: string[] = [];
  fx.dates.forEach((dates, i) => {
    const p = PEOPLE[i]!;
    out.push(p.first, p.last, `${p.first} ${p.last}`, p.mrn, digits(p.mrn), p.phone, digits(p.phone), p.zip);
    // The birth date never leaves under any of these profiles; the other dates only under limited.
    for (const d of includeDates ? dates : [p.birth]) out.push(d, formatUsDate(d), formatUsDate(d).replace(/\b0/g, ''));
  });
  return out;
}

const DATE_LIKE = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/,
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/,
  /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b/i,
];
/** Dates of the export itself, not of an individual: the Cover's cut-off and export time. */
const EXPORT_DATES = new Set(['cutoff', 'exported_at']);

interface Cells {
  sheetNames: string[];
  cells: { sheet: string; row: number; col: number; value: ExcelJS.CellValue; item?: string }[];
}

async function allCells(file: string): Promise<Cells> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Cells = { sheetNames: wb.worksheets.map((w) => w.name), cells: [] };
  for (const ws of wb.worksheets) {
    ws.eachRow((row, r) => {
      const item = ws.name === 'Cover' ? String(row.getCell(1).value ?? '') : undefined;
      row.eachCell((c, col) => out.cells.push({ sheet: ws.name, row: r, col, value: c.value, item }));
    });
  }
  return out;
}

async function rawXml(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const parts: string[] = [];
  for (const name of Object.keys(zip.files))
    if (!zip.files[name]!.dir) parts.push(name, await zip.files[name]!.async('string'));
  return parts.join('\n');
}

function sheetRows(c: Cells, sheet: string): Map<string, Map<string, ExcelJS.CellValue>> {
  const codes = new Map<number, string>();
  const rows = new Map<number, Map<string, ExcelJS.CellValue>>();
  const mine = c.cells.filter((y) => y.sheet === sheet);
  // limited: the PHI banner takes row 1, the codes and labels rows move down by one.
  const top = mine.some((x) => x.row === 1 && String(x.value).startsWith('CONTAINS PHI')) ? 1 : 0;
  for (const x of mine) {
    if (x.row === 1 + top) codes.set(x.col, String(x.value));
    else if (x.row > 2 + top) {
      const m = rows.get(x.row) ?? new Map();
      m.set(codes.get(x.col)!, x.value);
      rows.set(x.row, m);
    }
  }
  return new Map([...rows.values()].map((m) => [String(m.get('subject_id')), m]));
}

describe.each([
  { profile: 'safe-harbor' as ProfileId, datesAllowed: false, zip5: false, notes: false },
  { profile: 'safe-harbor-text' as ProfileId, datesAllowed: false, zip5: false, notes: true },
  { profile: 'limited' as ProfileId, datesAllowed: true, zip5: true, notes: false },
])('$profile export of the identifier fixture', ({ profile, datesAllowed, zip5, notes }) => {
  let file: string;
  let cells: Cells;
  let xml: string;
  beforeAll(async () => {
    file = (await exportSubmission(fx.coordinator, { period: '2026-10', profile, outDir: `${fx.dir}/${profile}` }))
      .file;
    cells = await allCells(file);
    xml = await rawXml(file);
  });

  it(zip5 ? 'is marked PHI in its file name' : 'is not marked PHI', () => {
    expect(basename(file).endsWith('_PHI.xlsx')).toBe(zip5);
  });

  it('has no identifier in any cell, sheet name, document property, XML part or the file name', () => {
    const forbidden = identifiers(!datesAllowed).filter((v) => !(zip5 && /^\d{5}$/.test(v)));
    const haystacks = [basename(file), ...cells.sheetNames, ...cells.cells.map((c) => JSON.stringify(c.value)), xml];
    for (const v of forbidden) {
      const lower = v.toLowerCase();
      const hit = haystacks.find((h) => h.toLowerCase().includes(lower));
      expect(hit === undefined ? null : `${v} found in ${hit.slice(0, 120)}`).toBeNull();
    }
    // Document properties name the application, never a person.
    expect(xml).toContain('<dc:creator>SiteCRF');
    expect(xml).not.toContain('Site Administrator');
    expect(xml).not.toContain('Test coordinator');
  });

  it(zip5 ? 'keeps ZIP5 (Limited Data Set)' : 'turns every restricted ZIP prefix into 000', () => {
    const reg = sheetRows(cells, 'REG');
    PEOPLE.forEach((p, i) => {
      const row = reg.get(`MMC-${String(i + 1).padStart(4, '0')}`)!;
      if (zip5) expect(row.get('zip')).toBe(p.zip);
      else expect(row.get('zip3')).toBe(['036', '059', '102'].includes(p.zip.slice(0, 3)) ? '000' : p.zip.slice(0, 3));
    });
  });

  it('writes ages over 89 as 90+ and withholds their procedure year', () => {
    const reg = sheetRows(cells, 'REG');
    const derived = sheetRows(cells, 'Derived');
    const proc = sheetRows(cells, 'PROC');
    PEOPLE.forEach((p, i) => {
      const id = `MMC-${String(i + 1).padStart(4, '0')}`;
      const age = p.age > 89 ? '90+' : p.age;
      expect(reg.get(id)!.get('age_at_proc')).toBe(age);
      expect(derived.get(id)!.get('age_at_proc')).toBe(age);
      if (!datesAllowed)
        expect(proc.get(id)!.get('proc_year') ?? null).toBe(p.age > 89 ? null : Number(p.proc.slice(0, 4)));
      else expect(proc.get(id)!.get('proc_date')).toBe(p.proc);
    });
    expect(cells.cells.some((c) => c.value === 89)).toBe(true);
  });

  it(
    datesAllowed
      ? 'has no Date cell (dates are ISO text)'
      : 'has no cell that is or parses as a date other than a year',
    () => {
      for (const c of cells.cells) {
        expect(c.value instanceof Date, `${c.sheet}!R${c.row}C${c.col}`).toBe(false);
        if (datesAllowed || typeof c.value !== 'string' || (c.sheet === 'Cover' && EXPORT_DATES.has(c.item ?? '')))
          continue;
        for (const re of DATE_LIKE)
          expect(re.test(c.value) ? `${c.sheet}!R${c.row}C${c.col}: ${c.value}` : null).toBeNull();
      }
    },
  );

  it(
    notes
      ? 'keeps notes only after the PHI scan, with counts per kind on the Cover'
      : 'drops free text and direct identifiers',
    () => {
      const proc = sheetRows(cells, 'PROC');
      const note = proc.get('MMC-0001')!.get('proc_notes');
      const cover = new Map(
        cells.cells.filter((c) => c.sheet === 'Cover' && c.col === 2).map((c) => [c.item, c.value]),
      );
      if (notes) {
        expect(note).toMatch(/\[REDACTED:NAME\].*\[REDACTED:MRN\].*\[REDACTED:PHONE\]/);
        expect(cover.get('redacted_text:NAME')).toBeGreaterThan(0);
      } else {
        expect(note).toBeUndefined();
        expect(
          cells.cells.some(
            (c) =>
              c.row <= 2 &&
              ['proc_notes', 'fu_notes', 'ae_narrative', 'mrn', 'phone', 'last_name'].includes(String(c.value)),
          ),
        ).toBe(false);
      }
      // The query text names the patient: scanned where free text is kept, dropped elsewhere.
      const query = sheetRows(cells, 'Queries').get('MMC-0001')!;
      if (notes) expect(String(query.get('text'))).toContain('[REDACTED:');
      else expect(query.has('text')).toBe(false);
    },
  );
});
