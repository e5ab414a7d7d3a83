/**
 * The export's floor: exceljs's streaming writer writing the same cells (read back from the real
 * export beforehand, untimed), with no database reading, de-identification, styles or hashing.
 */
import ExcelJS from 'exceljs';
import { readSubmission } from '../../main/export/workbook-reader';

const [file, out] = process.argv.slice(2) as [string, string];
const wb0 = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' });
const sheets: { name: string; rows: unknown[][] }[] = [];
for await (const ws of wb0) {
  const rows: unknown[][] = [];
  for await (const row of ws as AsyncIterable<ExcelJS.Row>) rows.push((row.values as unknown[]).slice(1));
  sheets.push({ name: (ws as unknown as { name: string }).name, rows });
}
void readSubmission;
const t = performance.now();
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: false, useSharedStrings: false });
for (const sh of sheets) {
  const ws = wb.addWorksheet(sh.name);
  for (const r of sh.rows) ws.addRow(r).commit();
  ws.commit();
}
await wb.commit();
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t) / 1000, cells: sheets.reduce((a, s) => a + s.rows.reduce((b, r) => b + r.length, 0), 0) }) + '\n');
