/**
 * A throw-away encrypted site for the demo planner's tests: a study definition, an admin and a
 * coordinator on a fixed clock, and the saved forms read back with their identifiers opened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProtocolInput } from '../../shared/protocol/schema';
import { openValues } from '../../main/services/identifier-values';
import type { SiteSession } from '../../main/services/session';
import { createSiteDatabase, unlockSiteDatabase } from '../../main/services/site-db';
import { addUser } from '../../main/services/users';

const FAST_KDF = { name: 'scrypt', N: 1024, r: 8, p: 1 } as const;
const CLOCK = (): Date => new Date(2026, 9, 20, 10, 30);

export interface DemoSite {
  coord: SiteSession;
  admin: SiteSession;
  dir: string;
}

export interface FormRow {
  subject: number;
  event: string;
  form: string;
  instance: number;
  status: string;
  values: Record<string, unknown>;
}

/** Sites made by `site`, removed together by `cleanup` (call it in afterAll). */
export function demoSites(): { site: (def: ProtocolInput, code?: string) => DemoSite; cleanup: () => void } {
  const dirs: string[] = [];
  return {
    site(def, code = 'AAA') {
      const dir = mkdtempSync(join(tmpdir(), 'sitecrf-mini-demo-'));
      dirs.push(dir);
      const path = join(dir, 'site.sitecrf');
      const admin = { username: 'admin', fullName: 'Ada Admin', password: 'admin-password-1' };
      createSiteDatabase({ path, siteCode: code, studyText: JSON.stringify(def), kdf: FAST_KDF, admin });
      const a = unlockSiteDatabase(path, admin, { clock: CLOCK });
      addUser(a, {
        username: 'coord',
        fullName: 'Carla Coordinator',
        role: 'coordinator',
        password: 'coord-password-1',
      });
      const coord = unlockSiteDatabase(path, { username: 'coord', password: 'coord-password-1' }, { clock: CLOCK });
      return { coord, admin: a, dir };
    },
    cleanup() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Every saved form in saving order, its values with the identifiers opened. */
export const formsOf = (s: SiteSession): FormRow[] =>
  (
    s.db.prepare('SELECT subject, event, form, instance, status, data FROM forms ORDER BY id').all() as (Omit<
      FormRow,
      'values'
    > & { data: string })[]
  ).map(({ data, ...r }) => ({
    ...r,
    values: openValues(s.identifierKey(), JSON.parse(data) as Record<string, unknown>),
  }));
