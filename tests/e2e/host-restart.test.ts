/**
 * Issue 11: a page whose browser host stopped or restarted says so in a fixed notice, with what
 * to do, instead of calls that fail silently. The host is really stopped and started again
 * under the open page, on the same port: with a new token (a new address), and with the same
 * token (SITECRF_PORT + SITECRF_TOKEN, the same address).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startHost, type Host } from '../../main/host/server';
import { startSponsorHost, type SponsorHost } from '../../main/host/sponsor-host';
import { initStore } from '../../main/sponsor/init';
import { sponsorSite } from '../support/sponsor-sites';
import { createAppState } from '../../main/ipc/app-state';
import { CHEAP_KDF, PASSWORD, USERS, siteWithUsers } from '../support/ipc';
import { RENDERER_DIR, checkA11y, launch, login, openApp, tempDir } from './harness';

const TOKEN_A = 'restart-test-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const TOKEN_B = 'restart-test-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe('the page says when its host stopped or restarted', () => {
  const tmp = tempDir('restart');
  let browser: Browser;
  let host: Host | undefined;

  const start = (port: number, token: string) =>
    startHost({ dataDir: tmp.dir, rendererDir: RENDERER_DIR, kdf: CHEAP_KDF, port, token, log: () => undefined });
  // The user coming back to the tab: the page checks its host then, as it does every 30 s.
  const comeBack = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')));
  const notice = (page: Page) => page.getByTestId('host-notice');

  beforeAll(async () => {
    await siteWithUsers(tmp.dir, createAppState({ dataDir: tmp.dir, kdf: CHEAP_KDF }));
    browser = await launch();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  it('stopped: a click says the host was stopped; started again with a new token: "restarted with a new address"', async () => {
    host = await start(0, TOKEN_A);
    const port = host.port;
    const { page, errors } = await openApp(browser, host.url);
    page.setDefaultTimeout(15_000);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await notice(page).count()).toBe(0);

    await host.close();
    await login(page, USERS.coordinator, PASSWORD);
    await expect.poll(() => notice(page).innerText()).toMatch(/The SiteCRF host was stopped or restarted/);
    const stopped = await notice(page).innerText();
    expect(stopped).toMatch(/open the address it prints/);
    expect(stopped).toMatch(/SITECRF_PORT and SITECRF_TOKEN/);
    // Fixed at the top of the window, in view.
    const box = (await notice(page).boundingBox())!;
    expect(box.y).toBeLessThan(10);
    await checkA11y(page, 'host stopped notice');

    host = await start(port, TOKEN_B);
    await comeBack(page);
    await expect.poll(() => notice(page).innerText()).toMatch(/restarted with a new address/);
    expect(await notice(page).innerText()).toMatch(/Open the address the host printed/);

    // The new address works and shows no notice.
    await page.goto(host.url);
    await login(page, USERS.coordinator, PASSWORD);
    await page.getByRole('heading', { name: 'Subjects', exact: true }).waitFor();
    expect(await notice(page).count()).toBe(0);
    await page.context().close();
    await host.close();
    expect(errors).toEqual([]);
  }, 120_000);

  it('restarted on the same address (fixed port and token): "reload the page", and Reload gets back in', async () => {
    host = await start(0, TOKEN_A);
    const port = host.port;
    const { page } = await openApp(browser, host.url);
    page.setDefaultTimeout(15_000);
    await login(page, USERS.coordinator, PASSWORD);
    await page.getByRole('heading', { name: 'Subjects', exact: true }).waitFor();

    await host.close();
    host = await start(port, TOKEN_A);
    await comeBack(page);
    await expect.poll(() => notice(page).innerText()).toMatch(/The SiteCRF host was restarted/);
    expect(await notice(page).innerText()).toMatch(/Reload the page and log in again/);
    await notice(page).getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await notice(page).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('the sponsor screen says so too, with how its host is started, and Reload asks for the name again', async () => {
    const site = sponsorSite('MMC');
    const file = await site.submit('2026-10');
    site.close();
    const store = join(tmp.dir, 'restart.duckdb');
    (await initStore(store, file)).close();
    const startSponsor = (port: number): Promise<SponsorHost> =>
      startSponsorHost({ store, rendererDir: RENDERER_DIR, port, token: TOKEN_A, log: () => undefined });
    let sponsor = await startSponsor(0);
    const port = sponsor.port;
    try {
      const { page, errors } = await openApp(browser, sponsor.url);
      page.setDefaultTimeout(15_000);
      await page.getByLabel('Your name').fill('Dana Data-Manager');
      await page.getByLabel('Your name').press('Enter');
      await page.getByRole('heading', { name: 'Import workbooks' }).waitFor();
      expect(await notice(page).count()).toBe(0);

      await sponsor.close();
      await comeBack(page);
      await expect.poll(() => notice(page).innerText()).toMatch(/The SiteCRF sponsor host was stopped or restarted/);
      const stopped = await notice(page).innerText();
      expect(stopped).toMatch(/sitecrf sponsor serve --store/);
      expect(stopped).not.toMatch(/log in/i);
      await checkA11y(page, 'sponsor host stopped notice');

      sponsor = await startSponsor(port);
      await comeBack(page);
      await expect.poll(() => notice(page).innerText()).toMatch(/The SiteCRF sponsor host was restarted/);
      expect(await notice(page).innerText()).toMatch(/give your name again/);
      await notice(page).getByRole('button', { name: 'Reload' }).click();
      await page.getByRole('heading', { name: 'Open the study store' }).waitFor();
      expect(await notice(page).count()).toBe(0);
      await page.context().close();
      expect(errors).toEqual([]);
    } finally {
      await sponsor.close();
    }
  }, 120_000);
});
