/**
 * Issue 11, smaller things, in Chromium at 1400 px: the subjects table fits (Queries and
 * Follow-up in view), keeps its search and page on Back, counts an answered query apart from
 * open ones, marks a pending draft, says "N subjects", and "Register a new subject" asks first;
 * an abandoned registration is listed as "No data yet" and can be discarded, with a reason, from
 * its casebook (a subject with a saved form cannot).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { createAppState } from '../../main/ipc/app-state';
import { CHEAP_KDF, PASSWORD, USERS, loginAs as ipcLogin, must, siteWithUsers } from '../support/ipc';
import { go, launch, loginAs, nav, openApp, startTestHost, tempDir, toast } from './harness';

const SUBJECTS = 105;

describe('the subjects table', () => {
  const tmp = tempDir('subjects');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const { state } = await siteWithUsers(tmp.dir, createAppState({ dataDir: tmp.dir, kdf: CHEAP_KDF }));
    await ipcLogin(state, 'coordinator');
    for (let i = 0; i < SUBJECTS; i++) await must(state, 'subjects.register', {});
    await must(state, 'forms.save', {
      subjectId: 'MMC-0002',
      event: 'screening',
      form: 'REG',
      status: 'draft',
      values: { mrn: 'MR-1000002' },
    });
    await must(state, 'drafts.keep', {
      subjectId: 'MMC-0003',
      event: 'screening',
      form: 'BASE',
      instance: 1,
      values: { vas_pre: 7 },
      baseVersion: 0,
    });
    await must(state, 'auth.logout', {});
    await ipcLogin(state, 'monitor');
    const answered = await must(state, 'queries.open', {
      subjectId: 'MMC-0002',
      event: 'screening',
      form: 'REG',
      field: 'mrn',
      text: 'Please check the MRN',
    });
    await must(state, 'auth.logout', {});
    await ipcLogin(state, 'coordinator');
    await must(state, 'queries.reply', { queryId: answered.id, text: 'Checked' });
    await must(state, 'auth.logout', {});

    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
    page.setDefaultTimeout(15_000);
    await loginAs(page, USERS.coordinator, PASSWORD);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  const grid = () => page.getByRole('grid', { name: 'Subjects' });
  const rowOf = (id: string) => grid().getByRole('row').filter({ hasText: id });

  it('fits a 1400 px window: the Queries and Follow-up columns are inside the viewport', async () => {
    expect(page.viewportSize()!.width).toBe(1400);
    await rowOf('MMC-0001').first().waitFor();
    for (const name of ['Queries', 'Follow-up', 'Status']) {
      const box = await grid().getByRole('columnheader', { name, exact: true }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(1400);
    }
    await expect.poll(() => page.getByText(`${SUBJECTS} of ${SUBJECTS} subjects`).count()).toBe(1);
  });

  it('counts an answered query apart from open ones, marks a pending draft and a subject with no data', async () => {
    const two = rowOf('MMC-0002');
    expect(await two.innerText()).toMatch(/1 answered/);
    expect(await two.innerText()).not.toMatch(/open/);
    const three = rowOf('MMC-0003');
    expect(await three.getByLabel('unsaved draft').count()).toBe(1);
    expect(await three.innerText()).toMatch(/No data yet/);
    expect(await two.innerText()).not.toMatch(/No data yet/);

    await three.getByText('MMC-0003').click();
    const drafts = page.getByRole('alert', { name: 'Unsaved drafts' });
    await drafts.waitFor();
    expect(await drafts.innerText()).toMatch(/You have 1 unsaved draft here/);
    expect(await drafts.getByRole('link').innerText()).toMatch(/Baseline/);
    await page.goBack();
    await rowOf('MMC-0001').first().waitFor();
  });

  it('keeps its search and its page on Back', async () => {
    const search = page.getByLabel(/^Search subject ID/);
    await search.fill('MMC-0042');
    await expect
      .poll(() =>
        grid()
          .getByRole('row')
          .filter({ hasText: /MMC-\d{4}/ })
          .count(),
      )
      .toBe(1);
    await rowOf('MMC-0042').getByText('MMC-0042').click();
    await page.getByRole('heading', { name: 'MMC-0042' }).waitFor();
    await page.goBack();
    await rowOf('MMC-0042').waitFor();
    expect(await search.inputValue()).toBe('MMC-0042');
    expect(
      await grid()
        .getByRole('row')
        .filter({ hasText: /MMC-\d{4}/ })
        .count(),
    ).toBe(1);

    await search.fill('');
    await page.getByRole('button', { name: /next page/i }).click();
    await rowOf('MMC-0101').waitFor();
    await rowOf('MMC-0101').getByText('MMC-0101').click();
    await page.getByRole('heading', { name: 'MMC-0101' }).waitFor();
    await page.goBack();
    await rowOf('MMC-0101').waitFor();
    expect(await rowOf('MMC-0001').count()).toBe(0);
  });

  it('"Register a new subject" asks first: Cancel takes no ID, Register does', async () => {
    await nav(page, 'Subjects');
    await page.getByRole('button', { name: 'Register a new subject' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register a new subject?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByText(`${SUBJECTS} of ${SUBJECTS} subjects`).count()).toBe(1);

    await page.getByRole('button', { name: 'Register a new subject' }).click();
    await dialog.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/#\/form\/MMC-0106\//);
    // Abandoned: nothing saved. The subject is listed, and says it has no data.
    await nav(page, 'Subjects');
    await page.getByText(`${SUBJECTS + 1} of ${SUBJECTS + 1} subjects`).waitFor();
    await page.getByLabel(/^Search subject ID/).fill('MMC-0106');
    expect(await rowOf('MMC-0106').innerText()).toMatch(/No data yet/);
    expect(errors).toEqual([]);
  });

  it('an abandoned registration is discarded from its casebook with a reason; one with a saved form offers no discard', async () => {
    await go(page, '#/casebook/MMC-0002');
    await page.getByRole('heading', { name: 'MMC-0002' }).waitFor();
    await page.getByRole('button', { name: 'Withdraw subject' }).waitFor();
    expect(await page.getByRole('button', { name: 'Discard this registration' }).count()).toBe(0);

    await go(page, '#/casebook/MMC-0106');
    await page.getByRole('heading', { name: 'MMC-0106' }).waitFor();
    await page.getByRole('button', { name: 'Discard this registration' }).click();
    const dialog = page.getByRole('dialog', { name: 'Discard the registration of MMC-0106' });
    await dialog.getByText(/the ID is never given again/).waitFor();
    await dialog.getByLabel('Reason').fill('Registered by mistake');
    await dialog.getByRole('button', { name: 'Discard registration' }).click();
    await toast(page, 'The registration of MMC-0106 was discarded.');
    await page.getByRole('heading', { name: 'Subjects', exact: true }).waitFor();
    // The list kept its search (MMC-0106) from before: no row matches it now, out of one fewer.
    await page.getByText(`0 of ${SUBJECTS} subjects`).waitFor();
    await page.getByText('No subject matches the search and filters').waitFor();
    expect(await rowOf('MMC-0106').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
