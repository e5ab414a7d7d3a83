/**
 * Issue 10 item 3: the default profile carries no free text. Texts with no identifier in them
 * (so a PHI scan would keep them) are planted in every free-text field and in every step of a
 * query's life; every cell of every sheet and every XML part of a safe-harbor and a limited
 * export is searched for them. safe-harbor-text shows the search can find them.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveForm } from '../../main/services/save-form';
import { closeQuery, listQueries, openQuery, replyQuery } from '../../main/services/queries';
import { exportSubmission } from '../../main/export/workbook-writer';
import type { ProfileId } from '../../main/export/profiles';
import { createFixture, type Fixture } from '../support/export-fixture';

const PLANTED = {
  proc: 'Wombat marker one: cement flowed evenly along the ala.',
  fu: 'Wombat marker two: walking without the frame now.',
  query: 'Wombat marker three: please recheck the volume against the operative note.',
  reply: 'Wombat marker four: the operative note says seven and a half.',
  close: 'Wombat marker five: confirmed against source.',
};

let fx: Fixture;
const files = new Map<ProfileId, string>();

beforeAll(async () => {
  fx = createFixture();
  const edit = (event: string, form: string, values: Record<string, unknown>) =>
    saveForm(fx.coordinator, {
      subjectId: 'MMC-0004',
      event,
      form,
      values,
      status: 'complete',
      merge: true,
      reason: 'Note rewritten from the chart',
    });
  edit('procedure', 'PROC', { proc_notes: PLANTED.proc });
  edit('fu_1m', 'FU', { fu_notes: PLANTED.fu });
  const q = openQuery(fx.monitor, {
    subjectId: 'MMC-0004',
    event: 'procedure',
    form: 'PROC',
    field: 'cement_ml',
    text: PLANTED.query,
  });
  replyQuery(fx.coordinator, { queryId: q.id, text: PLANTED.reply });
  closeQuery(fx.monitor, { queryId: q.id, text: PLANTED.close });
  expect(listQueries(fx.admin, { subjectId: 'MMC-0004' })[0]).toMatchObject({ status: 'closed' });
  for (const profile of ['safe-harbor', 'limited', 'safe-harbor-text'] as const)
    files.set(
      profile,
      (await exportSubmission(fx.coordinator, { period: '2026-10', profile, outDir: `${fx.dir}/${profile}` })).file,
    );
});
afterAll(() => fx.admin.close());

async function everything(file: string): Promise<{ cells: string[]; xml: string; sheets: ExcelJS.Workbook }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => cells.push(JSON.stringify(c.value))));
  const zip = await JSZip.loadAsync(readFileSync(file));
  const parts: string[] = [];
  for (const name of Object.keys(zip.files))
    if (!zip.files[name]!.dir) parts.push(await zip.files[name]!.async('string'));
  return { cells, xml: parts.join('\n'), sheets: wb };
}

/** The Queries sheet as objects keyed by its header codes (row 1; row 2 is the labels). */
function queryRows(wb: ExcelJS.Workbook): Record<string, unknown>[] {
  const ws = wb.getWorksheet('Queries')!;
  // limited: the PHI banner takes row 1.
  const top = String(ws.getCell('A1').value).startsWith('CONTAINS PHI') ? 1 : 0;
  const codes = (ws.getRow(1 + top).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, r) => {
    if (r < 3 + top) return;
    out.push(Object.fromEntries(codes.map((c, i) => [c, row.getCell(i + 1).value])));
  });
  return out;
}

describe.each(['safe-harbor', 'limited'] as const)('a %s export', (profile) => {
  it('carries none of the planted free texts, in any cell of any sheet or any XML part', async () => {
    const { cells, xml } = await everything(files.get(profile)!);
    for (const text of Object.values(PLANTED)) {
      expect(cells.find((c) => c.includes(text)) ?? null).toBeNull();
      expect(xml.includes(text)).toBe(false);
    }
    expect(cells.find((c) => c.includes('Wombat')) ?? null).toBeNull();
    expect(xml.includes('Wombat')).toBe(false);
    // The fixture's query, that names the patient, is gone too: no text of a query at all.
    expect(xml.includes('Please confirm the volume')).toBe(false);
  });

  it('keeps the query metadata: form, field, status, day offsets and roles, no text column', async () => {
    const { sheets } = await everything(files.get(profile)!);
    const rows = queryRows(sheets);
    expect(Object.keys(rows[0]!)).not.toContain('text');
    const closed = rows.find((r) => r.subject_id === 'MMC-0004')!;
    expect(closed).toMatchObject({
      form: 'PROC',
      event: 'procedure',
      field: 'cement_ml',
      status: 'closed',
      opened_by_role: 'monitor',
      answered_by_role: 'coordinator',
      closed_by_role: 'monitor',
    });
    // Marchbanks' procedure was 2025-03-03; the fixture's clock says 2026-10-20.
    expect(closed.opened_day).toBe(596);
    expect(closed.answered_day).toBe(596);
    expect(closed.closed_day).toBe(596);
    expect(rows.find((r) => r.subject_id === 'MMC-0001')).toMatchObject({ status: 'open', opened_by_role: 'monitor' });
  });
});

describe('a safe-harbor-text export', () => {
  it('keeps the narratives and the query text after the PHI scan (the search above can find them)', async () => {
    const { cells, sheets } = await everything(files.get('safe-harbor-text')!);
    for (const text of [PLANTED.proc, PLANTED.fu]) expect(cells.some((c) => c.includes(text))).toBe(true);
    const rows = queryRows(sheets);
    expect(rows.find((r) => r.subject_id === 'MMC-0004')!.text).toBe(PLANTED.query);
    expect(String(rows.find((r) => r.subject_id === 'MMC-0001')!.text)).toContain('[REDACTED:');
  });
});
