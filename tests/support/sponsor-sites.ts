/**
 * Site databases for the sponsor's tests: a real encrypted site (makeSite) with the export
 * fixture's people entered through the services, and its monthly submission as the site
 * exports it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProfileId } from '../../main/export/profiles';
import { exportSubmission } from '../../main/export/workbook-writer';
import type { SiteSession } from '../../main/services/session';
import { makeSite, type Site } from '../integration/site-fixture';
import { enterPerson, PEOPLE } from './export-fixture';

export interface SponsorSite {
  site: Site;
  coordinator: SiteSession;
  out: string;
  /** Exports the month's workbook (safe-harbor unless told) and gives its path. */
  submit(period: string, profile?: ProfileId): Promise<string>;
  close(): void;
}

export function sponsorSite(code: string, people = PEOPLE.slice(0, 3)): SponsorSite {
  const site = makeSite({ siteCode: code });
  const coordinator = site.login('coordinator');
  people.forEach((p, i) => enterPerson(coordinator, p, i));
  const out = mkdtempSync(join(tmpdir(), `sitecrf-${code}-out-`));
  return {
    site,
    coordinator,
    out,
    submit: async (period, profile) =>
      (await exportSubmission(coordinator, { period, outDir: out, profile: profile ?? 'safe-harbor' })).file,
    close: () => {
      coordinator.close();
      site.cleanup();
    },
  };
}
