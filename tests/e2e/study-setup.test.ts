/**
 * First run with a study file: a broken file is refused with every error named by its JSON
 * path, a valid one (MINI) gives its own sites, and the new database runs MINI's forms.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { checkA11y, launch, nav, openApp, ROOT, startTestHost, tempDir, toast } from './harness';

const PASSWORD = 'admin password 123';
const MINI_FILE = join(ROOT, 'tests/fixtures/studies/mini.json');

describe('first run: the study file', () => {
  const tmp = tempDir('study-setup');
  let host: Host;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page } = await openApp(browser, host.url));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  it('lists a broken file’s errors by JSON path, then creates the database from MINI’s file', async () => {
    await page.getByRole('heading', { name: 'Set up the site database' }).waitFor();
    expect(await page.getByLabel(/shipped with SiteCRF/).isChecked()).toBe(true);

    const bad = JSON.parse(readFileSync(MINI_FILE, 'utf8'));
    bad.forms[1].fields[1].type = 'float';
    const badFile = join(tmp.dir, 'broken-study.json');
    writeFileSync(badFile, JSON.stringify(bad));
    await page.getByLabel('A study file from the sponsor (JSON)').check();
    await page.getByTestId('study-file').setInputFiles(badFile);
    const errors = page.getByRole('list', { name: 'Study file errors' });
    await errors.waitFor();
    expect(await errors.innerText()).toContain('$.forms[1].fields[1].type');
    await checkA11y(page, 'setup with study file errors');
    // No study chosen: the database cannot be created.
    await page.getByRole('button', { name: 'Create the database' }).click();
    await expect.poll(() => page.getByText('Choose a valid study file, or the shipped study').count()).toBe(1);

    await page.getByTestId('study-file').setInputFiles(MINI_FILE);
    await page.getByText(/MINI: a two-visit test study \(MINI, version 0\.1, 3 forms, 2 sites\)/).waitFor();
    await page.getByRole('combobox', { name: 'Site' }).click();
    expect(await page.getByRole('option').allInnerTexts()).toEqual([
      'AAA — Alpha Clinic, Springfield',
      'BBB — Beta Hospital, Shelbyville',
    ]);
    await page.getByRole('option', { name: /^AAA —/ }).click();
    await page.getByLabel('Database name').fill('mini-aaa');
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Full name').fill('Ada Admin');
    await page.locator('#setup-password').fill(PASSWORD);
    await page.locator('#setup-password2').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the database' }).click();

    await page.getByRole('heading', { name: 'Store the recovery code' }).waitFor();
    await page.getByLabel('I have stored the recovery code in a safe place').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Subjects' }).waitFor();
    // The shell names the database's study, and the dashboard has MINI's forms.
    await expect.poll(() => page.getByText(/MINI/).count()).toBeGreaterThan(0);
  });

  it('amends the study from the admin screen: a refused file lists why, a compatible one shows what it adds', async () => {
    await nav(page, 'Users');
    const panel = page.getByRole('region', { name: 'Amend the study' });
    await panel.getByText(/runs MINI: a two-visit test study, version 0\.1/).waitFor();

    const next = JSON.parse(readFileSync(MINI_FILE, 'utf8'));
    next.version = '0.2';
    const bad = structuredClone(next);
    bad.forms[1].fields.find((f: { id: string }) => f.id === 'smoker').type = 'text';
    const badFile = join(tmp.dir, 'mini-0.2-bad.json');
    writeFileSync(badFile, JSON.stringify(bad));
    await page.getByTestId('amend-file').setInputFiles(badFile);
    const refused = page.getByRole('list', { name: 'Amendment refused' });
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/VISIT\.smoker.*\(type\)/);
    await checkA11y(page, 'amendment refused');

    next.forms[1].fields.push({ id: 'waist_cm', label: 'Waist', type: 'int', phi: 'none' });
    const goodFile = join(tmp.dir, 'mini-0.2.json');
    writeFileSync(goodFile, JSON.stringify(next, null, 2));
    await page.getByTestId('amend-file').setInputFiles(goodFile);
    const changes = page.getByRole('list', { name: 'Amendment changes' });
    await changes.waitFor();
    expect(await changes.innerText()).toBe('New field VISIT.waist_cm');
    const amend = page.getByRole('button', { name: 'Amend to version 0.2' });
    expect(await amend.isDisabled()).toBe(true);
    await page.getByLabel('Reason for the amendment').fill('Protocol amendment 2: waist circumference');
    await checkA11y(page, 'amendment accepted');
    await amend.click();
    await toast(page, 'The site now runs version 0.2 of MINI (was 0.1).');
    await panel.getByText(/runs MINI: a two-visit test study, version 0\.2/).waitFor();
  });
});
