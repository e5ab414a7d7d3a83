/**
 * End-to-end support: a browser host on a temporary data directory, Debian's Chromium driven by
 * playwright-core (never a downloaded browser), axe-core checks and a screenshot per screen.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import { startHost, type Host } from '../../main/host/server';
import { CHEAP_KDF } from '../support/ipc';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
export const SCREENS_DIR = join(ROOT, 'tests', 'e2e', 'screens');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `sitecrf-e2e-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startTestHost(dataDir: string): Promise<Host> {
  return startHost({ dataDir, rendererDir: RENDERER_DIR, kdf: CHEAP_KDF, checkOutput: true, log: () => undefined });
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A page on the host (its token becomes a cookie), failing the test on any console error. */
export async function openApp(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.setDefaultTimeout(6_000);
  await page.goto(url);
  return { page, errors };
}

/** axe-core on the current screen: no serious or critical violation. Returns the count of minor ones. */
export async function checkA11y(page: Page, name: string): Promise<number> {
  // Let transitions (dialogs, snackbars) settle: axe measures colours mid-fade otherwise.
  await page.waitForTimeout(350);
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} ${(n.failureSummary ?? '').slice(0, 200)}`)
          .join('\n  ')}`,
    )
    .join('\n');
  expect(text, `axe on ${name}`).toBe('');
  return r.violations.length;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), fullPage: true });
}

// ---- Driving the generated forms by field id (the ids come from the protocol definition) ----

const row = (page: Page, field: string) => page.locator(`[data-field="${field}"]`);

export async function fill(page: Page, field: string, value: string): Promise<void> {
  const input = page.locator(`#field-${field}`);
  await input.fill(value);
  await input.blur();
}

/** A choice or yes/no field: a radio group (≤ 5 codes) or a select. */
export async function choose(page: Page, field: string, label: string): Promise<void> {
  const r = row(page, field);
  if ((await r.getByRole('radio').count()) > 0) {
    await r.getByRole('radio', { name: label, exact: true }).check();
  } else {
    await r.getByRole('combobox').click();
    await page.getByRole('option', { name: label, exact: true }).click();
  }
}

export async function tick(page: Page, field: string, labels: string[]): Promise<void> {
  for (const l of labels) await row(page, field).getByRole('checkbox', { name: l, exact: true }).check();
}

export async function missingCode(page: Page, field: string, code: 'NA' | 'UNK' | 'ND'): Promise<void> {
  await row(page, field)
    .getByRole('button', { name: /^Missing-data code for/ })
    .click();
  await page.getByRole('menuitem', { name: new RegExp(`^${code} —`) }).click();
}

export function fieldRow(page: Page, field: string) {
  return row(page, field);
}

export async function login(page: Page, username: string, password: string, database?: string): Promise<void> {
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  if (database) {
    await page.getByRole('combobox', { name: 'Site database' }).click();
    await page.getByRole('option', { name: database, exact: true }).click();
  }
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Save via the button and wait for the confirmation. */
export async function save(page: Page, button: 'Save' | 'Save as draft' | 'Save and next' = 'Save'): Promise<void> {
  const name = button === 'Save' ? /^Save( \(draft\))?$/ : button;
  await page.getByRole('region', { name: 'Save' }).getByRole('button', { name, exact: true }).click();
}

/** Goes to a route of the app (its hash router), as a bookmark would. */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

/** Follows a link of the main navigation. */
export async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
}

/** Waits for the app's notice (a toast) with this text. */
export async function toast(page: Page, text: RegExp | string): Promise<void> {
  await page.getByRole('alert').filter({ hasText: text }).first().waitFor();
}

/** Logs out whoever is in (closing any open dialog) and logs in as the given test user. */
export async function loginAs(page: Page, username: string, password: string): Promise<void> {
  await page.keyboard.press('Escape');
  const logout = page.getByRole('button', { name: 'Log out' });
  if (await logout.count()) await logout.click();
  await login(page, username, password);
  await page.getByRole('heading', { name: 'Subjects', exact: true }).waitFor();
}
