/**
 * The core entry flow, as a coordinator: register subjects and fill every form of the SACRO
 * casebook on screen (branching both ways, a range error, a window warning, a missing-data code,
 * two AEs, an edit with a reason for change), then a monitor who cannot edit; finally the
 * casebook is read back through main's services and compared with what was typed.
 */
import { join } from 'node:path';
import { addDays, format } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { DATABASE, PASSWORD, USERS, siteWithUsers } from '../support/ipc';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { getCasebook } from '../../main/services/casebook';
import { getForm } from '../../main/services/forms';
import {
  checkA11y,
  choose,
  fieldRow,
  fill,
  go,
  launch,
  login,
  missingCode,
  openApp,
  save,
  screenshot,
  startTestHost,
  tempDir,
  tick,
} from './harness';

const us = (d: Date) => format(d, 'MM/dd/yyyy');
const iso = (d: Date) => format(d, 'yyyy-MM-dd');
const PROC = addDays(new Date(), -400);

async function saved(page: Page, text: RegExp | string): Promise<void> {
  await page.getByRole('alert').filter({ hasText: text }).first().waitFor();
}

describe('data entry through the screens', () => {
  const tmp = tempDir('entry');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await siteWithUsers(tmp.dir);
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  it('registers a subject and fills REG, ELIG (SIF branch), BASE', async () => {
    await login(page, USERS.coordinator, PASSWORD);
    await page.getByRole('heading', { name: 'Subjects' }).waitFor();
    await page.getByRole('button', { name: 'Register a new subject' }).click();
    await page
      .getByRole('dialog', { name: 'Register a new subject?' })
      .getByRole('button', { name: 'Register' })
      .click();
    await page.getByRole('heading', { name: 'Registration' }).waitFor();
    // The first field has the cursor at once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-mrn');
    await checkA11y(page, 'REG (empty)');

    // Tab goes from field to field; a field's tools are on Alt+M / Alt+H.
    await page.keyboard.type('MRN-1001');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-last_name');
    await page.keyboard.press('Alt+m');
    await page.getByRole('menuitem', { name: /^UNK —/ }).waitFor();
    await page.keyboard.press('Escape');
    await fill(page, 'mrn', 'MRN-1001');
    await fill(page, 'last_name', 'Doe');
    await fill(page, 'first_name', 'Jane');
    await fill(page, 'birth_date', '03/15/1940');
    await choose(page, 'sex', 'Female');
    await fill(page, 'zip', '10467');
    await fill(page, 'referral_date', iso(addDays(PROC, -10)));
    await choose(page, 'consent', 'IRB waiver (retrospective)');
    await screenshot(page, '10-form-reg');
    await save(page, 'Save and next');
    await page.getByRole('heading', { name: 'Eligibility' }).waitFor();

    await choose(page, 'severe_pain', 'Yes');
    await expect.poll(() => fieldRow(page, 'conservative_weeks').count()).toBe(0);
    await choose(page, 'failed_conservative', 'Yes');
    await fill(page, 'conservative_weeks', '6');
    await choose(page, 'imaging_evidence', 'Yes');
    await tick(page, 'imaging_modality', ['MRI', 'CT']);
    await choose(page, 'indication', 'Sacral insufficiency fracture');
    // Branching: the SIF question shows, the lesion questions do not.
    await fieldRow(page, 'fracture_side').waitFor();
    expect(await fieldRow(page, 'lesion_type').count()).toBe(0);
    await choose(page, 'fracture_side', 'Bilateral');
    await expect.poll(() => fieldRow(page, 'eligible').innerText()).toContain('Yes');
    await save(page, 'Save and next');
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();

    await fill(page, 'baseline_date', us(addDays(PROC, -1)));
    await fill(page, 'vas_pre', '9');
    await tick(page, 'analgesic', ['Weak opioid']);
    await choose(page, 'ambulation', 'Walker / cane');
    await fill(page, 'symptom_weeks', '8');
    await choose(page, 'osteoporosis', 'Yes');
    await save(page, 'Save and next');
    await page.getByRole('heading', { name: 'Procedure' }).waitFor();
  });

  it('fills PROC with a range error fixed and the extravasation branch', async () => {
    await fill(page, 'proc_date', us(PROC));
    await choose(page, 'hospitalization', 'Outpatient');
    await choose(page, 'anesthesia', 'Moderate sedation');
    await choose(page, 'guidance', 'CT');
    await choose(page, 'approach', 'Long axis');
    await choose(page, 'side_treated', 'Bilateral');
    await fill(page, 'needles', '2');
    await fill(page, 'cement_ml', '45');
    // Leaving the field shows the range error at once.
    await fieldRow(page, 'cement_ml')
      .getByText(/between 0.5 and 30/)
      .waitFor();
    await screenshot(page, '11-form-proc-range-error');
    await checkA11y(page, 'PROC with an error');
    // Saving with the error is refused and the cursor goes to the field.
    await save(page);
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('field-cement_ml');
    await fill(page, 'cement_ml', '6.5');
    expect(await fieldRow(page, 'extravasation_site').count()).toBe(0);
    await choose(page, 'extravasation', 'Yes');
    await tick(page, 'extravasation_site', ['Foraminal']);
    await choose(page, 'extravasation_symptomatic', 'Yes');
    await save(page, 'Save and next');
    await page.getByRole('heading', { name: 'Follow-up' }).waitFor();
  });

  it('fills FU at 1 month with a window warning and a missing-data code, then at 1 year', async () => {
    await fill(page, 'fu_date', us(addDays(PROC, 10)));
    await fieldRow(page, 'fu_date')
      .getByText(/outside the Follow-up 1 month window/)
      .waitFor();
    await choose(page, 'contact', 'Clinic visit');
    await choose(page, 'vital_status', 'Alive');
    await fill(page, 'vas_post', '3');
    await choose(page, 'analgesic_change', 'Decreased');
    await tick(page, 'analgesic', ['Acetaminophen']);
    await missingCode(page, 'ambulation', 'UNK');
    await choose(page, 'new_fracture', 'No');
    await choose(page, 'repeat_procedure', 'No');
    expect(await fieldRow(page, 'death_date').count()).toBe(0);
    await save(page);
    await saved(page, /Saved with 1 warning/);
    await screenshot(page, '12-form-fu-warning');
    await checkA11y(page, 'FU saved with a warning');
    await save(page, 'Save and next');
    await page.getByText('Follow-up 1 year').first().waitFor();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('/fu_1y/FU/');
    await fill(page, 'fu_date', us(addDays(PROC, 365)));
    await choose(page, 'contact', 'Phone call');
    await choose(page, 'vital_status', 'Alive');
    await fill(page, 'vas_post', '2');
    await save(page);
    await saved(page, /saved as complete/);
  });

  it('adds two AEs from the casebook', async () => {
    const sid = 'MMC-0001';
    await go(page, `#/casebook/${sid}`);
    await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
    for (const ae of [
      {
        onset: 1,
        term: 'Radicular pain',
        grade: 'C: requires therapy, short admission (major)',
        related: 'Related',
        treatment: 'Surgical decompression',
        outcome: 'Resolved',
      },
      {
        onset: 2,
        term: 'Symptomatic cement extravasation',
        grade: 'A: no therapy, no consequence (minor)',
        related: 'Possibly related',
        treatment: 'None',
        outcome: 'Ongoing',
      },
    ]) {
      await page
        .getByRole('button', { name: 'Add Complication / adverse event' })
        .or(page.getByRole('button', { name: /^Add / }))
        .first()
        .click();
      await fieldRow(page, 'ae_onset').waitFor();
      await fill(page, 'ae_onset', us(addDays(PROC, ae.onset)));
      await choose(page, 'ae_term', ae.term);
      await choose(page, 'ae_grade', ae.grade);
      await choose(page, 'ae_related', ae.related);
      await choose(page, 'ae_treatment', ae.treatment);
      await choose(page, 'ae_outcome', ae.outcome);
      if (ae.outcome === 'Resolved') await fill(page, 'ae_resolved_date', us(addDays(PROC, 40)));
      await save(page);
      await saved(page, /saved as complete/);
      await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/\/ae\/AE\/\d+$/);
      await go(page, `#/casebook/${sid}`);
      await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
    }
    await page.getByText('Derived values').waitFor();
    await screenshot(page, '13-casebook');
    await checkA11y(page, 'casebook');
  });

  it('edits a complete form with a reason for change', async () => {
    await go(page, '#/form/MMC-0001/screening/REG/1');
    await page.getByRole('heading', { name: 'Registration' }).waitFor();
    await fill(page, 'zip', '10468');
    await page.keyboard.press('Control+s');
    const dlg = page.getByRole('dialog', { name: 'Reason for change' });
    await dlg.waitFor();
    await checkA11y(page, 'reason for change');
    await screenshot(page, '14-reason-for-change');
    await dlg.getByLabel('Reason for change').fill('Transcription error, corrected from the chart');
    await dlg.getByRole('button', { name: 'Save with this reason' }).click();
    await saved(page, /saved as complete/);
    await fieldRow(page, 'zip').getByRole('button', { name: 'History of ZIP code' }).click();
    await page
      .getByRole('dialog', { name: 'History of ZIP code' })
      .getByText('Transcription error, corrected from the chart')
      .waitFor();
    await page.keyboard.press('Escape');
  });

  it('second subject: lesion branch and death at 1 month', async () => {
    await go(page, '#/subjects');
    await page.getByRole('button', { name: 'Register a new subject' }).click();
    await page
      .getByRole('dialog', { name: 'Register a new subject?' })
      .getByRole('button', { name: 'Register' })
      .click();
    await page.getByRole('heading', { name: 'Registration' }).waitFor();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('MMC-0002');
    await fill(page, 'mrn', 'MRN-2002');
    await fill(page, 'last_name', 'Roe');
    await fill(page, 'first_name', 'Richard');
    await fill(page, 'birth_date', '1950-07-01');
    await choose(page, 'sex', 'Male');
    await choose(page, 'consent', 'Signed consent');
    await save(page, 'Save and next');
    await page.getByRole('heading', { name: 'Eligibility' }).waitFor();
    await choose(page, 'severe_pain', 'Yes');
    await choose(page, 'failed_conservative', 'No');
    await choose(page, 'imaging_evidence', 'Yes');
    await tick(page, 'imaging_modality', ['CT']);
    await choose(page, 'indication', 'Pathologic sacral lesion');
    await fieldRow(page, 'lesion_type').waitFor();
    expect(await fieldRow(page, 'fracture_side').count()).toBe(0);
    expect(await fieldRow(page, 'primary_tumor').count()).toBe(0);
    await choose(page, 'lesion_type', 'Metastasis');
    await fill(page, 'primary_tumor', 'Breast');
    await save(page);
    await saved(page, /saved as complete/);

    await go(page, '#/form/MMC-0002/procedure/PROC/1');
    await page.getByRole('heading', { name: 'Procedure' }).waitFor();
    await fill(page, 'proc_date', us(addDays(PROC, 5)));
    await choose(page, 'hospitalization', 'Inpatient');
    await choose(page, 'anesthesia', 'General');
    await choose(page, 'guidance', 'CT fluoroscopy');
    await choose(page, 'approach', 'Transiliac');
    await choose(page, 'side_treated', 'Left');
    await fill(page, 'cement_ml', '4');
    await choose(page, 'extravasation', 'No');
    await save(page);
    await saved(page, /saved as complete/);

    await go(page, '#/form/MMC-0002/fu_1m/FU/1');
    await page.getByRole('heading', { name: 'Follow-up' }).waitFor();
    await fill(page, 'fu_date', us(addDays(PROC, 35)));
    await choose(page, 'contact', 'Chart review');
    await choose(page, 'vital_status', 'Dead');
    await fieldRow(page, 'death_date').waitFor();
    expect(await fieldRow(page, 'vas_post').count()).toBe(0);
    await fill(page, 'death_date', us(addDays(PROC, 30)));
    await choose(page, 'death_related', 'No');
    await save(page);
    await saved(page, /saved as complete/);

    await go(page, '#/subjects');
    await page.getByRole('grid').getByText('MMC-0002').waitFor();
    await page.getByLabel('Search subject ID, MRN or name').fill('Roe');
    await expect.poll(() => page.getByRole('grid').getByText('MMC-0001').count()).toBe(0);
    await page.getByRole('grid').getByText('MMC-0002').waitFor();
    await page.getByLabel('Search subject ID, MRN or name').fill('');
    await screenshot(page, '15-subjects');
    await checkA11y(page, 'subjects');
  });

  it('a monitor sees the forms read-only', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await login(page, USERS.monitor, PASSWORD);
    await page.getByRole('heading', { name: 'Subjects' }).waitFor();
    // No identifiers for the monitor: the search is by subject ID only.
    await page.getByLabel('Search subject ID').waitFor();
    expect(await page.getByRole('button', { name: 'Register a new subject' }).count()).toBe(0);
    await go(page, '#/form/MMC-0001/screening/BASE/1');
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    await page.getByText(/Read-only/).waitFor();
    expect(await page.getByRole('region', { name: 'Save' }).count()).toBe(0);
    expect(await page.locator('#field-vas_pre').getAttribute('readonly')).not.toBeNull();
    await screenshot(page, '16-monitor-readonly');
    await checkA11y(page, 'monitor form');
    await go(page, '#/casebook/MMC-0001');
    await page.getByRole('button', { name: 'Mark complete forms verified' }).click();
    // Bulk verify is confirmed with the count first (issue 11); Enter takes the default button.
    await page.getByRole('dialog', { name: /^Mark \d+ forms? verified\?$/ }).waitFor();
    await page.keyboard.press('Enter');
    await saved(page, /forms? marked verified/);
    expect(await page.getByRole('button', { name: 'Sign the casebook' }).count()).toBe(0);
  });

  it('an investigator signs the casebook with the password', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await login(page, USERS.investigator, PASSWORD);
    await page.getByRole('heading', { name: 'Subjects' }).waitFor();
    await go(page, '#/casebook/MMC-0001');
    await page.getByRole('button', { name: 'Sign the casebook' }).click();
    const dlg = page.getByRole('dialog', { name: /Sign the casebook/ });
    await dlg.getByLabel('Password').fill(PASSWORD);
    await checkA11y(page, 'sign dialog');
    await dlg.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText(/Signed by/).waitFor();
    await screenshot(page, '17-casebook-signed');
    expect(errors).toEqual([]);
  });

  it('dates typed as MM/DD/YYYY show as YYYY-MM-DD on the form, the casebook and the audit trail', async () => {
    // One display format (issue 11): the procedure date was typed as us(PROC).
    await page.getByRole('button', { name: 'Log out' }).click();
    await login(page, USERS.admin, PASSWORD);
    await page.getByRole('heading', { name: 'Subjects' }).waitFor();
    await go(page, '#/form/MMC-0001/procedure/PROC/1');
    await page.getByRole('heading', { name: 'Procedure' }).waitFor();
    expect(await page.locator('#field-proc_date').inputValue()).toBe(iso(PROC));
    expect(await page.getByTestId('form-saved').innerText()).toMatch(/^Saved \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by /);
    await go(page, '#/casebook/MMC-0001');
    await page.getByRole('heading', { name: 'Events', exact: true }).waitFor();
    const main = page.getByRole('main');
    await main.getByText(iso(PROC), { exact: false }).first().waitFor();
    expect(await main.innerText()).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    await go(page, '#/audit');
    await page.getByLabel('Subject ID').fill('MMC-0001');
    await page.getByRole('combobox', { name: 'Form' }).click();
    await page.getByRole('option', { name: 'Procedure', exact: true }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const grid = page.getByRole('grid', { name: 'Audit trail rows' });
    await grid
      .getByRole('row')
      .filter({ hasText: 'form.value' })
      .filter({ hasText: iso(PROC) })
      .first()
      .waitFor();
    const audit = await grid.innerText();
    expect(audit).not.toContain(us(PROC));
    expect(audit).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    // The day filters take a typed US date too, and show it in the one format once applied.
    await page.getByLabel('From (UTC day)').fill('01/01/2099');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await grid.getByText('No audit row matches the filters').waitFor();
    expect(await page.getByLabel('From (UTC day)').inputValue()).toBe('2099-01-01');
    await page.getByLabel('From (UTC day)').fill('13/45/2025');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('alert').filter({ hasText: 'From: not a date' }).waitFor();
  });

  it('what was typed is what main stored', async () => {
    await browser.close();
    await host.close();
    const s = unlockSiteDatabase(join(tmp.dir, `${DATABASE}.sitecrf`), { username: USERS.admin, password: PASSWORD });
    try {
      const k = (event: string, form: string, instance = 1) =>
        getForm(s, { subjectId: 'MMC-0001', event, form, instance });
      expect(k('screening', 'REG').values).toMatchObject({
        mrn: 'MRN-1001',
        last_name: 'Doe',
        birth_date: '1940-03-15',
        sex: 'F',
        zip: '10468',
        consent: 'WAIVER',
      });
      expect(k('screening', 'ELIG').values).toMatchObject({
        conservative_weeks: 6,
        imaging_modality: ['MRI', 'CT'],
        indication: 'SIF',
        fracture_side: 'BILAT',
        lesion_type: null,
        eligible: 'Y',
      });
      expect(k('procedure', 'PROC').values).toMatchObject({
        proc_date: iso(PROC),
        cement_ml: 6.5,
        extravasation: 'Y',
        extravasation_site: ['FORAMINAL'],
      });
      const fu = k('fu_1m', 'FU');
      expect(fu.status).toBe('signed');
      expect(fu.values).toMatchObject({ vas_post: 3, ambulation: { missing: 'UNK' }, death_date: null });
      expect(fu.issues.some((i) => i.rule === 'window')).toBe(true);
      expect(k('ae', 'AE', 1).values).toMatchObject({
        ae_term: 'RADICULAR_PAIN',
        ae_grade: 'C',
        ae_resolved_date: iso(addDays(PROC, 40)),
      });
      expect(k('ae', 'AE', 2).values).toMatchObject({ ae_term: 'EXTRAVASATION_SYMPTOMATIC', ae_outcome: 'ONGOING' });
      const cb = getCasebook(s, 'MMC-0001');
      expect(cb.derived.vas_change_1m).toBe(-6);
      const two = getForm(s, { subjectId: 'MMC-0002', event: 'fu_1m', form: 'FU', instance: 1 }).values;
      expect(two).toMatchObject({ vital_status: 'DEAD', vas_post: null, death_related: 'N' });
      expect(getForm(s, { subjectId: 'MMC-0002', event: 'screening', form: 'ELIG', instance: 1 }).values).toMatchObject(
        { indication: 'LESION', lesion_type: 'MET', primary_tumor: 'Breast', fracture_side: null },
      );
    } finally {
      s.close();
    }
  });
});
