/**
 * Every screen opens on an empty site and on a one-subject site, for every role, without an
 * error boundary, a console error or a serious axe violation (issue 11, "The screens" 1). A
 * screen that throws shows its own error with a way back, and the menu stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { createAppState } from '../../main/ipc/app-state';
import { CHEAP_KDF, PASSWORD, USERS, loginAs as ipcLogin, must, siteWithUsers } from '../support/ipc';
import { ROLES, type Role } from '../../shared/roles';
import { checkA11y, go, launch, loginAs, openApp, startTestHost, tempDir } from './harness';

async function openEvery(page: Page, role: Role, subjectId: string | null): Promise<string[]> {
  await loginAs(page, USERS[role], PASSWORD);
  // The role's own menu, as it shows it.
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  const hashes = (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).filter(Boolean);
  expect(hashes.length).toBeGreaterThan(2);
  hashes.push('#/account');
  if (subjectId) hashes.push(`#/casebook/${subjectId}`, `#/form/${subjectId}/screening/BASE/1`);
  const seen: string[] = [];
  for (const h of hashes) {
    await go(page, h);
    await page.locator('main h1').first().waitFor();
    // Screens that load data: wait until it has arrived (a spinner or "Computing…" is gone).
    await expect
      .poll(() => page.locator('main [role="progressbar"]:not([aria-hidden="true"])').count(), { timeout: 10_000 })
      .toBe(0);
    await page.waitForTimeout(150);
    const broken = await page.getByRole('alert').filter({ hasText: 'This screen failed' }).count();
    expect(broken, `${role} ${h}`).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).count(), `${role} ${h}: menu`).toBe(1);
    seen.push(`${h}: ${await page.locator('main h1').first().innerText()}`);
  }
  return seen;
}

describe('every screen opens on a new and on a small site', () => {
  const tmp = tempDir('screens');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const state = createAppState({ dataDir: tmp.dir, kdf: CHEAP_KDF });

  beforeAll(async () => {
    await siteWithUsers(tmp.dir, state);
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
    // Forty screens on a shared 2-core machine: generous waits, no timing asserted.
    page.setDefaultTimeout(15_000);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  it('on an empty site', async () => {
    for (const role of ROLES) await openEvery(page, role, null);
    await go(page, '#/reports');
    await page.getByText('No subject registered yet.').waitFor();
    await checkA11y(page, 'reports (empty site)');
    expect(errors).toEqual([]);
  });

  it('on a site with one subject', async () => {
    await ipcLogin(state, 'coordinator');
    const { subjectId } = await must(state, 'subjects.register', {});
    await must(state, 'forms.save', {
      subjectId,
      event: 'screening',
      form: 'BASE',
      instance: 1,
      values: { baseline_date: '2025-01-10', vas_pre: 9, analgesic: ['STRONG_OPIOID'], ambulation: 'AID' },
      status: 'complete',
    });
    await must(state, 'auth.logout', {});
    for (const role of ROLES) {
      const seen = await openEvery(page, role, subjectId);
      expect(seen.length).toBeGreaterThan(3);
    }
    await go(page, '#/reports');
    await page.getByRole('heading', { name: /before and after/ }).waitFor();
    await checkA11y(page, 'reports (one subject)');
    expect(errors).toEqual([]);
  });

  it('a screen that fails shows its error with a way back, and the menu stays', async () => {
    await loginAs(page, USERS.coordinator, PASSWORD);
    // An answer the screen cannot draw (as a bug in a chart would): the Reports screen throws.
    await page.route('**/api/reports.summary', (r) =>
      r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, value: {} }) }),
    );
    await go(page, '#/reports');
    const alert = page.getByRole('alert').filter({ hasText: 'This screen failed' });
    await alert.waitFor();
    await checkA11y(page, 'a failed screen');
    expect(errors.some((e) => e.includes('[sitecrf] the reports screen failed'))).toBe(true);
    errors.length = 0;
    await page.unroute('**/api/reports.summary');
    // The menu still works…
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queries', exact: true }).click();
    await page.getByRole('heading', { name: 'Queries', exact: true }).waitFor();
    // …and back on Reports, it is drawn again.
    await go(page, '#/reports');
    await page.getByRole('heading', { name: 'Enrollment' }).waitFor();
    await alert.getByRole('button', { name: 'Go to Subjects' }).count();
    expect(await alert.count()).toBe(0);
    expect(errors.filter((e) => !e.includes('screen failed'))).toEqual([]);
  });
});
