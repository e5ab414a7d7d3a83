/**
 * CDISC ODM from the export screen, clicked through in Chromium (issue 12): the format choice,
 * the file names it will write, the audit trail offered only with a profile that keeps dates,
 * and files that validate against the official ODM 1.3.2 schema, recorded as disclosures.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { generateDemo } from '../../main/demo/index';
import { iterateSubjects, openSnapshot } from '../../main/export/source';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { DATABASE, PASSWORD, USERS, siteWithUsers } from '../support/ipc';
import { xmllint } from '../support/xmllint';
import { checkA11y, launch, loginAs, nav, openApp, screenshot, startTestHost, tempDir } from './harness';

describe('CDISC ODM on the export screen', () => {
  const tmp = tempDir('export-odm');
  let host: Host;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  /** the demo's names and record numbers: none may be in a safe-harbor file */
  let identifiers: string[];

  const dbFile = () => join(tmp.dir, `${DATABASE}.sitecrf`);
  function exports(): { profile: string; submission: number; file_name: string; sha256: string }[] {
    const s = unlockSiteDatabase(dbFile(), { username: USERS.admin, password: PASSWORD });
    try {
      return s.db.prepare('SELECT profile, submission, file_name, sha256 FROM exports ORDER BY id').all() as ReturnType<
        typeof exports
      >;
    } finally {
      s.close();
    }
  }

  beforeAll(async () => {
    await siteWithUsers(tmp.dir);
    const s = unlockSiteDatabase(dbFile(), { username: USERS.coordinator, password: PASSWORD });
    try {
      generateDemo(s, { subjects: 25, seed: 5 });
      // The direct identifiers as entered (stored encrypted: read through an export snapshot).
      const direct = new Set(
        s.study.def.forms.flatMap((f) => f.fields.filter((x) => x.phi === 'direct').map((x) => x.id)),
      );
      const snap = openSnapshot(s, new Date());
      try {
        identifiers = [...iterateSubjects(snap)].flatMap((sub) =>
          sub.casebook.forms.flatMap((f) =>
            Object.entries(f.values)
              .filter(([k, v]) => direct.has(k) && typeof v === 'string' && v.length > 2)
              .map(([, v]) => v as string),
          ),
        );
      } finally {
        snap.close();
      }
    } finally {
      s.close();
    }
    expect(identifiers.length, 'names and record numbers to look for').toBeGreaterThan(25);
    host = await startTestHost(tmp.dir);
    browser = await launch();
    ({ page, errors } = await openApp(browser, host.url));
    await loginAs(page, USERS.coordinator, PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });

  const fileOf = async (title: string) => {
    const done = page.getByRole('status').filter({ hasText: title });
    await done.waitFor({ timeout: 60_000 });
    return { file: (await done.locator('dd code').first().innerText()).trim(), text: await done.innerText() };
  };

  it('writes a safe-harbor ODM file that validates and carries no identifier', async () => {
    await nav(page, 'Export');
    await page.getByRole('heading', { name: 'Export the monthly submission' }).waitFor();
    await page.getByLabel('Reporting period (YYYY-MM)').fill('2026-08');
    await page.getByRole('radio', { name: /^CDISC ODM 1\.3\.2/ }).check();
    await page.getByText('SACRO_MMC_2026-08_safe-harbor.odm.xml', { exact: true }).waitFor();
    // Audit timestamps are dates: safe-harbor may not carry them.
    const audit = page.getByRole('checkbox', { name: /^Also the audit trail/ });
    expect(await audit.isDisabled()).toBe(true);
    await page.getByText('only a profile that keeps dates may write it').waitFor();
    await checkA11y(page, 'export screen, ODM');
    await screenshot(page, '52-export-odm');
    await page.getByRole('button', { name: 'Write the ODM file' }).click();
    const { file, text } = await fileOf('ODM file written (safe-harbor)');
    expect(text).toMatch(/25 subjects, \d+ forms/);
    expect(basename(file)).toBe('SACRO_MMC_2026-08_safe-harbor.odm.xml');
    const v = xmllint(file);
    expect(v.ok, v.out).toBe(true);
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<SubjectData SubjectKey="MMC-');
    for (const id of identifiers) expect(xml, id).not.toContain(`"${id}"`);
    expect(exports().at(-1)).toMatchObject({ profile: 'safe-harbor', submission: 0, file_name: basename(file) });
    expect(errors).toEqual([]);
  });

  it('writes the limited ODM file with its Transactional audit trail, both valid', async () => {
    await page.getByLabel('Reporting period (YYYY-MM)').fill('2026-09');
    await page.getByRole('radio', { name: /^limited/ }).check();
    const audit = page.getByRole('checkbox', { name: /^Also the audit trail/ });
    await audit.check();
    await page.getByText('SACRO_MMC_2026-09_limited_PHI_audit.odm.xml', { exact: true }).waitFor();
    const write = page.getByRole('button', { name: 'Write the ODM file' });
    // PHI: the confirmation first.
    expect(await write.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: /^I understand this file contains PHI/ }).check();
    await write.click();
    const data = await fileOf('ODM file written (limited)');
    const trail = await fileOf('Audit trail written (Transactional ODM)');
    expect(trail.text).toMatch(/\d+ audit records/);
    for (const f of [data.file, trail.file]) {
      const v = xmllint(f);
      expect(v.ok, `${f}: ${v.out}`).toBe(true);
    }
    expect(readFileSync(trail.file, 'utf8')).toContain('FileType="Transactional"');
    expect(exports().at(-1)).toMatchObject({
      profile: 'limited',
      submission: 0,
      file_name: `${basename(data.file)} + ${basename(trail.file)}`,
    });
    // Back to the workbook: the audit trail is no longer offered.
    await page.getByRole('radio', { name: /^Submission workbook/ }).check();
    expect(await audit.count()).toBe(0);
    await page.getByRole('button', { name: 'Write the workbook' }).waitFor();
    expect(errors).toEqual([]);
  });
});
