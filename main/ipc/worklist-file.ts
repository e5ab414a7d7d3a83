/**
 * The follow-up worklist as a spreadsheet for the phone calls: identified (names, phone
 * numbers), so it carries the PHI banner in its name and first row, stays in the site's data
 * directory, and is audited like any other identified export.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PHI_BANNER } from '../export/profiles';
import { privateWriteStream } from '../export/private-file';
import { xlsxRow } from '../export/cell-safety';
import { sha256File } from '../export/record';
import { APP_LABEL } from '../export/app-version';
import { appendAudit } from '../services/audit';
import type { SiteSession } from '../services/session';
import { followUpWorklist } from '../services/worklist';

export async function writeWorklistFile(
  s: SiteSession,
  outDir: string,
): Promise<{ file: string; sha256: string; rows: number }> {
  const rows = followUpWorklist(s);
  const def = s.study.def;
  const contactFields = def.contactFields.map((r) => r.field);
  const labelOf = (form: string, field: string) => s.study.field(form, field).label;
  const stamp = s.now().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const name = `${def.id}_${s.site.code}_worklist_${stamp}_PHI.xlsx`;
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, name);
  const tmp = `${file}.partial`;

  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: privateWriteStream(tmp),
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = APP_LABEL;
  const ws = wb.addWorksheet('Worklist');
  ws.addRow([PHI_BANNER]).commit();
  ws.addRow([
    'Subject',
    'Visit',
    'State',
    'Window opens',
    'Window closes',
    'Overdue after',
    ...def.contactFields.map((r) => labelOf(r.form, r.field)),
  ]).commit();
  // Names and phones are typed by people: text that looks like a formula is made plain.
  for (const r of rows)
    ws.addRow(
      xlsxRow([
        r.subjectId,
        r.eventLabel,
        r.state,
        r.from ?? '',
        r.to ?? '',
        r.overdueAfter ?? '',
        ...contactFields.map((f) => r.contact[f] ?? ''),
      ]),
    ).commit();
  ws.commit();
  await wb.commit();
  renameSync(tmp, file);
  const sha256 = await sha256File(file);
  s.db.transaction(() =>
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'export.worklist',
          detail: { file: name, rows: rows.length, sha256, profile: 'identified' },
        },
      ],
      s.now(),
    ),
  )();
  return { file, sha256, rows: rows.length };
}
