/**
 * Picking answers on the keyboard (issue 11, "The screens" 2): a typed code or first letter
 * selects in a radio group and in a closed choice list (a repeated letter cycles); Shift+Tab into
 * an empty radio group lands on its first option; a multi is one Tab stop with arrows and Space.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { must } from '../support/ipc';
import { checkA11y, fieldRow, go } from './harness';
import { siteApp } from './site-app';

/** The focused element: its field and, for a radio or check box, its accessible label. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return {
      field: el?.closest('[data-field]')?.getAttribute('data-field') ?? null,
      label: el?.closest('label')?.textContent?.trim() ?? null,
    };
  });

const checkedRadio = (page: Page, field: string) =>
  fieldRow(page, field)
    .locator('input[type=radio]:checked')
    .evaluateAll((els) => els.map((e) => e.closest('label')?.textContent?.trim() ?? ''));

describe('keyboard: choices', () => {
  let page: Page;
  let errors: string[];
  let sid = '';
  const app = siteApp('keys-fields', {
    seed: async (state) => {
      ({ subjectId: sid } = await must(state, 'subjects.register', {}));
    },
  });
  beforeAll(async () => {
    ({ page, errors } = app);
    await go(page, `#/form/${sid}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
  });

  it('Shift+Tab into an empty radio group lands on its first option', async () => {
    await fieldRow(page, 'prior_augmentation').getByRole('radio', { name: 'Yes' }).focus();
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toEqual({ field: 'osteoporosis', label: 'Yes' });
    // And Tab into it lands on the first option as well.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).field).toBe('symptom_weeks');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ field: 'osteoporosis', label: 'Yes' });
  });

  it('a typed code selects in a radio group, and the focus follows it', async () => {
    await page.keyboard.press('n');
    expect(await checkedRadio(page, 'osteoporosis')).toEqual(['No']);
    expect(await focused(page)).toEqual({ field: 'osteoporosis', label: 'No' });
    await page.keyboard.press('Y');
    expect(await checkedRadio(page, 'osteoporosis')).toEqual(['Yes']);
    // A checked group is one stop on its checked option.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toEqual({ field: 'osteoporosis', label: 'Yes' });
  });

  it("a label's first letter selects, and a repeated letter cycles among the options with it", async () => {
    await fieldRow(page, 'ambulation').getByRole('radio', { name: 'Independent' }).focus();
    await page.keyboard.press('w');
    expect(await checkedRadio(page, 'ambulation')).toEqual(['Walker / cane']);
    await page.keyboard.press('w');
    expect(await checkedRadio(page, 'ambulation')).toEqual(['Wheelchair']);
    await page.keyboard.press('w');
    expect(await checkedRadio(page, 'ambulation')).toEqual(['Walker / cane']);
    await page.keyboard.press('b');
    expect(await checkedRadio(page, 'ambulation')).toEqual(['Bed-bound']);
    // A letter no option has changes nothing.
    await page.keyboard.press('z');
    expect(await checkedRadio(page, 'ambulation')).toEqual(['Bed-bound']);
  });

  it('a multi is one Tab stop: arrows move between the boxes, Space toggles, a letter goes to its box', async () => {
    const group = page.getByRole('group', { name: /Analgesics in use/ });
    expect(await group.getByRole('checkbox').count()).toBe(6);
    expect(await group.locator('input[tabindex="0"]').count()).toBe(1);
    await page.locator('#field-vas_pre').focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ field: 'analgesic', label: 'None' });
    // The next Tab leaves the field: the other five boxes are not Tab stops.
    await page.keyboard.press('Tab');
    expect((await focused(page)).field).toBe('ambulation');
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).field).toBe('analgesic');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toEqual({ field: 'analgesic', label: 'NSAID' });
    await page.keyboard.press('Space');
    await page.keyboard.press('s');
    expect(await focused(page)).toEqual({ field: 'analgesic', label: 'Strong opioid' });
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toEqual({ field: 'analgesic', label: 'Weak opioid' });
    expect(await group.getByRole('checkbox', { name: 'NSAID', exact: true }).isChecked()).toBe(true);
    expect(await group.getByRole('checkbox', { name: 'Strong opioid', exact: true }).isChecked()).toBe(true);
    expect(await group.getByRole('checkbox', { name: 'None', exact: true }).isChecked()).toBe(false);
    // The stop moved with the arrows: Tab away and back returns to the last box visited.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toEqual({ field: 'analgesic', label: 'Weak opioid' });
    await checkA11y(page, 'form with keyboard-picked answers');
  });

  it('a closed choice list takes a typed first letter, cycling on repeats', async () => {
    await go(page, `#/form/${sid}/ae/AE/1`);
    const list = page.locator('#field-ae_term');
    await list.waitFor();
    await list.focus();
    await page.keyboard.press('i');
    await expect.poll(() => list.innerText()).toBe('Infection');
    await page.keyboard.press('i');
    await expect.poll(() => list.innerText()).toBe('Increased pain');
    await page.keyboard.press('c');
    await expect.poll(() => list.innerText()).toBe('Cement embolism');
    // The list stayed closed: the keys picked, they did not open the menu.
    expect(await page.getByRole('listbox').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
