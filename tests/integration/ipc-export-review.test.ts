/**
 * The export screen's free-text review through the IPC table (issue 14): `export.review` lists
 * every free-text value with its redactions and is audited; a safe-harbor-text export needs that
 * review's id; added redactions reach the workbook; removals are an administrator's, with a
 * reason, never of the subject's own identifiers; the decisions are kept with the export record.
 */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../main/demo/index';
import { createAppState, type AppState } from '../../main/ipc/app-state';
import type { ReviewView } from '../../shared/ipc/review';
import { CHEAP_KDF, call, loginAs, must, siteWithUsers } from '../support/ipc';

const PERIOD = '2026-06';
let dir: string;
let state: AppState;
let sent = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-review-ipc-'));
  state = createAppState({ dataDir: dir, kdf: CHEAP_KDF });
  await siteWithUsers(dir, state);
  await loginAs(state, 'coordinator');
  generateDemo(state.session!, { subjects: 12, seed: 5 });
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every cell of the workbook; the file is then moved away, as an export never overwrites one. */
async function cells(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  renameSync(file, `${file}.${++sent}`);
  const out: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value))));
  return out;
}

function lastAudit(action: string): Record<string, unknown> {
  const row = state
    .session!.db.prepare('SELECT detail FROM audit WHERE action = ? ORDER BY id DESC LIMIT 1')
    .get(action) as { detail: string };
  return JSON.parse(row.detail) as Record<string, unknown>;
}

/** An item with a redaction of someone other than the subject (a doctor, a date) and one of the subject's. */
function itemWithBoth(view: ReviewView) {
  const item = view.items.find((i) => i.spans.some((s) => s.subject) && i.spans.some((s) => !s.subject));
  expect(item, 'a note naming the subject and someone else').toBeDefined();
  return item!;
}

describe('the free-text review on the export screen', () => {
  it('lists every free-text value with its redactions, audited, and only to identified roles', async () => {
    const view: ReviewView = await must(state, 'export.review', { period: PERIOD });
    expect(view.id).toMatch(/^[0-9a-f]{64}$/);
    expect(view.items.length).toBeGreaterThan(12);
    expect(view.items.some((i) => i.key.includes('/FU/'))).toBe(true);
    const item = itemWithBoth(view);
    for (const s of item.spans) expect(s.end).toBeGreaterThan(s.start);
    expect(view.total).toBe(view.items.length);
    expect(lastAudit('export.review')).toMatchObject({ period: PERIOD, items: view.total, review: view.id });
    await loginAs(state, 'monitor');
    expect(await call(state, 'export.review', { period: PERIOD })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses a safe-harbor-text export without the review, or with a review not shown to this session', async () => {
    await loginAs(state, 'coordinator');
    expect(await call(state, 'export.run', { period: PERIOD, profile: 'safe-harbor-text' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'review', rule: 'required' },
    });
    const view: ReviewView = await must(state, 'export.review', { period: PERIOD });
    await loginAs(state, 'investigator');
    expect(
      await call(state, 'export.run', {
        period: PERIOD,
        profile: 'safe-harbor-text',
        review: { id: view.id, decisions: [] },
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'review.id' } });
    expect(
      await call(state, 'export.run', {
        period: PERIOD,
        profile: 'safe-harbor',
        review: { id: view.id, decisions: [] },
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', rule: 'profile' } });
  });

  it('applies an added redaction and keeps it with the export record', async () => {
    await loginAs(state, 'coordinator');
    const view: ReviewView = await must(state, 'export.review', { period: PERIOD });
    const item = view.items.find((i) => /\bVAS\b/.test(i.text)) ?? view.items[0]!;
    const word = /\bVAS\b/.test(item.text) ? 'VAS' : item.text.split(/\s+/)[0]!;
    const at = item.text.indexOf(word);
    const r = await must(state, 'export.run', {
      period: PERIOD,
      profile: 'safe-harbor-text',
      review: { id: view.id, decisions: [{ key: item.key, add: [{ start: at, end: at + word.length }] }] },
    });
    expect(r.review).toEqual({ items: view.items.length, added: 1, removed: 0 });
    expect((await cells(r.file)).some((c) => c.includes('[REDACTED:ADDED]'))).toBe(true);
    expect(lastAudit('export')).toMatchObject({
      review: { items: view.items.length, added: [{ key: item.key, start: at, end: at + word.length }], removed: [] },
    });
    // one review, one export
    expect(
      await call(state, 'export.run', {
        period: PERIOD,
        profile: 'safe-harbor-text',
        review: { id: view.id, decisions: [] },
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'review.id' } });
  });

  it('a removal is refused to the coordinator and for the subject’s own identifier; the admin’s is applied with its reason', async () => {
    const view: ReviewView = await must(state, 'export.review', { period: PERIOD });
    const item = itemWithBoth(view);
    const other = item.spans.find((s) => !s.subject)!;
    const own = item.spans.find((s) => s.subject)!;
    const reason = 'the clinic’s name, not a person';
    const remove = (s: { start: number; end: number }) => ({
      period: PERIOD,
      profile: 'safe-harbor-text',
      review: { id: view.id, decisions: [{ key: item.key, remove: [{ start: s.start, end: s.end, reason }] }] },
    });
    expect(await call(state, 'export.run', remove(other))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', rule: 'admin-only' },
    });

    await loginAs(state, 'admin');
    const mine: ReviewView = await must(state, 'export.review', { period: PERIOD });
    expect(mine.id).toBe(view.id);
    expect(await call(state, 'export.run', remove(own))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', rule: 'subject-identifier' },
    });
    // a refused export leaves the review in place: the admin decides again on the same one
    expect(
      await call(state, 'export.run', {
        ...remove(other),
        review: {
          id: view.id,
          decisions: [{ key: item.key, remove: [{ start: other.start, end: other.end, reason: ' ' }] }],
        },
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'review.decisions.0.remove.0.reason' } });
    const r = await must(state, 'export.run', remove(other));
    expect(r.review).toMatchObject({ removed: 1, added: 0 });
    const clear = item.text.slice(other.start, other.end);
    const cell = (await cells(r.file)).find((c) => c.includes(clear) && c.includes('[REDACTED:'));
    expect(cell, `the removed redaction (${clear}) is sent in clear`).toBeDefined();
    expect(lastAudit('export')).toMatchObject({
      review: { removed: [{ key: item.key, start: other.start, end: other.end, kind: other.kind, reason, by: 'ada' }] },
    });
  });

  it('refuses the export when a text changed or a value was written after the review', async () => {
    await loginAs(state, 'coordinator');
    const view: ReviewView = await must(state, 'export.review', { period: PERIOD });
    const subjectId = view.items[0]!.subjectId;
    await must(state, 'queries.open', { subjectId, text: 'Please call Dr. Okonkwo-Baptiste about the note' });
    expect(
      await call(state, 'export.run', {
        period: PERIOD,
        profile: 'safe-harbor-text',
        review: { id: view.id, decisions: [] },
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        rule: 'stale',
        message: expect.stringContaining(`new free text in ${subjectId} query`),
      },
    });
    const again: ReviewView = await must(state, 'export.review', { period: PERIOD });
    expect(again.id).not.toBe(view.id);
    expect(again.items.some((i) => i.text.includes('Okonkwo-Baptiste'))).toBe(true);
    const r = await must(state, 'export.run', {
      period: PERIOD,
      profile: 'safe-harbor-text',
      review: { id: again.id, decisions: [] },
    });
    expect((await cells(r.file)).some((c) => c.includes('Okonkwo-Baptiste'))).toBe(false);
  });
});
