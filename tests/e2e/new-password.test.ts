/**
 * The five places that set a new password (setup, add a user, reset a password, change my
 * password, recovery) all ask it twice through one NewPasswordFields: each shows the rule from
 * the start, says "The two passwords differ" on the second field (as its accessible description)
 * and keeps its submit button disabled until both agree, in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { launch, openApp, startTestHost, tempDir } from './harness';

const PASSWORD = 'admin password 123';

/** The text a screen reader gives with the field: its aria-describedby elements. */
async function descriptionOf(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}

/**
 * In `scope`: the rule is shown under the first field; a differing second entry says so on the
 * field, with `submit` disabled; the same password twice clears the message and enables it.
 */
async function checkMismatch(scope: Locator, label: string, submit: Locator, fill?: () => Promise<void>) {
  const first = scope.getByLabel(new RegExp(`^${label}\\s*\\*?$`));
  const second = scope.getByLabel(new RegExp(`^${label} again`));
  expect(await descriptionOf(first)).toMatch(/^At least 10 characters/);
  await first.fill('a long enough password');
  await second.fill('a long enough passwor');
  await scope.getByText('The two passwords differ').waitFor();
  expect(await descriptionOf(second)).toBe('The two passwords differ');
  expect(await second.getAttribute('aria-invalid')).toBe('true');
  await fill?.();
  expect(await submit.isDisabled()).toBe(true);
  await second.fill('a long enough password');
  await expect.poll(() => scope.getByText('The two passwords differ').count()).toBe(0);
  await expect.poll(() => submit.isDisabled()).toBe(false);
  // Too short, typed twice alike: the rule is the first field's error once it is left.
  await first.fill('short');
  await second.fill('short');
  await expect.poll(() => descriptionOf(first)).toBe('At least 10 characters');
  expect(await first.getAttribute('aria-invalid')).toBe('true');
  expect(await submit.isDisabled()).toBe(true);
}

describe('a new password, asked twice, on every screen that sets one', () => {
  const tmp = tempDir('new-password');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let recoveryCode = '';

  beforeAll(async () => {
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  it('setup', async () => {
    await page.getByRole('heading', { name: 'Set up the site database' }).waitFor();
    await page.getByRole('combobox', { name: 'Site' }).click();
    await page.getByRole('option', { name: /^MMC —/ }).click();
    await page.getByLabel('Database name').fill('pw-mmc');
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Full name').fill('Ada Admin');
    const form = page.locator('form');
    const create = page.getByRole('button', { name: 'Create the database' });
    // Setup's button stays enabled and says what is wrong on submit instead: check it refuses.
    await form.getByLabel(/^Password\s*\*?$/).fill(PASSWORD);
    await form.getByLabel(/^Password again/).fill('something else');
    await create.click();
    await form.getByText('The two passwords differ').waitFor();
    expect(await descriptionOf(form.getByLabel(/^Password again/))).toBe('The two passwords differ');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('setup-password2');
    await form.getByLabel(/^Password again/).fill(PASSWORD);
    await create.click();
    await page.getByRole('heading', { name: 'Store the recovery code' }).waitFor();
    recoveryCode = (await page.getByTestId('recovery-code').innerText()).trim();
    await page.getByLabel('I have stored the recovery code in a safe place').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Subjects' }).waitFor();
  });

  it('add a user, reset a password, change my password', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add a user' }).click();
    const add = page.getByRole('dialog', { name: 'Add a user' });
    await checkMismatch(add, 'Initial password', add.getByRole('button', { name: 'Add user' }), async () => {
      await add.getByLabel('User name').fill('nina');
      await add.getByLabel('Full name').fill('Nina Nurse');
    });
    await add.getByLabel('Initial password', { exact: true }).fill('nurse password 1');
    await add.getByLabel('Initial password again').fill('nurse password 1');
    await add.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'nina', exact: true }).waitFor();

    await page.getByRole('row').filter({ hasText: 'nina' }).getByRole('button', { name: 'Reset password' }).click();
    const reset = page.getByRole('dialog', { name: 'Reset the password of nina' });
    expect(await descriptionOf(reset.getByLabel(/^New password\s*\*?$/))).toBe(
      'At least 10 characters; tell the user in person',
    );
    await checkMismatch(reset, 'New password', reset.getByRole('button', { name: 'Reset password' }));
    await reset.getByRole('button', { name: 'Cancel' }).click();

    const mine = page.getByRole('region', { name: 'Change my password' });
    await mine.getByLabel('Current password').fill(PASSWORD);
    await checkMismatch(mine, 'New password', mine.getByRole('button', { name: 'Change password' }));
  });

  it('recovery', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Forgot the password? Use the recovery code' }).click();
    await page.getByRole('heading', { name: 'Recover access' }).waitFor();
    const form = page.locator('form');
    await checkMismatch(
      form,
      'New password',
      page.getByRole('button', { name: 'Set the new password and log in' }),
      async () => {
        await page.getByLabel('Administrator user name').fill('ada');
        await page.getByLabel('Recovery code').fill(recoveryCode);
      },
    );
    expect(errors).toEqual([]);
  });
});
