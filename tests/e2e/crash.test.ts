/**
 * Nothing typed is lost: type into a form, kill the host process with SIGKILL mid-entry,
 * start it again on the same data directory, log in, reopen the form: the draft is offered
 * back with the typed values.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, USERS, siteWithUsers } from '../support/ipc';
import { ROOT, checkA11y, fieldRow, fill, launch, login, openApp, screenshot, tempDir } from './harness';

const TOKEN = 'e2e-crash-test-token-0123456789abcdef';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function startChild(dataDir: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'start.js'), '--browser'], {
    cwd: ROOT,
    env: { ...process.env, SITECRF_DATA_DIR: dataDir, SITECRF_PORT: String(port), SITECRF_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${out} ${err}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${code}): ${err}`));
    });
  });
}

describe('a crash loses nothing typed', () => {
  const tmp = tempDir('crash');
  let browser: Browser;
  let page: Page;
  let child: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    await siteWithUsers(tmp.dir);
    port = await freePort();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) child.kill('SIGTERM');
    tmp.cleanup();
  });

  it('offers the draft back after SIGKILL and a restart', async () => {
    let started = await startChild(tmp.dir, port);
    child = started.child;
    ({ page } = await openApp(browser, started.url));
    await login(page, USERS.coordinator, PASSWORD);
    await page.getByRole('button', { name: 'Register a new subject' }).click();
    await page
      .getByRole('dialog', { name: 'Register a new subject?' })
      .getByRole('button', { name: 'Register' })
      .click();
    await page.getByRole('heading', { name: 'Registration' }).waitFor();
    await fill(page, 'mrn', 'MRN-7007');
    await fill(page, 'last_name', 'Crashworthy');
    const kept = page.waitForResponse(
      (r) =>
        r.url().includes('/api/drafts.keep') && r.status() === 200 && (r.request().postData() ?? '').includes('Kim'),
    );
    // Still typing (no blur): the debounced keep sends it.
    await page.locator('#field-first_name').fill('Kim');
    await kept;

    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    started = await startChild(tmp.dir, port);
    child = started.child;
    await page.goto(started.url);
    await login(page, USERS.coordinator, PASSWORD);
    await page.getByRole('heading', { name: 'Subjects' }).waitFor();
    await page.evaluate(() => {
      location.hash = '#/form/MMC-0001/screening/REG/1';
    });
    const offer = page.getByRole('alertdialog', { name: /Restore unsaved changes from/ });
    await offer.waitFor();
    await expect.poll(() => offer.innerText()).toMatch(/Medical record number.*Last name.*First name/s);
    await checkA11y(page, 'draft offer');
    await screenshot(page, '20-draft-offer');
    await offer.getByRole('button', { name: 'Restore' }).click();
    expect(await page.locator('#field-mrn').inputValue()).toBe('MRN-7007');
    expect(await page.locator('#field-last_name').inputValue()).toBe('Crashworthy');
    expect(await page.locator('#field-first_name').inputValue()).toBe('Kim');
    expect(await fieldRow(page, 'mrn').count()).toBe(1);
  });
});
