/**
 * Heads-down entry on the keyboard (issue 11, "The screens" 2): after a missing-data code the
 * focus is back on the field (not the page, 22 Tabs from BASE); Save and next is Ctrl+Enter and
 * the buttons show their shortcuts; the reason for change is saved with Ctrl+Enter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD, USERS, loginAs as ipcLogin, must } from '../support/ipc';
import { SACRO_CASE } from '../integration/site-fixture';
import { checkA11y, fieldRow, fill, go, loginAs, tick, toast, choose } from './harness';
import { siteApp } from './site-app';

const activeField = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field') ?? null);

describe('keyboard entry', () => {
  let page: Page;
  let errors: string[];
  let sid = '';
  const app = siteApp('keys', {
    seed: async (state) => {
      ({ subjectId: sid } = await must(state, 'subjects.register', {}));
    },
  });
  const state = app.state;
  beforeAll(() => {
    ({ page, errors } = app);
  });

  it('returns the focus to the field after a missing-data code, and Tab goes on to the next field', async () => {
    await go(page, `#/form/${sid}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    await page.locator('#field-symptom_weeks').focus();
    await page.keyboard.press('Alt+m');
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('u');
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await expect.poll(() => activeField(page)).toBe('symptom_weeks');
    await fieldRow(page, 'symptom_weeks').getByText('UNK — Unknown').waitFor();
    await page.keyboard.press('Tab');
    expect(await activeField(page)).toBe('osteoporosis');
  });

  it('shows the shortcuts on the save buttons and saves and goes on with Ctrl+Enter', async () => {
    const bar = page.getByRole('region', { name: 'Save' });
    const next = bar.getByRole('button', { name: 'Save and next', exact: true });
    expect(await next.getAttribute('aria-keyshortcuts')).toBe('Control+Enter');
    expect(await next.innerText()).toContain('Ctrl+Enter');
    expect(await bar.getByRole('button', { name: 'Save as draft', exact: true }).innerText()).toContain('Ctrl+Shift+S');
    await fill(page, 'baseline_date', '01/10/2025');
    await fill(page, 'vas_pre', '8');
    await tick(page, 'analgesic', ['Strong opioid']);
    await choose(page, 'ambulation', 'Walker / cane');
    await page.locator('#field-vas_pre').focus();
    await page.keyboard.press('Control+Enter');
    await toast(page, /Baseline saved as complete/);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/form/${sid}/procedure/PROC/1`);
    await checkA11y(page, 'form after save and next');
  });

  it('saves a reason for change with Ctrl+Enter', async () => {
    await go(page, `#/form/${sid}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    await fill(page, 'vas_pre', '7');
    await page.keyboard.press('Control+s');
    const dlg = page.getByRole('dialog', { name: 'Reason for change' });
    await dlg.getByLabel('Reason for change').waitFor();
    // First focus is in the reason; Enter is a new line, Ctrl+Enter saves.
    await page.keyboard.type('Corrected from the clinic note');
    await page.keyboard.press('Control+Enter');
    await toast(page, /Baseline saved as complete/);
    await dlg.waitFor({ state: 'detached' });
    // Still on BASE: Ctrl+Enter in the dialog was the dialog's, not "save and next".
    expect(await page.evaluate(() => location.hash)).toBe(`#/form/${sid}/screening/BASE/1`);
    expect(errors).toEqual([]);
  });

  it('F1 lists the shortcuts and the date formats; Esc closes it', async () => {
    await go(page, `#/form/${sid}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    await page.locator('#field-vas_pre').focus();
    await page.keyboard.press('F1');
    const dlg = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const table = dlg.getByRole('table', { name: 'Keyboard shortcuts' });
    for (const [keys, what] of [
      ['Ctrl+S', 'Save'],
      ['Ctrl+Shift+S', 'Save as draft'],
      ['Ctrl+Enter', 'Save and go to the next form'],
      ['Alt+M', 'Missing-data code'],
      ['Alt+H', 'history'],
      ['Alt+Q', 'query'],
      ['Ctrl+L', 'Lock the session'],
      ['Alt+D', 'calendar'],
      ['A code or letter', 'first letter'],
      ['Arrows, Space', 'tick'],
      ['Enter', 'Submit'],
    ] as const)
      await table.getByRole('row').filter({ hasText: keys }).filter({ hasText: what }).first().waitFor();
    await dlg.getByText('MM/DD/YYYY (01/31/2025)').waitFor();
    await dlg.getByText('YYYY-MM-DD (2025-01-31)').waitFor();
    await checkA11y(page, 'shortcut help');
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'detached' });
    // The toolbar button opens it too.
    await page.getByRole('button', { name: 'Shortcuts' }).click();
    await dlg.waitFor();
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'detached' });
  });

  it('a date field says its formats, Tab skips its calendar button, and Alt+D opens the calendar', async () => {
    await go(page, `#/form/${sid}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    const date = page.locator('#field-baseline_date');
    const describedBy = (await date.getAttribute('aria-describedby')) ?? '';
    const hints = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(hints.join(' ')).toContain('MM/DD/YYYY or YYYY-MM-DD');
    await date.focus();
    await page.keyboard.press('Tab');
    // The next stop is the next field, not "Pick … from a calendar".
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).not.toMatch(/calendar/);
    expect(await activeField(page)).not.toBe('baseline_date');
    await date.focus();
    await page.keyboard.press('Alt+d');
    await page.getByRole('grid').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('grid').first().waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it("a monitor's bulk verify confirms the count and skips the form with an open query", async () => {
    await ipcLogin(state, 'coordinator');
    await must(state, 'forms.save', {
      subjectId: sid,
      event: 'screening',
      form: 'ELIG',
      instance: 1,
      values: SACRO_CASE.ELIG,
      status: 'complete',
    });
    await ipcLogin(state, 'monitor');
    await must(state, 'queries.open', {
      subjectId: sid,
      event: 'screening',
      form: 'BASE',
      instance: 1,
      field: 'vas_pre',
      text: 'Please check the score against the clinic note.',
    });
    await must(state, 'auth.logout', {});
    await loginAs(page, USERS.monitor, PASSWORD);
    await go(page, `#/casebook/${sid}`);
    await page.getByRole('button', { name: 'Mark complete forms verified' }).click();
    const dlg = page.getByRole('dialog', { name: 'Mark 1 form verified?' });
    await dlg
      .getByText(/Eligibility/)
      .first()
      .waitFor();
    await dlg.getByText('Screening: Baseline: 1 query not closed').waitFor();
    await checkA11y(page, 'bulk verify confirmation');
    // First focus is on the default action: Enter confirms.
    await page.keyboard.press('Enter');
    await toast(page, '1 form marked verified.');
    await dlg.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /^Baseline: complete/ }).waitFor();
    expect(errors).toEqual([]);
  });
});
