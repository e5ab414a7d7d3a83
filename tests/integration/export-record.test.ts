/**
 * Who may export what, the accounting of disclosures (exports table and audit trail with the
 * file's SHA-256), the identified export's banner and file name, and the Changes sheet.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCrfError } from '../../shared/errors';
import { LIMITED_BANNER, PHI_BANNER } from '../../main/export/profiles';
import { createFixture, type Fixture } from '../support/export-fixture';
import { readSubmission } from '../../main/export/workbook-reader';
import { exportSubmission } from '../../main/export/workbook-writer';
import { saveForm } from '../../main/services/save-form';

let fx: Fixture;
beforeAll(() => {
  fx = createFixture();
});
afterAll(() => fx.admin.close());

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('identified export', () => {
  it('is refused to a monitor, who may still export de-identified', async () => {
    const err = await exportSubmission(fx.monitor, {
      period: '2026-09',
      profile: 'identified',
      outDir: `${fx.dir}/mon`,
    }).catch((e: unknown) => e);
    expect(isCrfError(err) && err.code).toBe('FORBIDDEN');
    expect(existsSync(`${fx.dir}/mon`) ? readdirSync(`${fx.dir}/mon`) : []).toEqual([]);
    const ok = await exportSubmission(fx.monitor, {
      period: '2026-09',
      profile: 'safe-harbor',
      outDir: `${fx.dir}/mon`,
    });
    expect(ok.file).toMatch(/SACRO_MMC_2026-09_safe-harbor\.xlsx$/);
  });

  it('carries the banner on every sheet and PHI in its file name, and is no submission', async () => {
    const r = await exportSubmission(fx.coordinator, {
      period: '2026-09',
      profile: 'identified',
      outDir: `${fx.dir}/id`,
    });
    expect(r.file).toMatch(/SACRO_MMC_2026-09_identified_PHI\.xlsx$/);
    const read = await readSubmission(r.file);
    expect(read.phiBanner).toBe(true);
    expect(read.hashCheck.ok).toBe(true);
    expect(read.sheets.REG![0]).toMatchObject({
      mrn: 'QX-778812',
      last_name: 'Quackenbush',
      birth_date: '1936-03-14',
      zip: '03601',
    });
    const row = fx.admin.db.prepare('SELECT submission FROM exports WHERE sha256 = ?').get(r.sha256) as {
      submission: number;
    };
    expect(row.submission).toBe(0);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.file);
    for (const ws of wb.worksheets) expect(ws.getCell('A1').value, ws.name).toBe(PHI_BANNER);
  });
});

describe('limited export (a Limited Data Set is PHI)', () => {
  it('is refused to a monitor and writes nothing', async () => {
    const err = await exportSubmission(fx.monitor, {
      period: '2026-09',
      profile: 'limited',
      outDir: `${fx.dir}/mon-limited`,
    }).catch((e: unknown) => e);
    expect(isCrfError(err) && err.code).toBe('FORBIDDEN');
    expect(existsSync(`${fx.dir}/mon-limited`) ? readdirSync(`${fx.dir}/mon-limited`) : []).toEqual([]);
  });

  it('says PHI in its file name and heads every sheet with the limited data set banner', async () => {
    const r = await exportSubmission(fx.coordinator, {
      period: '2026-09',
      profile: 'limited',
      outDir: `${fx.dir}/limited`,
    });
    expect(r.file).toMatch(/SACRO_MMC_2026-09_limited_PHI\.xlsx$/);
    const read = await readSubmission(r.file);
    expect(read.phiBanner).toBe(true);
    expect(read.hashCheck.ok).toBe(true);
    expect(read.sheets.REG![0]).toMatchObject({ zip: '03601' });
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(r.file);
    for (const ws of wb.worksheets) expect(ws.getCell('A1').value, ws.name).toBe(LIMITED_BANNER);
    expect(LIMITED_BANNER).toMatch(/^CONTAINS PHI/);
  });
});

describe('accounting of disclosures', () => {
  it('records every export in the exports table and the audit trail with the file SHA-256', async () => {
    const r = await exportSubmission(fx.coordinator, { period: '2026-10', outDir: `${fx.dir}/acct` });
    expect(r.sha256).toBe(sha(r.file));
    expect(readdirSync(`${fx.dir}/acct`)).toEqual(['SACRO_MMC_2026-10_safe-harbor.xlsx']);
    const ex = fx.admin.db.prepare('SELECT * FROM exports WHERE id = ?').get(r.exportId) as Record<string, unknown>;
    expect(ex).toMatchObject({
      username: 'coord',
      profile: 'safe-harbor',
      period: '2026-10',
      submission: 1,
      subjects: 5,
      rows: r.rows,
      file_name: 'SACRO_MMC_2026-10_safe-harbor.xlsx',
      sha256: sha(r.file),
    });
    expect(JSON.parse(String(ex.sheet_hashes))).toEqual(r.sheetHashes);
    const audits = fx.admin.db.prepare(`SELECT user, detail FROM audit WHERE action = 'export' ORDER BY id`).all() as {
      user: string;
      detail: string;
    }[];
    const mine = audits.map((a) => ({ user: a.user, ...JSON.parse(a.detail) })).find((d) => d.sha256 === r.sha256);
    expect(mine).toMatchObject({
      user: 'coord',
      profile: 'safe-harbor',
      period: '2026-10',
      subjects: 5,
      rows: r.rows,
      file: 'SACRO_MMC_2026-10_safe-harbor.xlsx',
    });
    expect(mine.cutoff).toBe(r.cutoff);
    // One audit row per export, the refused one included nowhere.
    expect(audits.length).toBe((fx.admin.db.prepare('SELECT count(*) AS n FROM exports').get() as { n: number }).n);
    const read = await readSubmission(r.file);
    expect(read.cover.sha256).toEqual(r.sheetHashes);
  });

  it('never overwrites a file that may have been sent', async () => {
    await expect(exportSubmission(fx.coordinator, { period: '2026-10', outDir: `${fx.dir}/acct` })).rejects.toThrow(
      /already exists/,
    );
  });
});

describe('Changes sheet', () => {
  it('lists the changes since the previous submission only, with codes and never values', async () => {
    const first = await exportSubmission(fx.coordinator, { period: '2026-11', outDir: `${fx.dir}/ch1` });
    // The identified export in between is not a submission: Changes still counts from `first`.
    fx.clock.now = new Date('2026-11-05T12:00:00.000Z');
    saveForm(fx.coordinator, {
      subjectId: 'MMC-0002',
      event: 'procedure',
      form: 'PROC',
      merge: true,
      values: { cement_ml: 9.1 },
      status: 'complete',
      reason: 'Zebulon Quackenbush chart re-read',
    });
    saveForm(fx.coordinator, {
      subjectId: 'MMC-0004',
      event: 'screening',
      form: 'REG',
      merge: true,
      values: { phone: '212-555-0100' },
      status: 'complete',
      reason: 'new number',
    });
    await exportSubmission(fx.coordinator, { period: '2026-11', profile: 'identified', outDir: `${fx.dir}/ch-id` });
    fx.clock.now = new Date('2026-12-01T12:00:00.000Z');
    const second = await exportSubmission(fx.coordinator, { period: '2026-12', outDir: `${fx.dir}/ch2` });
    const read = await readSubmission(second.file);
    expect(read.cover.previous).toMatchObject({
      period: '2026-11',
      fileName: 'SACRO_MMC_2026-11_safe-harbor.xlsx',
      sha256: first.sha256,
    });
    const changes = read.sheets.Changes!.map(({ subject_id, form, field, change, reason_code }) => ({
      subject_id,
      form,
      field,
      change,
      reason_code,
    }));
    expect(changes).toEqual([
      { subject_id: 'MMC-0002', form: 'PROC', field: 'cement_ml', change: 'modified', reason_code: 'correction' },
      { subject_id: 'MMC-0004', form: 'REG', field: 'phone', change: 'modified', reason_code: 'correction' },
    ]);
    const day = read.sheets.Changes![0]!.change_day;
    expect(typeof day).toBe('number');
    const text = JSON.stringify(read.sheets.Changes);
    expect(text).not.toContain('9.1');
    expect(text).not.toContain('212-555-0100');
    expect(text).not.toContain('Quackenbush');
  });
});
