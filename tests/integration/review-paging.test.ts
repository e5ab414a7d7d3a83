/**
 * The export screen's free-text review in pages (issue 14): `export.review` returns one page of
 * the values a safe-harbor-text export sends, scanned on demand, with the total and an id over
 * the whole unscanned list. The pages cover every value exactly once, and the same values as the
 * export collects itself; the id holds across pages and sessions and changes with any saved
 * change of a text or a subject's identifiers; an export against a stale id is refused, naming
 * what changed, and writes nothing.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemo } from '../../main/demo/index';
import { buildReview } from '../../main/export/review-build';
import { createAppState, type AppState } from '../../main/ipc/app-state';
import { REVIEW_PAGE_MAX, type ReviewView, type ReviewViewItem } from '../../shared/ipc/review';
import { CHEAP_KDF, USERS, call, loginAs, must, siteWithUsers } from '../support/ipc';

// The scanner's fingerprint, as a value the test can change: an updated scanner is another review.
const scanner = vi.hoisted(() => ({ print: 'scanner-a' }));
vi.mock('../../main/export/phi/fingerprint', () => ({ SCANNER_VERSION: 1, scannerFingerprint: () => scanner.print }));

const PERIOD = '2026-06';
const LATER = '2026-07';
let dir: string;
let state: AppState;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-review-pages-'));
  state = createAppState({ dataDir: dir, kdf: CHEAP_KDF });
  await siteWithUsers(dir, state);
  await loginAs(state, 'coordinator');
  generateDemo(state.session!, { subjects: 15, seed: 8 });
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

const page = (input: Record<string, unknown>): Promise<ReviewView> =>
  must(state, 'export.review', { period: PERIOD, ...input }) as Promise<ReviewView>;

/** Every page of `limit` values, in order, with the views they came in. */
async function allPages(limit: number, filters: Record<string, unknown> = {}) {
  const views: ReviewView[] = [];
  for (let offset = 0; ; offset += limit) {
    const v = await page({ offset, limit, ...filters });
    views.push(v);
    if (v.items.length < limit) break;
  }
  return { views, items: views.flatMap((v) => v.items) };
}

