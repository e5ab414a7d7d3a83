/**
 * More study conduct in Chromium: site staff withdraw a subject (the casebook turns read-only,
 * the subjects table says so), a monitor raises the failed checks of a casebook as queries and
 * re-opens a closed one, identifiers are withheld from the monitor's REG form but not from the
 * coordinator's, and the casebook shows a voided signature under the one in force.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { DATABASE, PASSWORD, USERS, siteWithUsers } from '../support/ipc';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { generateDemo } from '../../main/demo/index';
import { getCasebook } from '../../main/services/casebook';
import { subjectDashboard } from '../../main/services/dashboard';
import { getForm } from '../../main/services/forms';
import { saveForm } from '../../main/services/save-form';
import { signCasebook } from '../../main/services/workflow';
import { addDays } from '../../shared/dates';
import type { FieldValue } from '../../shared/protocol/schema';
import type { Role } from '../../shared/roles';
import {
  checkA11y,
  fieldRow,
  go,
  launch,
  loginAs,
  nav,
  openApp,
  screenshot,
  startTestHost,
  tempDir,
  toast,
} from './harness';

const WITHDRAW_REASON = 'Consent withdrawn by the patient at the 1-month call';
const VOID_REASON = 'Baseline score re-read from the pain diary';
const REOPEN = 'The clinic letter gives another date: please check again.';

describe('more study conduct through the screens', () => {
  const tmp = tempDir('conduct-extra');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  /** A casebook with two failed checks: a follow-up date out of its window (a field) and a cross-form warning. */
  let checked = '';
  /** Signed, voided by an edit, signed again. */
  let resigned = '';
  let withdrawn = '';
  let reg: Record<string, FieldValue> = {};
  const a11y: Record<string, number> = {};

  const as = (role: Role) => loginAs(page, USERS[role], PASSWORD);
  const axe = async (name: string) => {
    a11y[name] = await checkA11y(page, name);
  };

  beforeAll(async () => {
    await siteWithUsers(tmp.dir);
    const path = join(tmp.dir, `${DATABASE}.sitecrf`);
    const s = unlockSiteDatabase(path, { username: USERS.coordinator, password: PASSWORD });
    try {
      generateDemo(s, { subjects: 40, seed: 11, batchSize: 40 });
      const today = s.today();
      // Active casebooks with every form complete (signable), a 1-month visit and no 1-year one or AE.
      const plain = subjectDashboard(s)
        .rows.filter((r) => {
          if (r.status !== 'active') return false;
          const cb = getCasebook(s, r.subjectId);
          const forms = cb.events
            .flatMap((e) => e.forms.map((f) => ({ ...f, event: e.id })))
            .filter((f) => f.status !== 'empty');
          return (
            forms.every((f) => f.status === 'complete') &&
            forms.some((f) => f.event === 'fu_1m') &&
            !forms.some((f) => f.event === 'fu_1y' || f.form === 'AE') &&
            cb.rules.every((x) => x.ok) &&
            !!cb.indexDate &&
            addDays(cb.indexDate, 70) <= today
          );
        })
        .map((r) => r.subjectId);
      expect(plain.length).toBeGreaterThanOrEqual(3);
      [checked, resigned, withdrawn] = plain as [string, string, string];

      const fu = getForm(s, { subjectId: checked, event: 'fu_1m', form: 'FU' });
      const proc = getForm(s, { subjectId: checked, event: 'procedure', form: 'PROC' });
      saveForm(s, {
        subjectId: checked,
        event: 'fu_1m',
        form: 'FU',
        instance: 1,
        values: { ...fu.values, fu_date: addDays(proc.values.proc_date as string, 70) },
        status: 'complete',
        reason: 'Date re-read from the clinic letter',
      });
      saveForm(s, {
        subjectId: checked,
        event: 'procedure',
        form: 'PROC',
        instance: 1,
        values: { ...proc.values, extravasation: 'Y', extravasation_symptomatic: 'Y' },
        status: 'complete',
        reason: 'Operative note re-read',
      });
      expect(
        getCasebook(s, checked)
          .rules.filter((x) => !x.ok)
          .map((x) => x.id),
      ).toEqual(['symptomatic_extravasation_expects_ae']);
      reg = getForm(s, { subjectId: checked, event: 'screening', form: 'REG' }).values;
    } finally {
      s.close();
    }
    // A signature, an edit that voids it, a second signature.
    const inv = unlockSiteDatabase(path, { username: USERS.investigator, password: PASSWORD });
    try {
      signCasebook(inv, { subjectId: resigned, password: PASSWORD });
      const base = getForm(inv, { subjectId: resigned, event: 'screening', form: 'BASE' });
      saveForm(inv, {
        subjectId: resigned,
        event: 'screening',
        form: 'BASE',
        instance: 1,
        values: { ...base.values, vas_pre: base.values.vas_pre === 8 ? 9 : 8 },
        status: 'complete',
        reason: VOID_REASON,
      });
      signCasebook(inv, { subjectId: resigned, password: PASSWORD });
    } finally {
      inv.close();
    }
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
    console.log('axe minor violations per screen:', JSON.stringify(a11y));
  });

  it('the coordinator sees the identifiers on REG', async () => {
    await as('coordinator');
    await go(page, `#/form/${checked}/screening/REG/1`);
    await page.getByRole('heading', { name: 'Registration' }).waitFor();
    expect(await page.locator('#field-last_name').inputValue()).toBe(reg.last_name);
    expect(await page.locator('#field-mrn').inputValue()).toBe(reg.mrn);
    expect(await page.getByText('Identifier withheld from your role').count()).toBe(0);
  });

  it('withdrawing a subject with a reason makes the casebook read-only', async () => {
    await go(page, `#/casebook/${withdrawn}`);
    // The casebook names the protocol version the site runs.
    expect(await page.getByTestId('protocol-version').innerText()).toBe('SACRO protocol version 1.0');
    // Beside it, the first 12 digits of the definition's SHA-256; all 64 in its title.
    const sha = page.getByTestId('protocol-sha256');
    const short = /^definition SHA-256 ([0-9a-f]{12})$/.exec(await sha.innerText())?.[1];
    expect(short).toBeDefined();
    expect(await sha.getAttribute('title')).toMatch(
      new RegExp(`^SHA-256 of the study definition: ${short}[0-9a-f]{52}$`),
    );
    await page.getByRole('button', { name: 'Withdraw subject' }).click();
    const dlg = page.getByRole('dialog', { name: `Withdraw ${withdrawn}` });
    await dlg.getByLabel('Reason').fill(WITHDRAW_REASON);
    await axe('withdraw dialog');
    await dlg.getByRole('button', { name: 'Withdraw subject' }).click();
    await toast(page, `${withdrawn} withdrawn.`);
    await page.getByText(`Withdrawn: ${WITHDRAW_REASON}`).waitFor();
    expect(await page.getByRole('button', { name: 'Withdraw subject' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Add / }).count()).toBe(0);
    await go(page, `#/form/${withdrawn}/screening/BASE/1`);
    await page.getByText('This subject is withdrawn: the casebook is read-only.').waitFor();
    expect(await page.getByRole('region', { name: 'Save' }).count()).toBe(0);
    expect(await page.locator('#field-vas_pre').isEditable()).toBe(false);

    await nav(page, 'Subjects');
    await page.getByLabel('Search subject ID, MRN or name').fill(withdrawn);
    const grid = page.getByRole('grid');
    await expect.poll(() => grid.getByRole('row').filter({ hasText: /^MMC-/ }).count()).toBe(1);
    // The one row left; its Status is the last column: bring it into view (the grid renders visible columns only).
    await page.locator('.MuiDataGrid-virtualScroller').evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await grid.locator('[role="gridcell"][data-field="status"]').filter({ hasText: 'Withdrawn' }).waitFor();
    expect(await grid.locator('[role="gridcell"][data-field="status"]').count()).toBe(1);
  });

  it('a monitor sees no identifier on REG', async () => {
    await as('monitor');
    await go(page, `#/form/${checked}/screening/REG/1`);
    await page.getByRole('heading', { name: 'Registration' }).waitFor();
    for (const f of ['last_name', 'first_name', 'mrn', 'birth_date', 'zip', 'phone']) {
      await fieldRow(page, f).getByText('Identifier withheld from your role').waitFor();
      expect(await page.locator(`input#field-${f}`).count(), f).toBe(0);
    }
    const text = await page.evaluate(() => document.body.innerText);
    for (const v of [reg.last_name, reg.first_name, reg.mrn, reg.phone]) expect(text).not.toContain(String(v));
    // Not withheld: what source verification needs.
    expect(await fieldRow(page, 'sex').getByRole('radio', { checked: true }).count()).toBe(1);
    await axe('REG withheld (monitor)');
    await screenshot(page, '50-reg-withheld');
  });

  it('a monitor raises the failed checks as queries, and re-opens a closed one', async () => {
    await go(page, `#/casebook/${checked}`);
    await page.getByRole('button', { name: 'Raise failed checks as queries' }).click();
    await toast(page, '2 queries raised from failed checks.');
    await page.getByRole('link', { name: '2 open queries' }).waitFor();

    await nav(page, 'Queries');
    await page.getByLabel('Subject ID').fill(checked);
    const grid = page.getByRole('grid', { name: 'Queries' });
    await expect.poll(() => grid.getByRole('row').filter({ hasText: checked }).count()).toBe(2);
    await grid
      .getByRole('row')
      .filter({ hasText: 'Cross-form check' })
      .filter({ hasText: /Symptomatic cement extravasation/ })
      .waitFor();
    const fuRow = grid.getByRole('row').filter({ hasText: 'Follow-up date' });
    await fuRow.filter({ hasText: /outside the Follow-up 1 month window/ }).waitFor();
    await axe('queries raised');

    await fuRow.click();
    const dlg = page.getByRole('dialog', { name: /^Queries: / });
    await dlg.getByText(/raised from a failed check/).waitFor();
    await dlg.getByRole('button', { name: 'Close query' }).click();
    await dlg
      .getByRole('status')
      .filter({ hasText: /closed/ })
      .waitFor();
    await dlg.getByText('Closed', { exact: true }).waitFor();
    await dlg.getByLabel('Reason to re-open').fill(REOPEN);
    await dlg.getByRole('button', { name: 'Re-open' }).click();
    await dlg
      .getByRole('status')
      .filter({ hasText: /re-opened/ })
      .waitFor();
    await dlg.getByText('Open', { exact: true }).waitFor();
    await dlg.getByText(REOPEN).waitFor();
    await dlg.getByText(/re-opened the query/).waitFor();
    await dlg.getByRole('button', { name: 'Done' }).click();
    await nav(page, 'Queries');
    await page.getByLabel('Subject ID').fill(checked);
    await grid.getByRole('row').filter({ hasText: 'Follow-up date' }).filter({ hasText: REOPEN }).waitFor();
  });

  it('the casebook shows a voided signature under the one in force', async () => {
    await go(page, `#/casebook/${resigned}`);
    await page
      .getByRole('group', { name: 'Signature' })
      .getByText(/Signed by investigator user/)
      .waitFor();
    const voided = page.getByRole('region', { name: 'Voided signature' });
    await voided
      .getByText(/^Signed by investigator user · Investigator \(ivan\) · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/)
      .waitFor();
    await voided
      .getByText(
        new RegExp(`^Voided on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC by ivan: BASE edited: ${VOID_REASON}$`),
      )
      .waitFor();
    expect(await voided.getByText(/^Signed by/).evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe(
      'line-through',
    );
    await axe('casebook with a voided signature');
    await screenshot(page, '51-casebook-voided-signature');
    expect(errors).toEqual([]);
  });
});
