/**
 * Errors where the eye is (issue 11, "The screens" 3): a cross-form rule is named on its field
 * while typing (from the casebook forms.context sent), and a refused save puts the cursor in that
 * field, not in the banner; "Save as draft" with invalid values keeps them as typed, and the
 * reopened form lists the draft's errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { createAppState } from '../../main/ipc/app-state';
import { CHEAP_KDF, PASSWORD, USERS, loginAs as ipcLogin, must, siteWithUsers } from '../support/ipc';
import { SACRO_CASE } from '../integration/site-fixture';
import { checkA11y, fieldRow, fill, go, launch, loginAs, openApp, startTestHost, tempDir, toast } from './harness';

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('errors where the eye is', () => {
  const tmp = tempDir('keys-errors');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const sids: string[] = [];
  const state = createAppState({ dataDir: tmp.dir, kdf: CHEAP_KDF });

  beforeAll(async () => {
    await siteWithUsers(tmp.dir, state);
    await ipcLogin(state, 'coordinator');
    for (let i = 0; i < 3; i++) sids.push((await must(state, 'subjects.register', {})).subjectId);
    const draft = (event: string, form: string, values: object) =>
      must(state, 'forms.save', { subjectId: sids[1], event, form, instance: 1, values, status: 'draft' });
    await draft('procedure', 'PROC', SACRO_CASE.PROC);
    await draft('fu_1m', 'FU', SACRO_CASE.FU_1M);
    await must(state, 'auth.logout', {});
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
    page.setDefaultTimeout(15_000);
    await loginAs(page, USERS.coordinator, PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  it('names a cross-form rule on its field while typing, and a refused save focuses that field', async () => {
    await go(page, `#/form/${sids[0]}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    await fill(page, 'baseline_date', '01/01/2099');
    const row = fieldRow(page, 'baseline_date');
    await row.getByText('No date of a subject may be in the future.').waitFor();
    expect(await page.locator('#field-baseline_date').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#field-vas_pre').focus();
    await page.keyboard.press('Control+s');
    await page.getByRole('alert').filter({ hasText: 'Not saved: 1 error to fix' }).waitFor();
    await expect.poll(() => activeId(page)).toBe('field-baseline_date');
    await checkA11y(page, 'cross-form rule on its field');
  });

  it('shows the other follow-up rule on the 1-year date, from the casebook the screen was sent', async () => {
    await go(page, `#/form/${sids[1]}/fu_1y/FU/1`);
    await page.getByRole('heading', { name: 'Follow-up' }).first().waitFor();
    // The 1-month follow-up is on 02/13/2025.
    await fill(page, 'fu_date', '02/01/2025');
    await fieldRow(page, 'fu_date').getByText('The 1-year follow-up must be after the 1-month follow-up.').waitFor();
    await fill(page, 'fu_date', '02/01/2026');
    await expect
      .poll(() =>
        fieldRow(page, 'fu_date').getByText('The 1-year follow-up must be after the 1-month follow-up.').count(),
      )
      .toBe(0);
    expect(errors).toEqual([]);
  });

  it('"Save as draft" keeps invalid values as typed; reopening lists the errors', async () => {
    await go(page, `#/form/${sids[2]}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    await fill(page, 'baseline_date', '13/45/2025');
    await fill(page, 'vas_pre', '15');
    await page.keyboard.press('Control+Shift+s');
    await toast(page, 'Baseline kept as a draft with 2 errors to fix.');
    await page.getByRole('alert').filter({ hasText: 'Kept as your draft with 2 errors to fix' }).waitFor();
    // Nothing went into the casebook.
    await ipcLogin(state, 'coordinator');
    const ctx = await must(state, 'forms.context', {
      subjectId: sids[2],
      event: 'screening',
      form: 'BASE',
      instance: 1,
    });
    expect(ctx.state.version).toBe(0);
    // As typed (a number that parses is kept as that number, as drafts always were).
    expect(ctx.draft.values).toMatchObject({ baseline_date: '13/45/2025', vas_pre: 15 });

    await go(page, `#/casebook/${sids[2]}`);
    await page.getByRole('heading', { name: sids[2] }).first().waitFor();
    await go(page, `#/form/${sids[2]}/screening/BASE/1`);
    const offer = page.getByRole('alertdialog', { name: /Restore unsaved changes/ });
    await offer.getByText('2 errors to fix before it can be saved:').waitFor();
    expect(await offer.getByRole('listitem').count()).toBe(2);
    await checkA11y(page, 'draft with errors offered');
    await offer.getByRole('button', { name: 'Restore' }).click();
    expect(await page.locator('#field-baseline_date').inputValue()).toBe('13/45/2025');
    expect(await page.locator('#field-vas_pre').inputValue()).toBe('15');
    expect(await page.locator('#field-vas_pre').getAttribute('aria-invalid')).toBe('true');
    expect(errors).toEqual([]);
  });
});
