/**
 * Review before a safe-harbor-text export (issue 14, review.ts): the review lists every free-text
 * value with its redactions; an added redaction reaches the workbook; only an admin may remove
 * one, with a reason, never the subject's own identifier; the decisions are kept with the
 * export's audit record; a text changed since the review refuses the export.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, PEOPLE, type Fixture } from '../support/export-fixture';
import { exportSubmission } from '../../main/export/workbook-writer';
import { buildReview, reviewForExport } from '../../main/export/review-build';
import { parseReviewFile, type ReviewFile } from '../../main/export/review';

let fx: Fixture;
beforeAll(() => {
  fx = createFixture();
});
afterAll(() => fx.admin.close());

const PERIOD = '2026-10';
let n = 0;
const clone = (r: ReviewFile): ReviewFile => JSON.parse(JSON.stringify(r)) as ReviewFile;

async function exportWith(session: Fixture['admin'], file: ReviewFile): Promise<string[]> {
  const r = await exportSubmission(session, {
    period: PERIOD,
    profile: 'safe-harbor-text',
    outDir: `${fx.dir}/review-${++n}`,
    review: reviewForExport(session, parseReviewFile(JSON.stringify(file)), PERIOD),
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(r.file);
  const texts: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
  return texts;
}

function lastExportAudit(): { review?: { added: unknown[]; removed: { reason: string; by: string; kind: string }[] } } {
  const row = fx.admin.db
    .prepare("SELECT detail FROM audit WHERE action = 'export' ORDER BY id DESC LIMIT 1")
    .get() as {
    detail: string;
  };
  return JSON.parse(row.detail) as ReturnType<typeof lastExportAudit>;
}

describe('the review of a safe-harbor-text export', () => {
  let review: ReviewFile;
  beforeAll(() => {
    review = buildReview(fx.coordinator, { period: PERIOD });
  });

  it('lists every free-text value of the forms and the queries, redactions marked in place', () => {
    const p = PEOPLE[0]!;
    const note = review.items.find((i) => i.text.includes(p.mrn) && i.where.includes('proc_notes'));
    expect(note).toBeDefined();
    expect(note!.marked).not.toContain(p.last);
    expect(note!.marked).not.toContain(p.mrn);
    expect(note!.marked).toContain('[REDACTED:');
    // the subject's own name and MRN are marked as such: those can never be removed
    const own = note!.spans.filter((s) => s.subject).map((s) => note!.text.slice(s.start, s.end));
    expect(own).toEqual(expect.arrayContaining([`${p.first} ${p.last}`]));
    expect(review.items.some((i) => i.key.startsWith('query/'))).toBe(true);
    expect(review.items.filter((i) => i.where.includes('fu_notes')).length).toBe(PEOPLE.length);
    expect(review.items.every((i) => i.add.length === 0 && i.remove.length === 0)).toBe(true);
  });

  it('is refused to a role without identified access, as it holds the raw text', () => {
    expect(() => buildReview(fx.monitor, { period: PERIOD })).toThrow(/export\.identified/);
  });

  it('an added redaction reaches the workbook and is kept with the export record', async () => {
    const file = clone(review);
    const item = file.items.find((i) => i.where.includes('proc_notes'))!;
    const at = item.text.indexOf('called');
    item.add.push({ start: at, end: at + 'called'.length });
    const texts = await exportWith(fx.coordinator, file);
    const cell = texts.find((t) => t.includes('[REDACTED:ADDED]'));
    expect(cell).toBeDefined();
    expect(cell).not.toContain('called');
    expect(lastExportAudit().review?.added).toEqual([{ key: item.key, start: at, end: at + 6 }]);
  });

  it('a removal is an administrator’s only, with a reason, and never of the subject’s own identifier', async () => {
    const file = clone(review);
    const item = file.items.find((i) => i.where.includes('proc_notes') && i.spans.some((s) => !s.subject))!;
    const span = item.spans.find((s) => !s.subject)!;
    item.remove.push({ start: span.start, end: span.end, reason: 'a procedure day, not a person’s date' });
    await expect(exportWith(fx.coordinator, file)).rejects.toThrow(/administrator/);
    const own = item.spans.find((s) => s.subject)!;
    const bad = clone(file);
    bad.items.find((i) => i.key === item.key)!.remove.push({ start: own.start, end: own.end, reason: 'looks fine' });
    await expect(exportWith(fx.admin, bad)).rejects.toThrow(/subject's own identifier/);

    const texts = await exportWith(fx.admin, file);
    const clear = item.text.slice(span.start, span.end);
    expect(texts.some((t) => t.includes(clear))).toBe(true);
    const removed = lastExportAudit().review?.removed;
    expect(removed).toEqual([
      expect.objectContaining({ reason: 'a procedure day, not a person’s date', by: 'admin', kind: span.kind }),
    ]);
  });

  it('a removal without a reason is named by field and rule', () => {
    const file = clone(review) as unknown as { items: { remove: unknown[] }[] };
    file.items[0]!.remove.push({ start: 0, end: 1, reason: '' });
    expect(() => parseReviewFile(JSON.stringify(file))).toThrow(
      /items\.0\.remove\.0\.reason: a removal needs a reason/,
    );
  });

  it('a text that changed since the review refuses the export', async () => {
    const file = clone(review);
    const item = file.items[0]!;
    item.textSha256 = '0'.repeat(64);
    item.add.push({ start: 0, end: 1 });
    await expect(exportWith(fx.coordinator, file)).rejects.toThrow(/changed since the review/);
  });

  it('is for its own period', () => {
    expect(() => reviewForExport(fx.coordinator, review, '2026-09')).toThrow(/period 2026-10/);
  });
});
