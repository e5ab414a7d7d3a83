/** `sitecrf export --review` / `--apply-review` (workbook and ODM) as a site scripts them (README, review.ts). */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, PASSWORDS, sitecrf, type Site } from './site-fixture';
import { xmllint } from '../support/xmllint';

let site: Site;
beforeAll(() => (site = makeSite()));
afterAll(() => site.cleanup());

const args = (user: string, extra: string[]): string[] => [
  'export',
  '--db',
  site.path,
  '--user',
  user,
  '--period',
  '2026-10',
  ...extra,
];

// Each test spawns the CLI several times (a cold tsx start each): generous time on a loaded machine.
const SPAWNS = 300_000;

describe('sitecrf export --review', () => {
  it(
    'writes the review readable by its owner only, never over a file, and only for safe-harbor-text',
    () => {
      const file = join(site.dir, 'review.json');
      const env = { SITECRF_PASSWORD: PASSWORDS.coordinator };
      const r = sitecrf(args('coordinator', ['--profile', 'safe-harbor-text', '--review', file]), env);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const review = JSON.parse(readFileSync(file, 'utf8')) as { format: string; items: unknown[] };
      expect(review.format).toBe('sitecrf-phi-review');
      expect(sitecrf(args('coordinator', ['--profile', 'safe-harbor-text', '--review', file]), env).err).toMatch(
        /already exists/,
      );
      expect(sitecrf(args('coordinator', ['--review', join(site.dir, 'r2.json')]), env).err).toMatch(
        /safe-harbor-text only/,
      );
    },
    SPAWNS,
  );

  it(
    'is refused to the monitor, and --apply-review exports with the reviewed file',
    () => {
      const file = join(site.dir, 'review-m.json');
      const m = sitecrf(args('monitor', ['--profile', 'safe-harbor-text', '--review', file]), {
        SITECRF_PASSWORD: PASSWORDS.monitor,
      });
      expect(m.code).toBe(3);
      const reviewed = join(site.dir, 'review.json');
      const out = join(site.dir, 'out');
      const r = sitecrf(args('admin', ['--profile', 'safe-harbor-text', '--apply-review', reviewed, '--out', out]), {
        SITECRF_PASSWORD: PASSWORDS.admin,
      });
      expect(r.err).toBe('');
      expect(readdirSync(out).some((f) => f.endsWith('_safe-harbor-text.xlsx'))).toBe(true);
      // The same reviewed file serves the ODM export, which validates.
      const odm = sitecrf(
        args('admin', ['--profile', 'safe-harbor-text', '--apply-review', reviewed, '--out', out, '--format', 'odm']),
        { SITECRF_PASSWORD: PASSWORDS.admin },
      );
      expect(odm.err).toBe('');
      const odmFile = join(
        out,
        readdirSync(out).find((f) => f.endsWith('_safe-harbor-text.odm.xml'))!,
      );
      const v = xmllint(odmFile);
      expect(v.ok, v.out).toBe(true);
      const broken = join(site.dir, 'broken.json');
      writeFileSync(broken, JSON.stringify({ format: 'sitecrf-phi-review', version: 1 }));
      expect(
        sitecrf(args('admin', ['--profile', 'safe-harbor-text', '--apply-review', broken, '--out', out]), {
          SITECRF_PASSWORD: PASSWORDS.admin,
        }).err,
      ).toMatch(/review file: study/);
    },
    SPAWNS,
  );
});
