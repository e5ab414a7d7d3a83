/**
 * The free-text review before a safe-harbor-text export, clicked through in Chromium (issue 14):
 * the coordinator reviews every value with its redactions marked, cannot remove one, adds one, and
 * exports; the administrator removes a redaction with a reason and exports; each workbook carries
 * the decisions and the export's audit record keeps them; Undo and "Keep redacted" take a decision
 * back, the pages and the filter show the values they promise; the monitor cannot read the review.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { DATABASE, PASSWORD, USERS, siteWithUsers } from '../support/ipc';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { generateDemo } from '../../main/demo/index';
import { buildReview } from '../../main/export/review-build';
import { listFreeText } from '../../main/export/review-list';
import { openSnapshot } from '../../main/export/source';
import type { ReviewItem } from '../../main/export/review';
import { renderRedactions } from '../../shared/redaction';
import type { Role } from '../../shared/roles';
import { checkA11y, launch, loginAs, nav, openApp, screenshot, startTestHost, tempDir } from './harness';

const REASON = 'The treating surgeon named in the note, agreed with the sponsor';

describe('the free-text review on the export screen', () => {
  const tmp = tempDir('export-review');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  /** A note naming its subject and someone else: both kinds of redaction are there to act on. */
  let item: ReviewItem;
  let other: { start: number; end: number; words: string };
  let own: string;
  /** A word of the note the scan left in clear, for the added redaction. */
  let extra: string;
  /** the review's values in the order the screen lists them, and one with no redaction */
  let all: ReviewItem[];
  let plain: ReviewItem;
  const a11y: Record<string, number> = {};

  const as = (role: Role) => loginAs(page, USERS[role], PASSWORD);
  const axe = async (name: string) => {
    a11y[name] = await checkA11y(page, name);
  };

  beforeAll(async () => {
    await siteWithUsers(tmp.dir);
    const s = unlockSiteDatabase(join(tmp.dir, `${DATABASE}.sitecrf`), {
      username: USERS.coordinator,
      password: PASSWORD,
    });
    try {
      // enough subjects for several pages of 20 values, some of them with no redaction
      generateDemo(s, { subjects: 40, seed: 21, batchSize: 20 });
      const review = buildReview(s, { period: '2026-01' });
      // the screen lists the values in the order of the unscanned list (subject, form, then queries)
      const snap = openSnapshot(s, s.now());
      const order = new Map(
        listFreeText(s.study, snap, s.site.code, '2026-01').entries.map((e, n) => [e.key, n] as const),
      );
      snap.close();
      all = [...review.items].sort((a, b) => order.get(a.key)! - order.get(b.key)!);
      expect(order.size).toBe(all.length);
      plain = all.find((i) => i.spans.length === 0)!;
      expect(all.length, 'more than three pages of values').toBeGreaterThan(60);
      expect(plain, 'a value the scan left whole').toBeDefined();
      item = review.items.find(
        (i) =>
          i.spans.some((x) => x.subject) &&
          i.spans.some((x) => !x.subject && /^[A-Z][a-z]{3,}$/.test(i.text.slice(x.start, x.end))),
      )!;
      expect(item, 'a note naming its subject and a doctor').toBeDefined();
      const o = item.spans.find((x) => !x.subject && /^[A-Z][a-z]{3,}$/.test(item.text.slice(x.start, x.end)))!;
      other = { start: o.start, end: o.end, words: item.text.slice(o.start, o.end) };
      const ownSpan = item.spans.find((x) => x.subject)!;
      own = item.text.slice(ownSpan.start, ownSpan.end);
      const inSpan = (at: number) => item.spans.some((x) => x.start <= at && at < x.end);
      const word = [...item.text.matchAll(/\b[a-z]{6,}\b/g)].find(
        (m) => !inSpan(m.index) && item.text.toLowerCase().split(m[0]).length === 2,
      );
      expect(word, 'a plain word used once in the note').toBeDefined();
      extra = word![0];
    } finally {
      s.close();
    }
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
    console.log('axe minor violations per screen:', JSON.stringify(a11y));
  });

  const label = () => `${item.subjectId} ${item.where}`;
  const card = () => page.getByRole('listitem', { name: `Free text ${label()}`, exact: true });
  const sent = () => card().getByTestId('sent-text');
  const write = () => page.getByRole('button', { name: 'Write the workbook' });

  async function openReview(period: string): Promise<void> {
    await nav(page, 'Export');
    await page.getByRole('heading', { name: 'Export the monthly submission' }).waitFor();
    await page.getByLabel('Reporting period (YYYY-MM)').fill(period);
    await page.getByRole('radio', { name: /^safe-harbor-text/ }).check();
    await page.getByRole('heading', { name: `Review the free text of ${period}` }).waitFor();
    // free text leaves only after its review
    expect(await write().isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Review the free text' }).click();
    await page.getByRole('list', { name: 'Free-text values to review' }).waitFor();
    await page.getByLabel('Subject', { exact: true }).fill(item.subjectId);
    await card().waitFor();
  }

  async function writeAndRead(): Promise<{ cells: string[]; status: string }> {
    await page.getByRole('checkbox', { name: /^I have checked the \d+ free-text values/ }).check();
    await write().click();
    const done = page.getByRole('status').filter({ hasText: 'Workbook written (safe-harbor-text)' });
    await done.waitFor({ timeout: 60_000 });
    const file = (await done.locator('dd code').first().innerText()).trim();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const cells: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    return { cells, status: await done.innerText() };
  }

  function exportAudit(): { review?: { added: unknown[]; removed: { reason: string; by: string }[] } } {
    const s = unlockSiteDatabase(join(tmp.dir, `${DATABASE}.sitecrf`), { username: USERS.admin, password: PASSWORD });
    try {
      const row = s.db.prepare("SELECT detail FROM audit WHERE action = 'export' ORDER BY id DESC LIMIT 1").get() as {
        detail: string;
      };
      return JSON.parse(row.detail) as ReturnType<typeof exportAudit>;
    } finally {
      s.close();
    }
  }

  it('the coordinator sees each redaction in place, cannot remove one, adds one, and exports with it', async () => {
    await as('coordinator');
    await openReview('2026-01');
    // every finding of the value is listed; the subject's own identifier is marked as never removable
    const findings = card().getByRole('list', { name: `Redactions of ${label()}` });
    expect(await findings.getByRole('listitem').count()).toBe(item.spans.length);
    await findings
      .getByRole('listitem')
      .filter({ hasText: `“${own}”` })
      .getByText('always redacted')
      .waitFor();
    expect(
      await card()
        .getByRole('button', { name: /^Remove the redaction/ })
        .count(),
    ).toBe(0);
    expect(await sent().innerText()).not.toContain(other.words);
    expect(await sent().innerText()).toContain('[REDACTED:');
    expect(await sent().innerText()).toContain(extra);

    await card().getByLabel(`Text to redact in ${label()}`).fill(extra.toUpperCase());
    await card().getByRole('button', { name: 'Redact', exact: true }).click();
    await expect.poll(() => sent().innerText()).toContain('[REDACTED:ADDED]');
    expect(await sent().innerText()).not.toContain(extra);
    await card()
      .getByRole('button', { name: `Undo the added redaction of “${extra}”` })
      .waitFor();
    await axe('export review (coordinator)');
    // the decision stays while other pages are shown (each page is scanned by main when asked)
    await page.getByLabel('Subject', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Go to next page' }).click();
    await page.getByText(/^21–40 of /).waitFor();
    await page.getByLabel('Subject', { exact: true }).fill(item.subjectId);
    await card().waitFor();
    await expect.poll(() => sent().innerText()).toContain('[REDACTED:ADDED]');
    await screenshot(page, '46-export-review');

    const { cells, status } = await writeAndRead();
    expect(status).toMatch(/1 redaction added, 0 removed/);
    // the note's cell is exactly the scan's redactions plus the added one
    const at = item.text.indexOf(extra);
    const expected = renderRedactions(item.text, [...item.spans, { start: at, end: at + extra.length, kind: 'ADDED' }]);
    expect(cells).toContain(expected.text);
    expect(cells).not.toContain(item.marked);
    expect(exportAudit().review?.added).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('the administrator removes a redaction with a reason; it is sent in clear and the reason kept', async () => {
    await as('admin');
    await openReview('2026-02');
    const subjectRow = card()
      .getByRole('list', { name: `Redactions of ${label()}` })
      .getByRole('listitem')
      .filter({ hasText: `“${own}”` });
    expect(await subjectRow.getByRole('button').count()).toBe(0);

    await card()
      .getByRole('button', { name: `Remove the redaction of “${other.words}”` })
      .click();
    const dlg = page.getByRole('dialog', { name: 'Remove a redaction' });
    await dlg.getByLabel('Reason').fill('ok');
    await dlg.getByRole('button', { name: 'Remove the redaction' }).click();
    await dlg.getByText(/at least 3 characters/).waitFor();
    await dlg.getByLabel('Reason').fill(REASON);
    await axe('export review: remove dialog');
    await dlg.getByRole('button', { name: 'Remove the redaction' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await card().getByText(`sent in clear — ${REASON}`).waitFor();
    expect(await sent().innerText()).toContain(other.words);

    const { cells, status } = await writeAndRead();
    expect(status).toMatch(/0 redactions added, 1 removed/);
    const kept = item.spans.filter((x) => x.start !== other.start || x.end !== other.end);
    expect(cells).toContain(renderRedactions(item.text, kept).text);
    expect(cells).not.toContain(item.marked);
    expect(cells.some((c) => c.includes(own))).toBe(false);
    expect(exportAudit().review?.removed).toEqual([expect.objectContaining({ reason: REASON, by: USERS.admin })]);
    expect(errors).toEqual([]);
  });

  it('Undo and "Keep redacted" take a decision back, and the pages and the filter show what they say', async () => {
    await as('admin');
    await openReview('2026-03');
    const list = page.getByRole('list', { name: 'Free-text values to review' });
    const cards = list.getByRole('listitem', { name: /^Free text / });
    const name = (i: ReviewItem) => `Free text ${i.subjectId} ${i.where}`;
    const summary = page.getByText(
      /free-text values will be sent; [\d,]+ redactions? by the scan on this page; you added/,
    );

    // an added redaction, then Undo: the text goes out as the scan left it
    await card().getByLabel(`Text to redact in ${label()}`).fill(extra);
    await card().getByRole('button', { name: 'Redact', exact: true }).click();
    await expect.poll(() => sent().innerText()).toContain('[REDACTED:ADDED]');
    await expect.poll(() => summary.innerText()).toContain('you added 1 and removed 0');
    await card()
      .getByRole('button', { name: `Undo the added redaction of “${extra}”` })
      .click();
    await expect.poll(() => sent().innerText()).not.toContain('[REDACTED:ADDED]');
    expect(await sent().innerText()).toContain(extra);
    expect(
      await card()
        .getByRole('button', { name: /^Undo the added redaction/ })
        .count(),
    ).toBe(0);
    await expect.poll(() => summary.innerText()).toContain('you added 0 and removed 0');

    // a removal, then "Keep redacted": the finding is redacted again and can be removed again
    await card()
      .getByRole('button', { name: `Remove the redaction of “${other.words}”` })
      .click();
    const dlg = page.getByRole('dialog', { name: 'Remove a redaction' });
    await dlg.getByLabel('Reason').fill(REASON);
    await dlg.getByRole('button', { name: 'Remove the redaction' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await expect.poll(() => sent().innerText()).toContain(other.words);
    await expect.poll(() => summary.innerText()).toContain('you added 0 and removed 1');
    await card().getByRole('button', { name: 'Keep redacted' }).click();
    await expect.poll(() => sent().innerText()).not.toContain(other.words);
    expect(await card().getByText(`sent in clear — ${REASON}`).count()).toBe(0);
    await card()
      .getByRole('button', { name: `Remove the redaction of “${other.words}”` })
      .waitFor();
    await expect.poll(() => summary.innerText()).toContain('you added 0 and removed 0');

    // pages of 20, in the review's order
    await page.getByLabel('Subject', { exact: true }).fill('');
    await expect.poll(() => cards.count()).toBe(20);
    expect(await cards.first().getAttribute('aria-label')).toBe(name(all[0]!));
    await page.getByText(`1–20 of ${all.length}`).waitFor();
    await page.getByRole('button', { name: 'Go to next page' }).click();
    await expect.poll(() => cards.first().getAttribute('aria-label')).toBe(name(all[20]!));
    expect(await cards.count()).toBe(20);
    await page.getByRole('button', { name: 'Go to next page' }).click();
    await expect.poll(() => cards.first().getAttribute('aria-label')).toBe(name(all[40]!));
    await page.getByRole('button', { name: 'Go to previous page' }).click();
    await expect.poll(() => cards.first().getAttribute('aria-label')).toBe(name(all[20]!));
    await axe('export review: page 2');
    const last = Math.ceil(all.length / 20);
    await page.getByRole('button', { name: 'Go to last page' }).click();
    await expect.poll(() => cards.first().getAttribute('aria-label')).toBe(name(all[(last - 1) * 20]!));
    expect(await cards.count()).toBe(all.length - (last - 1) * 20);

    // the filter: the value with no redaction goes, the subject's others stay
    await page.getByLabel('Subject', { exact: true }).fill(plain.subjectId);
    const ofSubject = all.filter((i) => i.subjectId.toUpperCase().includes(plain.subjectId.toUpperCase()));
    await expect.poll(() => cards.count()).toBe(ofSubject.length);
    expect(await list.getByRole('listitem', { name: name(plain), exact: true }).count()).toBe(1);
    await page.getByRole('checkbox', { name: 'Only values with a redaction' }).check();
    const found = ofSubject.filter((i) => i.spans.length > 0);
    await expect.poll(() => cards.count()).toBe(found.length);
    expect(await list.getByRole('listitem', { name: name(plain), exact: true }).count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Only values with a redaction' }).uncheck();
    await expect.poll(() => cards.count()).toBe(ofSubject.length);

    // with every decision taken back, the workbook carries the scan's rendering only
    await page.getByLabel('Subject', { exact: true }).fill(item.subjectId);
    const { cells, status } = await writeAndRead();
    expect(status).toMatch(/0 redactions added, 0 removed/);
    expect(cells).toContain(renderRedactions(item.text, item.spans).text);
    expect(errors).toEqual([]);
  });

  it('the monitor is told the review needs identified access and cannot write safe-harbor-text', async () => {
    await as('monitor');
    await nav(page, 'Reports');
    await page.getByRole('link', { name: 'Export the submission' }).click();
    await page.getByRole('radio', { name: /^safe-harbor-text/ }).check();
    await page.getByText('The review shows the free text as entered, so it needs identified access').waitFor();
    expect(await page.getByRole('button', { name: 'Review the free text' }).count()).toBe(0);
    expect(await write().isDisabled()).toBe(true);
    await axe('export review (monitor)');
  });
});
