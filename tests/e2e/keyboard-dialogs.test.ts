/**
 * Dialogs on the keyboard (issue 11, "The screens" 2): each opens with the focus on its first
 * input and submits with Enter (Ctrl+Enter in a multi-line reason): the first-run setup, add a
 * user, a reason prompt (withdraw), the signature. One pattern: renderer/src/components/DialogForm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { PASSWORD, USERS, loginAs as ipcLogin, must } from '../support/ipc';
import { go, launch, loginAs, openApp, startTestHost, tempDir, toast } from './harness';
import { siteApp } from './site-app';

/** The focused element's accessible label (its <label>, aria-labelledby or aria-label). */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el) return null;
    const by = el.getAttribute('aria-labelledby');
    if (by)
      return by
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
        .join(' ')
        .trim();
    return el.labels?.[0]?.textContent?.replace(/\s*\*$/, '').trim() ?? el.getAttribute('aria-label');
  });

describe('keyboard: first run', () => {
  const tmp = tempDir('keys-setup');
  let host: Host;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page } = await openApp(browser, host.url));
    page.setDefaultTimeout(15_000);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  it('the setup screen opens on its first answer and Enter in the last field creates the database', async () => {
    await page.getByRole('heading', { name: 'Set up the site database' }).waitFor();
    await expect.poll(() => focusedName(page)).toMatch(/^Site/);
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: /^MMC —/ }).click();
    await page.getByLabel('Database name').focus();
    await page.keyboard.type('sacro-mmc');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('ada');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ada Admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    expect(await focusedName(page)).toBe('Password again');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Store the recovery code' }).waitFor();
  });
});

describe('keyboard: dialogs', () => {
  let page: Page;
  let errors: string[];
  let sid = '';
  const app = siteApp('keys-dialogs', {
    seed: async (state) => {
      ({ subjectId: sid } = await must(state, 'subjects.register', {}));
    },
    user: null,
  });
  const state = app.state;
  beforeAll(() => {
    ({ page, errors } = app);
  });

  it('add a user: first focus on the user name, Enter adds only once every field is right', async () => {
    await loginAs(page, USERS.admin, PASSWORD);
    await go(page, '#/admin');
    await page.getByRole('button', { name: 'Add a user' }).click();
    const dlg = page.getByRole('dialog', { name: 'Add a user' });
    await dlg.waitFor();
    await expect.poll(() => focusedName(page)).toBe('User name');
    await page.keyboard.type('nina');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Nina Nurse');
    await page.keyboard.press('Tab'); // the role (coordinator) stays
    await page.keyboard.press('Tab');
    await page.keyboard.type('nurse password 1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('nurse password');
    // The passwords differ: Enter does not submit.
    await page.keyboard.press('Enter');
    await dlg.getByText('The two passwords differ').waitFor();
    expect(await dlg.isVisible()).toBe(true);
    await page.keyboard.type(' 1');
    await page.keyboard.press('Enter');
    await dlg.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'nina', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
  });

  it('a reason prompt: first focus in the reason, Enter is a new line, Ctrl+Enter confirms', async () => {
    await loginAs(page, USERS.coordinator, PASSWORD);
    await go(page, `#/casebook/${sid}`);
    await page.getByRole('button', { name: 'Withdraw subject' }).click();
    const dlg = page.getByRole('dialog', { name: `Withdraw ${sid}` });
    await dlg.waitFor();
    // Empty: Ctrl+Enter does nothing.
    await page.keyboard.press('Control+Enter');
    await page.keyboard.type('Moved abroad.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('No further contact.');
    expect(await dlg.getByLabel('Reason').inputValue()).toBe('Moved abroad.\nNo further contact.');
    await page.keyboard.press('Control+Enter');
    await toast(page, `${sid} withdrawn.`);
    await dlg.waitFor({ state: 'detached' });
    const audit = await (async () => {
      await ipcLogin(state, 'admin');
      return must(state, 'audit.list', { subjectId: sid });
    })();
    expect(JSON.stringify(audit)).toContain('Moved abroad.\\nNo further contact.');
    expect(errors).toEqual([]);
  });
});
