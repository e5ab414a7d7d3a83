/**
 * Errors where the eye is (issue 11, "The screens" 3): a cross-form rule is named on its field
 * while typing (from the casebook forms.context sent), and a refused save puts the cursor in that
 * field, not in the banner; "Save as draft" with invalid values keeps them as typed, and the
 * reopened form lists the draft's errors. A cross-form rule shows as soon as typing pauses, before
 * the field is left; a "Save as draft" that main refuses says "Not saved" with main's reason and
 * keeps what was typed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAs as ipcLogin, must } from '../support/ipc';
import { SACRO_CASE } from '../integration/site-fixture';
import { checkA11y, fieldRow, fill, go, toast } from './harness';
import { siteApp } from './site-app';

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('errors where the eye is', () => {
  let page: Page;
  let errors: string[];
  const sids: string[] = [];
  const app = siteApp('keys-errors', {
    seed: async (state) => {
      for (let i = 0; i < 5; i++) sids.push((await must(state, 'subjects.register', {})).subjectId);
      const draft = (event: string, form: string, values: object) =>
        must(state, 'forms.save', { subjectId: sids[1], event, form, instance: 1, values, status: 'draft' });
      await draft('procedure', 'PROC', SACRO_CASE.PROC);
      await draft('fu_1m', 'FU', SACRO_CASE.FU_1M);
    },
  });
  const state = app.state;
  beforeAll(() => {
    ({ page, errors } = app);
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

  it('shows a cross-form rule while typing, before the field is left; its own rules wait for Tab', async () => {
    await go(page, `#/form/${sids[3]}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    const row = fieldRow(page, 'baseline_date');
    await page.locator('#field-baseline_date').focus();
    await page.keyboard.type('01/01/2099');
    await row.getByText('No date of a subject may be in the future.').waitFor();
    expect(await activeId(page)).toBe('field-baseline_date');
    // A value that is not a date is the field's own rule: it is judged when the field is left.
    await page.keyboard.press('Control+a');
    await page.keyboard.type('13/45/2025');
    await expect.poll(() => row.getByText('No date of a subject may be in the future.').count()).toBe(0);
    await page.waitForTimeout(600);
    expect(await row.getByText(/not a real calendar date/).count()).toBe(0);
    await page.keyboard.press('Tab');
    await row.getByText(/not a real calendar date/).waitFor();
    expect(errors).toEqual([]);
  });

  it('"Save as draft" that main refuses says "Not saved" with the reason and keeps what was typed', async () => {
    await go(page, `#/form/${sids[4]}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    // Someone else saves the form after this screen opened it: main refuses the stale save.
    await ipcLogin(state, 'coordinator');
    await must(state, 'forms.save', {
      subjectId: sids[4],
      event: 'screening',
      form: 'BASE',
      instance: 1,
      values: { vas_pre: 5 },
      status: 'draft',
    });
    await fill(page, 'vas_pre', '7');
    await page.keyboard.press('Control+Shift+s');
    const refused = page.getByRole('alert').filter({ hasText: 'Not saved' });
    await refused.filter({ hasText: 'since you opened it' }).waitFor();
    expect(await page.locator('#field-vas_pre').inputValue()).toBe('7');
    // What was typed is kept as the user's draft too.
    await expect
      .poll(async () => {
        const ctx = await must(state, 'forms.context', {
          subjectId: sids[4],
          event: 'screening',
          form: 'BASE',
          instance: 1,
        });
        return ctx.draft?.values.vas_pre;
      })
      .toBe(7);
    await checkA11y(page, 'refused draft');
  });

  it('"Save as draft" with invalid values that main cannot keep says "Not saved" and keeps the values', async () => {
    await go(page, `#/form/${sids[4]}/procedure/PROC/1`);
    await page.getByRole('heading', { name: 'Procedure' }).waitFor();
    const busy = 'the database is busy (another SiteCRF program is writing); your entry is kept';
    await page.route('**/api/drafts.keep', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'BUSY', message: busy } }),
      }),
    );
    try {
      await fill(page, 'cement_ml', '45');
      await page.keyboard.press('Control+Shift+s');
      await page.getByRole('alert').filter({ hasText: 'Not saved' }).filter({ hasText: busy }).waitFor();
      expect(await page.getByText('Not kept').count()).toBe(0);
      expect(await page.locator('#field-cement_ml').inputValue()).toBe('45');
    } finally {
      await page.unroute('**/api/drafts.keep');
    }
  });
});
