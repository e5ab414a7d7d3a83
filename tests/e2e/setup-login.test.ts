/**
 * First run and sessions: create the site database on screen, store the recovery code, log in
 * (wrong password refused), users and lock timeout, the idle lock (fake clock) and Ctrl+L.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { checkA11y, launch, login, openApp, screenshot, startTestHost, tempDir } from './harness';

const PASSWORD = 'admin password 123';

describe('first run, login, admin, lock', () => {
  const tmp = tempDir('setup');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  it('creates the site database and shows the recovery code once', async () => {
    await page.getByRole('heading', { name: 'Set up the site database' }).waitFor();
    await checkA11y(page, 'setup');
    await page.getByRole('combobox', { name: 'Site' }).click();
    await page.getByRole('option', { name: /^MMC —/ }).click();
    await page.getByLabel('Database name').fill('sacro-mmc');
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Full name').fill('Ada Admin');
    await page.locator('#setup-password').fill(PASSWORD);
    await page.locator('#setup-password2').fill('something else');
    await page.locator('#setup-password2').blur();
    await expect.poll(() => page.getByText('The two passwords differ').count()).toBe(1);
    await screenshot(page, '01-setup');
    await page.locator('#setup-password2').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the database' }).click();

    await page.getByRole('heading', { name: 'Store the recovery code' }).waitFor();
    const code = await page.getByTestId('recovery-code').innerText();
    expect(code.trim().length).toBeGreaterThan(16);
    await expect.poll(() => page.getByRole('button', { name: 'Continue' }).isDisabled()).toBe(true);
    await checkA11y(page, 'recovery code');
    await screenshot(page, '02-recovery-code');
    await page.getByLabel('I have stored the recovery code in a safe place').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Subjects' }).waitFor();
    await checkA11y(page, 'subjects (empty)');
  });

  it('refuses a wrong password and logs in with the right one', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await checkA11y(page, 'login');
    await login(page, 'ada', 'not the password');
    await page.getByRole('alert').filter({ hasText: 'Wrong user name or password' }).waitFor();
    await screenshot(page, '03-login-wrong-password');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Subjects' }).waitFor();
  });

  it('adds a user and sets the lock timeout', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add a user' }).click();
    const dlg = page.getByRole('dialog', { name: 'Add a user' });
    await dlg.getByLabel('User name').fill('mona');
    await dlg.getByLabel('Full name').fill('Mona Monitor');
    await dlg.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Monitor' }).click();
    await dlg.getByLabel('Initial password', { exact: true }).fill('monitor password 1');
    await dlg.getByLabel('Initial password again').fill('monitor password 1');
    await dlg.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'mona', exact: true }).waitFor();
    await page.getByLabel('Lock after this many idle minutes').fill('1');
    await page.getByRole('button', { name: 'Save lock timeout' }).click();
    await page.getByText('The session now locks after 1 idle minute.').waitFor();
    await checkA11y(page, 'admin');
    await screenshot(page, '04-admin');
  });

  it('locks after the idle time and on Ctrl+L; unlocks with the password', async () => {
    await page.clock.install();
    // Nothing happens for a little over a minute: the lock dialog covers the screen.
    await page.clock.fastForward('01:05');
    const lock = page.getByRole('dialog', { name: 'Session locked' });
    await lock.waitFor();
    await checkA11y(page, 'lock');
    await screenshot(page, '05-locked');
    await lock.getByLabel('Password').fill('wrong wrong wrong');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor();
    await lock.getByLabel('Password').fill(PASSWORD);
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await lock.waitFor({ state: 'detached' });
    // The screen behind is as it was.
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.keyboard.press('Control+l');
    await lock.waitFor();
    await lock.getByLabel('Password').fill(PASSWORD);
    await lock.getByLabel('Password').press('Enter');
    await lock.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });
});
