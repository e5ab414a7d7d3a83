/**
 * CDISC ODM through the export screen's channel (issue 12): `export.run` with format odm writes
 * the same file, through the same profiles, with the same export record as the CLI's service
 * `sitecrf export --format odm`; the audit file only for a profile that keeps dates; a
 * safe-harbor-text ODM only after the free-text review, with its decisions applied.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../main/demo/index';
import { exportOdm } from '../../main/export/odm/index';
import type { AppState } from '../../main/ipc/app-state';
import { renderRedactions } from '../../shared/redaction';
import { call, loginAs, must, siteWithUsers } from '../support/ipc';
import { xmllint } from '../support/xmllint';

let dir: string;
let state: AppState;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-ipc-odm-'));
  ({ state } = await siteWithUsers(dir));
  await loginAs(state, 'coordinator');
  generateDemo(state.session!, { subjects: 30, seed: 11 });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exportRow = (id?: number) =>
  state
    .session!.db.prepare(
      `SELECT id, username, profile, period, submission, subjects, rows, file_name, sha256, sheet_hashes FROM exports
       ${id ? 'WHERE id = ?' : 'ORDER BY id DESC LIMIT 1'}`,
    )
    .get(...(id ? [id] : [])) as Record<string, string | number>;
const auditOf = (exportId: number) =>
  JSON.parse(
    (
      state
        .session!.db.prepare(
          `SELECT detail FROM audit WHERE action = 'export' AND json_extract(detail, '$.export') = ?`,
        )
        .get(exportId) as { detail: string }
    ).detail,
  ) as Record<string, unknown>;

describe('export.run with format odm', () => {
  it('writes a valid safe-harbor ODM file in the exports folder, recorded as the CLI records it', async () => {
    const r = await must(state, 'export.run', { period: '2026-06', format: 'odm' });
    expect(r).toMatchObject({ format: 'odm', subjects: 30 });
    expect(r.audit).toBeUndefined();
    expect(dirname(r.file)).toBe(join(dir, 'exports'));
    expect(basename(r.file)).toBe('SACRO_MMC_2026-06_safe-harbor.odm.xml');
    const v = xmllint(r.file);
    expect(v.ok, v.out).toBe(true);
    const xml = readFileSync(r.file, 'utf8');
    expect(r.rows).toBe((xml.match(/<FormData /g) ?? []).length);
    expect(r.rows).toBeGreaterThan(30);
    const screen = exportRow();
    expect(screen).toMatchObject({ profile: 'safe-harbor', submission: 0, sha256: r.sha256, subjects: 30 });
    // The CLI's service on the same snapshot of the data: the same record, but for its id and hash.
    const cliDir = mkdtempSync(join(tmpdir(), 'sitecrf-cli-odm-'));
    try {
      const c = await exportOdm(state.session!, { period: '2026-06', outDir: cliDir });
      const cli = exportRow();
      const strip = (row: Record<string, unknown>) => ({ ...row, id: 0, sha256: '' });
      expect(strip(cli)).toEqual(strip(screen));
      // Each run its own snapshot time (cut-off), so each file its own creation stamps and hash.
      const { export: a, sha256: sa, cutoff: ca, ...screenAudit } = auditOf(Number(screen.id));
      const { export: b, sha256: sb, cutoff: cb, ...cliAudit } = auditOf(Number(cli.id));
      expect(String(ca) <= String(cb)).toBe(true);
      const unstamped = (f: string) =>
        readFileSync(f, 'utf8').replace(/ (FileOID|CreationDateTime|AsOfDateTime)="[^"]*"/g, '');
      expect(unstamped(c.file)).toBe(unstamped(r.file));
      expect([a, sa, b, sb]).toEqual([screen.id, r.sha256, cli.id, c.sha256]);
      expect(screenAudit).toEqual(cliAudit);
      expect(screenAudit).toMatchObject({ profile: 'safe-harbor', submission: false, rows: r.rows });
    } finally {
      rmSync(cliDir, { recursive: true, force: true });
    }
    // Never the previous submission: the next workbook's Changes do not start after it.
    expect(
      state.session!.db.prepare(`SELECT count(*) AS n FROM exports WHERE submission = 1`).get() as { n: number },
    ).toEqual({ n: 0 });
  });

  it('writes the Transactional audit file for a profile that keeps dates, and refuses it otherwise', async () => {
    expect(await call(state, 'export.run', { period: '2026-05', format: 'odm', audit: true })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'audit' },
    });
    expect(await call(state, 'export.run', { period: '2026-05', audit: true })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'audit', rule: 'format' },
    });
    const r = await must(state, 'export.run', { period: '2026-05', profile: 'limited', format: 'odm', audit: true });
    expect(basename(r.file)).toBe('SACRO_MMC_2026-05_limited_PHI.odm.xml');
    expect(basename(r.audit.file)).toBe('SACRO_MMC_2026-05_limited_PHI_audit.odm.xml');
    expect(r.audit.records).toBeGreaterThan(100);
    for (const f of [r.file, r.audit.file]) {
      const v = xmllint(f);
      expect(v.ok, v.out).toBe(true);
    }
    expect((readFileSync(r.audit.file, 'utf8').match(/<AuditRecord /g) ?? []).length).toBe(r.audit.records);
    // The audit file's hash goes with the export's record.
    expect(JSON.parse(String(exportRow().sheet_hashes))).toEqual({ [basename(r.audit.file)]: r.audit.sha256 });
    expect(await must(state, 'export.progress', {})).toMatchObject({ running: false, phase: 'done', total: 30 });
  });

  it('needs the free-text review for safe-harbor-text, and writes its decisions into the ODM file', async () => {
    expect(
      await call(state, 'export.run', { period: '2026-04', profile: 'safe-harbor-text', format: 'odm' }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'review', rule: 'required' } });
    const review = await must(state, 'export.review', { period: '2026-04' });
    // A form field's note with a long plain word the scanner left: the reviewer redacts it.
    const inSpan = (i: { spans: { start: number; end: number }[] }, at: number) =>
      i.spans.some((s) => s.start <= at && at < s.end);
    let pick: { item: (typeof review.items)[number]; start: number; end: number } | undefined;
    for (const item of review.items as { key: string; where: string; text: string; spans: never[] }[]) {
      if (/quer/i.test(item.where)) continue;
      const m = [...item.text.matchAll(/\b[a-z]{7,}\b/g)].find((x) => !inSpan(item, x.index));
      if (m) {
        pick = { item, start: m.index, end: m.index + m[0].length };
        break;
      }
    }
    expect(pick, 'a form note with a plain word').toBeDefined();
    const { item, start, end } = pick!;
    const r = await must(state, 'export.run', {
      period: '2026-04',
      profile: 'safe-harbor-text',
      format: 'odm',
      review: { id: review.id, decisions: [{ key: item.key, add: [{ start, end }] }] },
    });
    expect(r.review).toEqual({ items: review.total, added: 1, removed: 0 });
    const v = xmllint(r.file);
    expect(v.ok, v.out).toBe(true);
    const xml = readFileSync(r.file, 'utf8');
    const esc = (s: string) =>
      s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;');
    const sent = renderRedactions(item.text, [...item.spans, { start, end, kind: 'ADDED' }]).text;
    const unreviewed = renderRedactions(item.text, item.spans).text;
    expect(xml).toContain(`Value="${esc(sent)}"`);
    expect(xml).not.toContain(`Value="${esc(unreviewed)}"`);
    expect(auditOf(Number(exportRow().id))).toMatchObject({ review: { items: review.total } });
  });

  it('is open to the monitor for the de-identified profiles only', async () => {
    await loginAs(state, 'monitor');
    const r = await must(state, 'export.run', { period: '2026-03', format: 'odm' });
    expect(xmllint(r.file).ok).toBe(true);
    expect(await call(state, 'export.run', { period: '2026-03', profile: 'limited', format: 'odm' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
