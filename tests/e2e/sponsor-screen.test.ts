/**
 * The sponsor screen in Chromium: a store opened in sponsor mode (no login, a name at open),
 * the study tables empty and saying so, two sites' workbooks imported through the screen with
 * a third refused, the sites × months grid, the study tables with their charts, and a query
 * raised, written to the site's file (downloaded) that the site then opens, closed and
 * re-opened. axe-clean on every screen.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSponsorHost, type SponsorHost } from '../../main/host/sponsor-host';
import { listQueries } from '../../main/services/queries';
import { importSponsorQueriesText } from '../../main/services/sponsor-queries';
import { initStore } from '../../main/sponsor/init';
import { sponsorQueriesFileSchema } from '../../shared/sponsor-queries';
import { sponsorSite, type SponsorSite } from '../support/sponsor-sites';
import { RENDERER_DIR, checkA11y, launch, openApp, screenshot } from './harness';

describe('the sponsor screen', () => {
  let mmc: SponsorSite;
  let sdi: SponsorSite;
  let files: string[];
  let dir: string;
  let host: SponsorHost;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    mmc = sponsorSite('MMC');
    sdi = sponsorSite('SDI');
    files = [await mmc.submit('2026-10'), await sdi.submit('2026-10'), await sdi.submit('2026-11', 'identified')];
    dir = mkdtempSync(join(tmpdir(), 'sitecrf-e2e-sponsor-'));
    (await initStore(join(dir, 'SACRO.duckdb'), files[0]!)).close();
    host = await startSponsorHost({
      store: join(dir, 'SACRO.duckdb'),
      rendererDir: RENDERER_DIR,
      checkOutput: true,
      log: () => undefined,
    });
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
    page.setDefaultTimeout(15_000);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    mmc?.close();
    sdi?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Sponsor' }).getByRole('link', { name, exact: true }).click();
  const toast = (text: string | RegExp) => page.getByRole('alert').filter({ hasText: text }).first().waitFor();

  it('asks for a name at open, not a login', async () => {
    await page.getByRole('heading', { name: 'Open the study store' }).waitFor();
    await checkA11y(page, 'sponsor: name prompt');
    await page.getByLabel('Your name').fill('Dana Data-Manager');
    await page.getByLabel('Your name').press('Enter');
    await page.getByRole('heading', { name: 'Import workbooks' }).waitFor();
    await page.getByText('Dana Data-Manager').waitFor();
  });

  it('shows empty study tables as "no data yet"', async () => {
    await nav('Study tables');
    await page.getByRole('heading', { name: 'Study tables', level: 1 }).waitFor();
    await page.getByText('No data yet: no workbook imported.').waitFor();
    await page.getByText(/^No data yet: no outcome value/).waitFor();
    await checkA11y(page, 'sponsor: empty study tables');
  });

  it('imports the workbooks chosen, file by file, refusing one with its reason', async () => {
    await nav('Import');
    await page.getByRole('heading', { name: 'Import workbooks' }).waitFor();
    await page.getByLabel('Workbooks to import').setInputFiles(files);
    await page.getByText('Done: 2 imported, 0 with nothing changed, 1 refused.').waitFor();
    const outcomes = page.getByRole('list', { name: 'Import outcomes' }).getByRole('listitem');
    await expect.poll(() => outcomes.count()).toBe(3);
    expect(await outcomes.nth(0).innerText()).toMatch(
      /File 1 of 3 · Imported: SACRO_MMC_2026-10_safe-harbor\.xlsx: imported as submission #1 \(MMC 2026-10, 3 subjects\)/,
    );
    expect(await outcomes.nth(1).innerText()).toMatch(/File 2 of 3 · Imported: .*imported as submission #2 \(SDI/);
    expect(await outcomes.nth(2).innerText()).toMatch(
      /File 3 of 3 · Refused: .*identified.*: refused: the identified profile keeps identifiers/,
    );
    await checkA11y(page, 'sponsor: import');
    await screenshot(page, 'sponsor-import');
    // The same file again changes nothing, and says so.
    await page.getByLabel('Workbooks to import').setInputFiles([files[0]!]);
    await page.getByText('Done: 0 imported, 1 with nothing changed, 0 refused.').waitFor();
    await page.getByText(/already imported as submission #1 .*nothing changed/).waitFor();
  });

  it('shows the sites × months grid', async () => {
    await nav('Submissions');
    const grid = page.getByRole('table', { name: 'Submissions by site and month' });
    await grid.waitFor();
    expect(await grid.getByRole('columnheader').allInnerTexts()).toEqual(['Site', '2026-10']);
    for (const [site, id] of [
      ['MMC', 1],
      ['SDI', 2],
    ] as const) {
      const row = grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${site}`) }) });
      expect(await row.innerText()).toMatch(new RegExp(`#${id}: 3 subjects, safe-harbor\\s+current`));
    }
    await page.getByText('No chain problems.').waitFor();
    await checkA11y(page, 'sponsor: submissions');
  });

  it('shows the study tables with the enrollment chart', async () => {
    await nav('Study tables');
    await page.getByRole('img', { name: 'Subjects by site: MMC 3, SDI 3' }).waitFor();
    const enrollment = page.getByRole('table', { name: /^Enrollment by site and month/ });
    expect(await enrollment.getByRole('row').last().innerText()).toMatch(/^ALL\s+6\s+6$/);
    await page.getByRole('heading', { name: /by group over the visits/ }).waitFor();
    await page.getByRole('heading', { name: 'Data quality by site' }).waitFor();
    await checkA11y(page, 'sponsor: study tables');
    await screenshot(page, 'sponsor-tables');
  });

  it('raises a query, writes the site its file, and closes and re-opens the query', async () => {
    await nav('Queries');
    await page.getByRole('heading', { name: 'Raise a query' }).waitFor();
    await page.getByLabel('Subject').selectOption('SDI-0002');
    await page.getByLabel('Event').selectOption('procedure');
    await page.getByLabel('Form').selectOption('PROC');
    await page.getByLabel('Field (optional)').selectOption('cement_ml');
    await page.getByLabel('Question').fill('Please confirm the cement volume');
    await page.getByRole('button', { name: 'Raise query' }).click();
    await toast('Sponsor query #1 raised on SDI-0002 (site SDI)');
    const list = page.getByRole('table', { name: 'Sponsor queries' });
    const row = list.getByRole('row').filter({ hasText: 'Please confirm the cement volume' });
    expect(await row.innerText()).toMatch(
      /1\s+SDI\s+SDI-0002\s+procedure › PROC › cement_ml.*open\s+1\s+Dana Data-Manager/s,
    );
    await checkA11y(page, 'sponsor: queries');
    await screenshot(page, 'sponsor-queries');

    await page.getByLabel('Site', { exact: true }).selectOption('SDI');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Write the queries file for site SDI' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('SDI-sponsor-queries.json');
    const text = readFileSync(await download.path(), 'utf8');
    const file = sponsorQueriesFileSchema.parse(JSON.parse(text));
    expect(file).toMatchObject({ study: 'SACRO', site: 'SDI' });
    expect(file.queries).toMatchObject([{ id: 1, subject_id: 'SDI-0002', field: 'cement_ml', status: 'open' }]);
    expect(importSponsorQueriesText(sdi.coordinator, text).opened).toBe(1);
    expect(listQueries(sdi.coordinator).filter((q) => q.openedBy === 'sponsor')).toHaveLength(1);

    await page.getByRole('button', { name: 'Close query 1' }).click();
    await toast('Sponsor query #1 closed');
    await page.getByRole('button', { name: 'Re-open query 1' }).click();
    await page.getByLabel('Why it is re-opened').fill('The volume is still missing');
    await checkA11y(page, 'sponsor: re-open dialog');
    await page.getByRole('button', { name: 'Re-open', exact: true }).click();
    await toast('Sponsor query #1 re-opened');
    await list.getByRole('row').filter({ hasText: 'The volume is still missing' }).waitFor();
    expect(await list.getByRole('row').filter({ hasText: 'The volume is still missing' }).innerText()).toMatch(
      /open\s+2\s+Dana/,
    );
    expect(errors).toEqual([]);
  });
});
