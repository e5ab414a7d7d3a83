/**
 * Free text for a role without identified access, in Chromium (issue 14 item 4): the monitor sees a
 * follow-up note through the PHI scanner in the form, in the field's history and in the audit
 * viewer; site staff and the administrator see the note as entered on the same screens, so each
 * absence below is the redaction, not a screen that shows nothing.
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
import type { Role } from '../../shared/roles';
import { checkA11y, go, launch, loginAs, openApp, startTestHost, tempDir } from './harness';

const NOTE = 'Spoke with son Jose at 631-555-0123 about the visit';
const SECRETS = ['Jose', '631-555-0123'];

describe('the monitor reads free text through the scanner', () => {
  const tmp = tempDir('monitor-free-text');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let sid = '';
  const a11y: Record<string, number> = {};
  const as = (role: Role) => loginAs(page, USERS[role], PASSWORD);

  beforeAll(async () => {
    await siteWithUsers(tmp.dir);
    const s = unlockSiteDatabase(join(tmp.dir, `${DATABASE}.sitecrf`), {
      username: USERS.coordinator,
      password: PASSWORD,
    });
    try {
      generateDemo(s, { subjects: 8, seed: 5, batchSize: 8 });
      sid = subjectDashboard(s).rows.find((r) =>
        getCasebook(s, r.subjectId).events.some(
          (e) => e.id === 'fu_1m' && e.forms.some((f) => f.form === 'FU' && f.status !== 'empty'),
        ),
      )!.subjectId;
      expect(sid, 'a subject with a 1-month follow-up').toBeTruthy();
      const fu = getForm(s, { subjectId: sid, event: 'fu_1m', form: 'FU' });
      saveForm(s, {
        subjectId: sid,
        event: 'fu_1m',
        form: 'FU',
        instance: 1,
        values: { ...fu.values, fu_notes: NOTE },
        status: 'complete',
        reason: 'Call log added',
      });
    } finally {
      s.close();
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

  /** what the screen shows, with the values of its fields (a textarea's value is not in innerText) */
  const shown = (root = 'body') =>
    page.evaluate((sel) => {
      const el = document.querySelector(sel)!;
      const values = [...el.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value);
      return [(el as HTMLElement).innerText, ...values].join('\n');
    }, root);
  const openForm = async () => {
    await go(page, `#/form/${sid}/fu_1m/FU/1`);
    await page.getByRole('button', { name: 'History of Notes' }).waitFor();
  };
  const openHistory = async () => {
    await page.getByRole('button', { name: 'History of Notes' }).click();
    await page
      .getByRole('dialog', { name: 'History of Notes' })
      .getByText(/Spoke with son/)
      .first()
      .waitFor();
    return shown('[role="dialog"][aria-label="History of Notes"]');
  };
  const openAudit = async () => {
    await go(page, '#/audit');
    await page.getByLabel('Subject ID').fill(sid);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const grid = page.getByRole('grid', { name: 'Audit trail rows' });
    await grid
      .getByRole('row')
      .filter({ hasText: /Spoke with son/ })
      .first()
      .waitFor();
    return shown('[role="grid"][aria-label="Audit trail rows"]');
  };

  it('the coordinator sees the note as entered, in the form and its history', async () => {
    await as('coordinator');
    await openForm();
    expect(await shown()).toContain(NOTE);
    expect(await openHistory()).toContain(NOTE);
  });

  it('the administrator sees it as entered in the audit viewer', async () => {
    await as('admin');
    expect(await openAudit()).toContain(NOTE);
  });

  it('the monitor sees it redacted in the form, the field history and the audit viewer', async () => {
    await as('monitor');
    await openForm();
    const form = await shown();
    expect(form).toContain('Spoke with son');
    expect(form).toContain('[REDACTED');
    for (const x of SECRETS) expect(form, `form: ${x}`).not.toContain(x);
    const history = await openHistory();
    expect(history).toContain('[REDACTED');
    for (const x of SECRETS) expect(history, `history: ${x}`).not.toContain(x);
    a11y['field history (monitor)'] = await checkA11y(page, 'field history (monitor)');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'History of Notes' }).waitFor({ state: 'hidden' });
    const audit = await openAudit();
    expect(audit).toContain('[REDACTED');
    for (const x of SECRETS) expect(audit, `audit: ${x}`).not.toContain(x);
    expect(errors).toEqual([]);
  });
});
