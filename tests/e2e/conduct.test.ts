/**
 * Study conduct in Chromium (issue 6): a monitor opens a query on a field, the coordinator
 * answers and corrects the value with a reason, the monitor closes the query and verifies the
 * form, the investigator signs the casebook (password asked again), a later edit voids the
 * signature, and the audit viewer shows every step under a verified chain. Then the export
 * screen writes the submission and the Reports screen shows the workbook Summary's numbers.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { DATABASE, PASSWORD, USERS, siteWithUsers } from '../support/ipc';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { generateDemo } from '../../main/demo/index';
import { getCasebook } from '../../main/services/casebook';
import { subjectDashboard } from '../../main/services/dashboard';
import { readSubmission } from '../../main/export/workbook-reader';
import type { Role } from '../../shared/roles';
import {
  checkA11y,
  fieldRow,
  fill,
  go,
  launch,
  loginAs,
  nav,
  openApp,
  SCREENS_DIR,
  screenshot,
  startTestHost,
  tempDir,
  toast,
} from './harness';

const QUESTION = 'Baseline pain score differs from the clinic note of the same day. Please check.';
const ANSWER = 'Checked the clinic note: the score was 7, corrected.';
const REASON = 'Transcription error, corrected from the clinic note';
const LATER_REASON = 'Score re-read from the scanned pain diary';

/** What a dialog says it did (a toast behind a modal is hidden from assistive technology). */
async function said(dialog: ReturnType<Page['getByRole']>, text: RegExp | string): Promise<void> {
  await dialog.getByRole('status').filter({ hasText: text }).waitFor();
}

