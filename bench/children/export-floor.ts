/**
 * The export's floor: exceljs's streaming writer writing the same cells, read back from the real
 * export beforehand (untimed), with no database reading, de-identification or hashing.
 * "The same cells" includes what the submission must carry besides values (number formats per
 * column, bold header rows, frozen panes, auto-filter), written the cheapest way exceljs allows
 * (one shared style object per column). The unstyled write is timed too, and reported beside it.
 */
import ExcelJS from 'exceljs';

const [file, out] = process.argv.slice(2) as [string, string];
const wb0 = new ExcelJS.stream.xlsx.WorkbookReader(file, {
  worksheets: 'emit',
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'cache',
  entries: 'emit',
});
const sheets: { name: string; rows: unknown[][]; numFmts: (string | undefined)[] }[] = [];
for await (const ws of wb0) {
  const rows: unknown[][] = [];
  const numFmts: (string | undefined)[] = [];
  for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
    rows.push((row.values as unknown[]).slice(1));
    row.eachCell((c, col) => {
      if (c.numFmt && numFmts[col - 1] === undefined) numFmts[col - 1] = c.numFmt;
    });
  }
  sheets.push({ name: (ws as unknown as { name: string }).name, rows, numFmts });
}

async function write(path: string, styled: boolean): Promise<number> {
  const t = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: styled, useSharedStrings: false });
  for (const sh of sheets) {
    const width = Math.max(1, ...sh.rows.map((r) => r.length));
    const options = styled
      ? ({
          views: [{ state: 'frozen', ySplit: 2 }],
          autoFilter: `A2:${String.fromCharCode(64 + Math.min(width, 26))}${sh.rows.length}`,
        } as Partial<ExcelJS.AddWorksheetOptions>)
      : {};
    const ws = wb.addWorksheet(sh.name, options);
    const styles = Array.from({ length: width }, (_, i) => (sh.numFmts[i] ? { numFmt: sh.numFmts[i] } : {}));
    if (styled) ws.columns = styles.map((style) => ({ style }));
    sh.rows.forEach((r, i) => {
      const row = ws.addRow(r);
      if (styled) {
        if (i < 2) row.font = { bold: true };
        else row.eachCell((c, col) => (c.style = styles[col - 1]!));
      }
      row.commit();
    });
    ws.commit();
  }
  await wb.commit();
  return (performance.now() - t) / 1000;
}

const plain = await write(`${out}.plain.xlsx`, false);
const seconds = await write(out, true);
process.stdout.write(
  JSON.stringify({
    seconds,
    plainSeconds: plain,
    cells: sheets.reduce((a, s) => a + s.rows.reduce((b, r) => b + r.length, 0), 0),
  }) + '\n',
);