function exportAudits(): number {
  return (state.session!.db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'export'").get() as { n: number })
    .n;
}

/** Saves a form again with one value changed, as the form screen does. */
async function edit(subjectId: string, event: string, form: string, instance: number, field: string, to: string) {
  const key = { subjectId, event, form, instance };
  const f = await must(state, 'forms.get', key);
  await must(state, 'forms.save', {
    ...key,
    values: { ...f.values, [field]: to },
    status: 'complete',
    reason: 'correction from the chart',
  });
}

describe('the free-text review in pages', () => {
  it('pages cover every value exactly once, the same values the export collects, under one id', async () => {
    const file = buildReview(state.session!, { period: PERIOD });
    const { views, items } = await allPages(7);
    expect(views.length).toBeGreaterThan(2);
    const ids = new Set(views.map((v) => v.id));
    expect(ids.size).toBe(1);
    for (const v of views) {
      expect(v.total).toBe(file.items.length);
      expect(v.count).toBe(file.items.length);
      expect(v.exact).toBe(true);
      expect(v.items.length).toBeLessThanOrEqual(7);
    }
    const keys = items.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(file.items.map((i) => i.key).sort());
    // scanned on demand, each value as the whole review scans it
    const byKey = new Map(file.items.map((i) => [i.key, i]));
    for (const i of items) {
      expect(i.text).toBe(byKey.get(i.key)!.text);
      expect(i.spans).toEqual(byKey.get(i.key)!.spans);
    }
    // a page past the end is empty, not an error
    const past = await page({ offset: file.items.length, limit: 5 });
    expect(past.items).toEqual([]);
    expect(past.total).toBe(file.items.length);
  });

  it('caps a page and names the field and the rule', async () => {
    expect(await call(state, 'export.review', { period: PERIOD, limit: REVIEW_PAGE_MAX + 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'limit', message: expect.stringMatching(/at most 200/) },
    });
    expect(await call(state, 'export.review', { period: PERIOD, offset: -1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'offset' },
    });
  });

  it('filters by subject and to the values with a redaction, across pages', async () => {
    const { items: all } = await allPages(50);
    const subject = all[0]!.subjectId;
    const mine = await allPages(3, { subject: subject.toLowerCase() });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.subjectId === subject)).toBe(true);
    expect(mine.items.map((i) => i.key)).toEqual(all.filter((i) => i.subjectId === subject).map((i) => i.key));

    const redacted = await allPages(4, { onlyRedacted: true });
    const want = all.filter((i) => i.spans.length > 0).map((i) => i.key);
    expect(want.length).toBeGreaterThan(4);
    expect(want.length).toBeLessThan(all.length);
    expect(redacted.items.map((i) => i.key)).toEqual(want);
    // the last page has scanned to the end: its count is exact
    expect(redacted.views.at(-1)).toMatchObject({ exact: true, count: want.length });
  });

  it('keeps the id across sessions, and audits each review shown', async () => {
    const first = await page({});
    const before = (
      state.session!.db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'export.review'").get() as { n: number }
    ).n;
    await page({ offset: 5 });
    const after = (
      state.session!.db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'export.review'").get() as { n: number }
    ).n;
    expect(after).toBe(before);
    await loginAs(state, 'investigator');
    const theirs = await page({});
    expect(theirs.id).toBe(first.id);
    const row = state
      .session!.db.prepare("SELECT user, detail FROM audit WHERE action = 'export.review' ORDER BY id DESC LIMIT 1")
      .get() as { user: string; detail: string };
    expect(row.user).toBe(USERS.investigator);
    expect(JSON.parse(row.detail)).toMatchObject({ period: PERIOD, items: first.total, review: first.id });
  });

  it('decisions go back by key, whatever page showed the value: removals are an admin’s, with a reason, never of the own identifiers', async () => {
    await loginAs(state, 'coordinator');
    const { views } = await allPages(5);
    // a value from a later page, naming its subject and someone else
    const later = views.slice(1).flatMap((v) => v.items);
    const item = later.find((i) => i.spans.some((x) => x.subject) && i.spans.some((x) => !x.subject))!;
    expect(item, 'a value on page 2 or later naming its subject and someone else').toBeDefined();
    const other = item.spans.find((x) => !x.subject)!;
    const own = item.spans.find((x) => x.subject)!;
    const reason = 'a street name in the clinic’s address';
    const run = (id: string, span: { start: number; end: number }, why = reason) =>
      call(state, 'export.run', {
        period: PERIOD,
        profile: 'safe-harbor-text',
        review: { id, decisions: [{ key: item.key, remove: [{ start: span.start, end: span.end, reason: why }] }] },
      });
    const exports = exportAudits();
    expect(await run(views[0]!.id, other)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', rule: 'admin-only' },
    });

    await loginAs(state, 'admin');
    const first = await page({ limit: 5 });
    expect(first.id).toBe(views[0]!.id);
    expect(first.items.some((i) => i.key === item.key)).toBe(false);
    expect(await run(first.id, own)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', rule: 'subject-identifier' },
    });
    expect(await run(first.id, other, ' no ')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', field: 'review.decisions.0.remove.0.reason' },
    });
    expect(exportAudits()).toBe(exports);
    const r = await run(first.id, other);
    expect(r).toMatchObject({ ok: true, value: { review: { items: first.total, added: 0, removed: 1 } } });
    const detail = JSON.parse(
      (
        state
          .session!.db.prepare("SELECT detail FROM audit WHERE action = 'export' ORDER BY id DESC LIMIT 1")
          .get() as {
          detail: string;
        }
      ).detail,
    ) as { review: unknown };
    expect(detail.review).toMatchObject({
      items: first.total,
      removed: [{ key: item.key, start: other.start, end: other.end, kind: other.kind, reason, by: USERS.admin }],
    });
    // the record keeps where and why, never the text
    expect(JSON.stringify(detail)).not.toContain(item.text.slice(other.start, other.end));
  });

  it('a saved change of a text gives a new id, says what changed, and refuses the export against the old one', async () => {
    await loginAs(state, 'coordinator');
    // another month: the previous test wrote this one's workbook already
    const view = await page({ period: LATER });
    const item: ReviewViewItem = view.items.find((i) => !i.key.startsWith('query/'))!;
    const [subjectId, event, form, instance, field] = item.key.split('/') as [string, string, string, string, string];
    await edit(subjectId, event, form, Number(instance), field, `${item.text} Spoke with Dr. Quimby-Halloran.`);
    const files = existsSync(join(dir, 'exports')) ? readdirSync(join(dir, 'exports')) : [];
    const exports = exportAudits();
    const r = await call(state, 'export.run', {
      period: LATER,
      profile: 'safe-harbor-text',
      review: { id: view.id, decisions: [] },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', field: 'review.id', rule: 'stale' } });
    if (r.ok) throw new Error('exported');
    expect(r.error.message).toContain(`the text of ${subjectId} ${event} ${form}#${instance} ${field} changed`);
    expect(r.error.message).toMatch(/nothing was exported/);
    expect(exportAudits()).toBe(exports);
    expect(existsSync(join(dir, 'exports')) ? readdirSync(join(dir, 'exports')) : []).toEqual(files);

    // the next page says so, under the new id; that one exports
    const again = await page({ period: LATER, offset: 0 });
    expect(again.id).not.toBe(view.id);
    expect(again.changed).toContain(`${subjectId} ${event} ${form}#${instance} ${field}`);
    expect(again.items.find((i) => i.key === item.key)!.text).toContain('Quimby-Halloran');
    const ok = await must(state, 'export.run', {
      period: LATER,
      profile: 'safe-harbor-text',
      review: { id: again.id, decisions: [] },
    });
    expect(ok.review).toEqual({ items: again.total, added: 0, removed: 0 });
    expect(exportAudits()).toBe(exports + 1);
  });

  it('a changed identifier of the subject changes the id too, even with no text changed', async () => {
    const view = await page({});
    const s = state.session!;
    const ref = s.study.def.identifierFields.find(
      (r) => s.study.form(r.form).fields.find((f) => f.id === r.field)?.type === 'text',
    );
    expect(ref, 'a text identifier field').toBeDefined();
    const subjectId = view.items[0]!.subjectId;
    const f = await must(state, 'forms.get', { subjectId, event: ref!.event, form: ref!.form, instance: 1 });
    await edit(subjectId, ref!.event!, ref!.form, 1, ref!.field, `${String(f.values[ref!.field])}x`);
    const again = await page({});
    expect(again.id).not.toBe(view.id);
    expect(again.changed).toContain(`the identifiers of ${subjectId} changed`);
    expect(again.total).toBe(view.total);
  });

  it('an updated scanner refuses an export against a review made by the old one', async () => {
    await loginAs(state, 'coordinator');
    const view = await page({ period: '2026-08' });
    scanner.print = 'scanner-b';
    try {
      const r = await call(state, 'export.run', {
        period: '2026-08',
        profile: 'safe-harbor-text',
        review: { id: view.id, decisions: [] },
      });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', rule: 'stale', message: expect.stringContaining('the PHI scanner was updated') },
      });
    } finally {
      scanner.print = 'scanner-a';
    }
  });
});