describe('study conduct through the screens', () => {
  const tmp = tempDir('conduct');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let sid = '';
  let other = '';
  let recoveryCode = '';
  let workbook = '';
  const a11y: Record<string, number> = {};

  const as = (role: Role) => loginAs(page, USERS[role], PASSWORD);
  const axe = async (name: string) => {
    a11y[name] = await checkA11y(page, name);
  };

  beforeAll(async () => {
    ({ recoveryCode } = await siteWithUsers(tmp.dir));
    const s = unlockSiteDatabase(join(tmp.dir, `${DATABASE}.sitecrf`), {
      username: USERS.coordinator,
      password: PASSWORD,
    });
    try {
      generateDemo(s, { subjects: 60, seed: 11, batchSize: 60 });
      // A casebook with every form saved as complete (none a draft), so it can be signed.
      sid = subjectDashboard(s)
        .rows.map((r) => r.subjectId)
        .find((id) => {
          const cb = getCasebook(s, id);
          const forms = cb.events.flatMap((e) => e.forms).filter((f) => f.status !== 'empty');
          return (
            cb.subject.status === 'active' &&
            forms.length >= 6 &&
            forms.every((f) => f.status === 'complete') &&
            cb.events.some((e) => e.forms.some((f) => f.form === 'BASE' && f.status === 'complete'))
          );
        })!;
      other = subjectDashboard(s).rows.find((r) => r.subjectId !== sid && r.status === 'active')!.subjectId;
    } finally {
      s.close();
    }
    expect(sid).toBeTruthy();
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
    console.log('axe minor violations per screen:', JSON.stringify(a11y));
  });

  it('a monitor opens a query on a field', async () => {
    await as('monitor');
    await page.getByRole('grid').getByText(sid).waitFor();
    // Navigation by role: the monitor has no worklist and no export of identified data.
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
    expect(links).toEqual(['Subjects', 'Queries', 'Reports', 'Audit trail']);

    await go(page, `#/form/${sid}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    await fieldRow(page, 'vas_pre')
      .getByRole('button', { name: /^Queries on / })
      .click();
    const dlg = page.getByRole('dialog', { name: /^Queries: / });
    await dlg.getByLabel('Question for the site').fill(QUESTION);
    await axe('query dialog');
    await dlg.getByRole('button', { name: 'Open query' }).click();
    await said(dlg, /Query #\d+ opened/);
    await dlg.getByText(QUESTION).waitFor();
    await dlg.getByRole('button', { name: 'Done' }).click();
    // The open query shows on the field (badge and name) and in the form's header.
    await fieldRow(page, 'vas_pre')
      .getByRole('button', { name: /: 1 open$/ })
      .waitFor();
    await page.getByText('1 open query').waitFor();
    await axe('form with an open query');
    await screenshot(page, '41-form-open-query');

    await nav(page, 'Queries');
    await page.getByRole('grid', { name: 'Queries' }).getByText(sid).waitFor();
    await axe('queries');
    await screenshot(page, '42-queries');
    await go(page, `#/casebook/${sid}`);
    await page.getByRole('link', { name: /^Baseline: .*, 1 open query$/ }).waitFor();
    // …and in the subjects table's Queries column.
    await nav(page, 'Subjects');
    await page.getByRole('checkbox', { name: 'Open queries' }).check();
    await page.getByRole('grid').getByRole('row').filter({ hasText: sid }).getByText('1 open').waitFor();
  });

  it('the coordinator answers from the Queries screen and corrects the value with a reason', async () => {
    await as('coordinator');
    await nav(page, 'Queries');
    await page.getByRole('grid', { name: 'Queries' }).getByRole('row').filter({ hasText: sid }).first().click();
    const dlg = page.getByRole('dialog', { name: /^Queries: / });
    await dlg.getByLabel('Your answer').fill(ANSWER);
    await dlg.getByRole('button', { name: 'Send answer' }).click();
    await said(dlg, /answered/);
    await dlg.getByText('Answered', { exact: true }).waitFor();
    await dlg.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`/form/${sid}/screening/BASE/1/vas_pre`);
    const old = await page.locator('#field-vas_pre').inputValue();
    await fill(page, 'vas_pre', old === '7' ? '6' : '7');
    await page.keyboard.press('Control+s');
    const reason = page.getByRole('dialog', { name: 'Reason for change' });
    await reason.getByLabel('Reason for change').fill(REASON);
    await reason.getByRole('button', { name: 'Save with this reason' }).click();
    await toast(page, /saved as complete/);
  });

  it('the monitor closes the query and verifies the form', async () => {
    await as('monitor');
    await nav(page, 'Queries');
    await page.getByRole('grid', { name: 'Queries' }).getByRole('row').filter({ hasText: sid }).first().click();
    const dlg = page.getByRole('dialog', { name: /^Queries: / });
    await dlg.getByText(ANSWER).waitFor();
    await dlg.getByRole('textbox', { name: /^Message/ }).fill('Confirmed against the source.');
    await dlg.getByRole('button', { name: 'Close query' }).click();
    await said(dlg, /closed/);
    await dlg.getByText('Closed', { exact: true }).waitFor();
    await dlg.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Mark this form verified' }).click();
    await toast(page, /marked verified/);
    await page.getByRole('img', { name: 'Verified by monitor' }).waitFor();
    // The header still names who saved the data, and the verification apart (issue 11).
    await expect
      .poll(() => page.getByTestId('form-saved').innerText())
      .toMatch(new RegExp(`^Saved .+ by ${USERS.coordinator} · verified .+ by ${USERS.monitor}$`));
    expect(
      await fieldRow(page, 'vas_pre')
        .getByRole('button', { name: /: \d+ open$/ })
        .count(),
    ).toBe(0);
    // A whole casebook at once, from the casebook.
    await go(page, `#/casebook/${other}`);
    await page.getByRole('button', { name: 'Mark complete forms verified' }).click();
    // Confirmed with the count first (issue 11); Enter takes the default, "Mark N verified".
    const confirm = page.getByRole('dialog', { name: /^Mark \d+ forms? verified\?$/ });
    await confirm.waitFor();
    await axe('bulk verify confirmation');
    await page.keyboard.press('Enter');
    await toast(page, /forms? marked verified/);
  });

  it('the investigator signs the casebook with the password asked again', async () => {
    await as('investigator');
    await go(page, `#/casebook/${sid}`);
    await page.getByRole('button', { name: 'Sign the casebook' }).click();
    const dlg = page.getByRole('dialog', { name: /Sign the casebook/ });
    await dlg.getByText('“I attest that the data in this casebook are accurate”').waitFor();
    await dlg.getByText(/investigator user · Investigator/).waitFor();
    await dlg.getByLabel('Password').fill('not my password');
    await dlg.getByRole('button', { name: 'Sign', exact: true }).click();
    await dlg.getByText(/Wrong password/).waitFor();
    await dlg.getByLabel('Password').fill(PASSWORD);
    await axe('sign dialog');
    await dlg.getByRole('button', { name: 'Sign', exact: true }).click();
    const sig = page.getByRole('group', { name: 'Signature' });
    await sig.getByText(/Signed by investigator user/).waitFor();
    await sig.getByText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/).waitFor();
    await sig.getByText('Meaning: “I attest that the data in this casebook are accurate”').waitFor();
    await axe('casebook signed');
    await screenshot(page, '43-casebook-signed');
  });

  it('a later edit voids the signature, and the reason dialog says so', async () => {
    await go(page, `#/form/${sid}/screening/BASE/1`);
    await page.getByRole('heading', { name: 'Baseline' }).waitFor();
    await page
      .getByRole('note')
      .getByText(/Saving a change voids the signature/)
      .waitFor();
    const vas = await page.locator('#field-vas_pre').inputValue();
    await fill(page, 'vas_pre', vas === '8' ? '9' : '8');
    await page.keyboard.press('Control+s');
    const reason = page.getByRole('dialog', { name: 'Reason for change' });
    await reason.getByText(/voids the investigator’s signature/).waitFor();
    await reason.getByLabel('Reason for change').fill(LATER_REASON);
    await reason.getByRole('button', { name: 'Save with this reason' }).click();
    await toast(page, /the signature was voided/);
    await go(page, `#/casebook/${sid}`);
    await page.getByText('Not signed.').waitFor();
  });

  it('the audit viewer shows each step under a verified chain', async () => {
    await as('admin');
    await nav(page, 'Audit trail');
    await page.getByText(/^Audit trail verified: [\d,]+ rows, chain intact\.$/).waitFor();
    await page.getByLabel('Subject ID').fill(sid);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const grid = page.getByRole('grid', { name: 'Audit trail rows' });
    const row = (...texts: (string | RegExp)[]) =>
      texts.reduce((l, t) => l.filter({ hasText: t }), grid.getByRole('row'));
    await row('query.open', 'mona').first().waitFor();
    for (const [action, extra] of [
      ['query.reply', 'cora'],
      ['form.value', REASON],
      ['query.close', 'mona'],
      ['form.status', 'complete → verified'],
      ['signature.failed', 'ivan'],
      ['signature.sign', 'I attest that the data in this casebook are accurate'],
      ['signature.void', LATER_REASON],
    ] as const)
      expect(await row(action, extra).count(), `${action} with ${extra}`).toBeGreaterThan(0);
    await axe('audit viewer');
    await screenshot(page, '44-audit');
    // Filtering by action (prefix) and paging are main's.
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'Any signature action (signature.*)' }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(() =>
        grid
          .getByRole('row')
          .filter({ hasText: /form\.|query\./ })
          .count(),
      )
      .toBe(0);
    await row('signature.void').first().waitFor();
  });

  it('the export screen shows the rules, progress and the hash; the workbook is what it says', async () => {
    await as('coordinator');
    const polls: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/export.progress')) polls.push(r.url());
    });
    await nav(page, 'Export');
    await page.getByRole('heading', { name: 'Export the monthly submission' }).waitFor();
    await page.getByRole('table', { name: 'Rules of the safe-harbor profile' }).waitFor();
    await page.getByRole('radio', { name: /^identified/ }).check();
    await page.getByRole('alert').filter({ hasText: 'Identified export: contains PHI' }).waitFor();
    expect(await page.getByRole('button', { name: 'Write the workbook' }).isDisabled()).toBe(true);
    await axe('export (identified chosen)');
    await page
      .getByRole('radio', { name: /^safe-harbor/ })
      .first()
      .check();
    await page.getByRole('button', { name: 'Write the workbook' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Workbook written (safe-harbor)' });
    await done.waitFor({ timeout: 30_000 });
    expect(polls.length).toBeGreaterThan(0);
    const sha = (await done.getByLabel('SHA-256 of the file').innerText()).trim();
    workbook = (await done.locator('dd code').first().innerText()).trim();
    expect(workbook).toMatch(/SACRO_MMC_\d{4}-\d{2}_safe-harbor\.xlsx$/);
    expect(createHash('sha256').update(readFileSync(workbook)).digest('hex')).toBe(sha);
    await axe('export done');
    await screenshot(page, '45-export-done');
  });

  it('the Reports screen shows the numbers of the workbook Summary', async () => {
    const wb = await readSubmission(workbook);
    expect(wb.hashCheck.ok).toBe(true);
    const sum = wb.sheets.Summary!;
    const cell = (section: string, item: string, group: string) =>
      sum.find((r) => r.section === section && r.item === item && r.group === group);
    await nav(page, 'Reports');
    await page.getByRole('table', { name: 'Enrollment by stratum' }).waitFor();

    expect(await page.getByLabel(/^Enrolled in total: /).getAttribute('aria-label')).toBe(
      `Enrolled in total: ${cell('enrollment', 'total', 'ALL')!.n}`,
    );
    const strata = sum.filter((r) => r.section === 'enrollment' && r.item === 'by_stratum');
    expect(strata.length).toBeGreaterThan(1);
    const byStratum = page.getByRole('table', { name: 'Enrollment by stratum' });
    const stratumRows = await byStratum.getByRole('row').allInnerTexts();
    const counts = stratumRows.slice(1, 1 + strata.length).map((t) => Number(t.split('\t')[1]));
    expect(counts).toEqual(strata.map((r) => r.n));

    const outcome = page.getByRole('table', { name: /per stratum and time point/ });
    for (const r of sum.filter((x) => x.section === 'outcome' && x.item === 'vas_pre')) {
      const tr = outcome.locator(`tr[data-stratum="${String(r.group)}"][data-measure="vas_pre"]`);
      expect(await tr.locator('[data-col="n"]').innerText()).toBe(String(r.n));
      expect(await tr.locator('[data-col="mean"]').innerText()).toBe((r.value as number).toFixed(2));
      expect(await tr.locator('[data-col="sd"]').innerText()).toBe((r.sd as number).toFixed(2));
    }
    const comp = page.getByRole('table', { name: 'Complications per stratum' });
    for (const r of sum.filter((x) => x.section === 'complications')) {
      const col = r.item === 'major_events' ? 'major' : r.item === 'minor_events' ? 'minor' : null;
      if (col)
        expect(await comp.locator(`tr[data-stratum="${String(r.group)}"] [data-col="${col}"]`).innerText()).toBe(
          String(r.n),
        );
    }
    await axe('reports');
    await screenshot(page, '46-reports');
    // Print to PDF: a clean document (no navigation, no buttons), looked at as a picture.
    const pdf = join(tmp.dir, 'reports.pdf');
    writeFileSync(pdf, await page.pdf({ format: 'A4', printBackground: true }));
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', pdf, join(SCREENS_DIR, '47-reports-print')]);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('Complications');
  });

  it('the follow-up worklist (site roles) exports with a PHI warning and the file hash', async () => {
    await nav(page, 'Worklist');
    await page.getByRole('heading', { name: 'Follow-up worklist' }).waitFor();
    await page.getByText('Contains protected health information').waitFor();
    const table = page.getByRole('table', { name: /Follow-up visits due or overdue/ });
    await table.getByRole('row').nth(1).waitFor();
    await page.getByRole('button', { name: 'Export worklist (PHI)' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Worklist written' });
    await done.waitFor();
    expect(await done.locator('dd code').first().innerText()).toMatch(/_PHI\.xlsx$/);
    await axe('worklist');
    await screenshot(page, '48-worklist');
  });

  it('a monitor is not offered the identified profile', async () => {
    await as('monitor');
    await nav(page, 'Reports');
    await page.getByRole('link', { name: 'Export the submission' }).click();
    await page.getByRole('heading', { name: 'Export the monthly submission' }).waitFor();
    await page
      .getByRole('radio', { name: /^safe-harbor/ })
      .first()
      .waitFor();
    expect(await page.getByRole('radio', { name: /^identified/ }).count()).toBe(0);
    await axe('export (monitor)');
  });

  it('an administrator locks the data cut and unlocks one form with a reason; recovery code logs in', async () => {
    await as('admin');
    await nav(page, 'Lock data cut');
    await page.getByLabel('One subject only (subject ID; leave empty for the whole site)').fill(sid);
    await page.getByLabel(/^Reason/).fill('Data cut for the test submission');
    await axe('lock data cut');
    await page.getByRole('button', { name: `Lock the forms of ${sid}` }).click();
    await toast(page, /forms? locked for/);
    await go(page, `#/form/${sid}/screening/BASE/1`);
    await page.getByRole('img', { name: 'Locked' }).waitFor();
    await page.getByRole('button', { name: 'Unlock this form' }).click();
    const dlg = page.getByRole('dialog', { name: /^Unlock / });
    await dlg.getByLabel('Reason').fill('Correction requested by the sponsor');
    await dlg.getByRole('button', { name: 'Unlock' }).click();
    await toast(page, /unlocked/);
    // The subjects table with every status of the run: verified, signed, locked, voided back to complete.
    await nav(page, 'Subjects');
    await page.getByRole('grid').getByText(sid).waitFor();
    await screenshot(page, '40-subjects-statuses');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Forgot the password? Use the recovery code' }).click();
    await page.getByRole('heading', { name: 'Recover access' }).waitFor();
    await axe('recover');
    await page.getByLabel('Administrator user name').fill(USERS.admin);
    await page.getByLabel('Recovery code').fill(recoveryCode);
    await page.getByLabel(/^New password\s*\*?$/).fill('a brand new password');
    await page.getByLabel(/^New password again/).fill('a brand new password');
    await page.getByRole('button', { name: 'Set the new password and log in' }).click();
    // The used code is spent: the new one is shown once and must be confirmed before going on.
    await page.getByRole('heading', { name: 'Store the new recovery code' }).waitFor();
    const fresh = (await page.getByTestId('new-recovery-code').innerText()).trim();
    expect(fresh.length).toBeGreaterThan(16);
    expect(fresh).not.toBe(recoveryCode);
    await axe('new recovery code');
    await expect.poll(() => page.getByRole('button', { name: 'Continue' }).isDisabled()).toBe(true);
    await page.getByLabel('I have stored the new recovery code in a safe place').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Subjects', exact: true }).waitFor();
    expect(errors).toEqual([]);
  });
});
