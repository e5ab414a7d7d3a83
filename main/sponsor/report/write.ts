/**
 * Writing the study tables: study-tables.json (the tables as data) and study-tables.xlsx,
 * streamed with the site workbook's sheet writer (codes and labels as header rows, frozen,
 * auto-filter, number formats), one sheet per table after a Contents sheet. Each file is
 * written beside its name and renamed when complete, so a crash never leaves half a report.
 */
import { mkdirSync, renameSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { APP_LABEL } from '../../export/app-version';
import type { Cell } from '../../export/layout';
import type { SheetSource } from '../../export/sheet-source';
import { writeSheet } from '../../export/sheet-writer';
import type { StudyTables } from './index';
import type { StudyTable } from './table';

function widths(t: { columns: { id: string }[]; rows: Cell[][] }): number[] {
  return t.columns.map((_, i) => Math.min(50, Math.max(...t.rows.map((r) => String(r[i] ?? '').length), 0)));
}

function source(t: StudyTable): SheetSource {
  return {
    name: t.id.slice(0, 31),
    columns: t.columns.map((c) => ({ code: c.id, label: c.label, numFmt: c.numFmt })),
    rows: () => t.rows,
  };
}

export async function writeStudyTables(tables: StudyTables, outDir: string): Promise<{ json: string; xlsx: string }> {
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, 'study-tables.json');
  const xlsx = join(outDir, 'study-tables.xlsx');
  const tmpJson = `${json}.partial`;
  const tmpXlsx = join(outDir, '.study-tables.xlsx.partial');
  try {
    writeFileSync(tmpJson, `${JSON.stringify(tables, null, 2)}\n`, { mode: 0o600 });
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmpXlsx, useStyles: true, useSharedStrings: false });
    wb.creator = APP_LABEL;
    wb.lastModifiedBy = APP_LABEL;
    wb.created = new Date(tables.generatedAt);
    const contents: StudyTable = {
      id: 'Contents',
      title: 'Contents',
      columns: [
        { id: 'sheet', label: 'Sheet' },
        { id: 'title', label: 'Table' },
      ],
      rows: [
        ['study', tables.study],
        ['protocol_version', tables.protocolVersion],
        ['generated_at', tables.generatedAt],
        ...tables.tables.map((t): Cell[] => [t.id, t.title]),
      ],
    };
    for (const t of [contents, ...tables.tables])
      await writeSheet(wb, source(t), {
        banner: null,
        dataRows: t.rows.length,
        widths: widths(t),
        freezeFirstColumn: t !== contents,
      });
    await wb.commit();
    renameSync(tmpJson, json);
    renameSync(tmpXlsx, xlsx);
  } finally {
    for (const f of [tmpJson, tmpXlsx]) if (existsSync(f)) unlinkSync(f);
  }
  return { json, xlsx };
}
