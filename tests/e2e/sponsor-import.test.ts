/**
 * The Queries screen's "Import sponsor queries" in Chromium: a coordinator picks the sponsor's
 * file, the screen says what it opened and the query appears, raised by sponsor; an edited file
 * is refused with its reason. axe-clean.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { createAppState } from '../../main/ipc/app-state';
import { SPONSOR_QUERIES_FORMAT, sponsorQueriesCanonical, type SponsorQueriesFile } from '../../shared/sponsor-queries';
import { CHEAP_KDF, PASSWORD, USERS, loginAs as ipcLogin, must, siteWithUsers } from '../support/ipc';
import { checkA11y, go, launch, loginAs, openApp, startTestHost, tempDir } from './harness';

describe('Import sponsor queries on the Queries screen', () => {
  const tmp = tempDir('sponsor-import');
  const state = createAppState({ dataDir: tmp.dir, kdf: CHEAP_KDF });
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let body: Omit<SponsorQueriesFile, 'sha256'>;

  beforeAll(async () => {
    await siteWithUsers(tmp.dir, state);
    await ipcLogin(state, 'coordinator');
    const { subjectId } = await must(state, 'subjects.register', {});
    await must(state, 'auth.logout', {});
    state.session?.close();
    body = {
      format: SPONSOR_QUERIES_FORMAT,
      version: 1,
      study: 'SACRO',
      site: 'MMC',
      written_at: '2026-12-01T10:00:00.000Z',
      queries: [
        {
          id: 3,
          subject_id: subjectId,
          event: 'screening',
          form: 'REG',
          instance: null,
          field: null,
          text: 'Sponsor: please confirm the consent',
          status: 'open',
          round: 1,
        },
      ],
    };
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
    page.setDefaultTimeout(15_000);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  const signed = (b: Omit<SponsorQueriesFile, 'sha256'>): Buffer =>
    Buffer.from(
      JSON.stringify({ ...b, sha256: createHash('sha256').update(sponsorQueriesCanonical(b)).digest('hex') }),
    );

  it('opens the file as queries raised by sponsor, and refuses an edited one', async () => {
    await loginAs(page, USERS.coordinator, PASSWORD);
    await go(page, '#/queries');
    await page.getByRole('heading', { name: 'Queries', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Import sponsor queries' }).waitFor();
    await page
      .getByLabel('Sponsor queries file')
      .setInputFiles({ name: 'MMC-queries.json', mimeType: 'application/json', buffer: signed(body) });
    await page.getByRole('alert').filter({ hasText: 'MMC-queries.json: 1 opened' }).waitFor();
    await page.getByRole('grid', { name: 'Queries' }).getByText('sponsor', { exact: true }).first().waitFor();
    await checkA11y(page, 'queries after a sponsor import');
    const edited = signed(body).toString('utf8').replace('please confirm', 'please delete');
    await page
      .getByLabel('Sponsor queries file')
      .setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(edited) });
    await page.getByRole('alert').filter({ hasText: 'does not match its SHA-256' }).waitFor();
    expect(errors).toEqual([]);
  }, 120_000);
});
