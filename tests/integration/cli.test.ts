/** The `sitecrf` command as a site scripts it: help on every verb, the README's entries file, one clear line on failure. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCasebook } from '../../main/services/casebook';
import { getForm } from '../../main/services/forms';
import { makeSite, PASSWORDS, sitecrf, type Site } from './site-fixture';

let site: Site;
beforeAll(() => (site = makeSite()));
afterAll(() => site.cleanup());

describe('sitecrf', () => {
  const verbs = [
    ['init'],
    ['user', 'add'],
    ['demo'],
    ['enter'],
    ['export'],
    ['read'],
    ['phi-scan'],
    ['backup'],
    ['restore'],
    ['audit', 'verify'],
  ];
  it.each(verbs)('%s %s --help describes the verb', (...verb) => {
    const r = sitecrf([...verb.filter(Boolean), '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Usage: sitecrf ${verb.filter(Boolean).join(' ')}`));
    expect(r.out).not.toMatch(/--password/);
  });

  it('applies the README example entries file, reports the rejected entry and exits non-zero', () => {
    const r = sitecrf(
      ['enter', '--db', site.path, '--user', 'coordinator', '--file', 'tests/fixtures/enter-example.json'],
      { SITECRF_PASSWORD: PASSWORDS.coordinator },
    );
    expect(r.code).toBe(1);
    const entries = (JSON.parse(readFileSync('tests/fixtures/enter-example.json', 'utf8')) as { entries: unknown[] })
      .entries;
    expect(JSON.parse(r.out)).toEqual({
      applied: entries.length - 1,
      alreadyApplied: 0,
      rejected: 1,
      notApplied: 0,
      stoppedAt: null,
      subjects: { A: 'MMC-0001' },
    });
    expect(r.err).toMatch(
      /rejected entry 9: subject MMC-0001 form BASE \(screening\) field vas_pre rule range: .*between 0 and 10/,
    );
    expect(r.err.trim().split('\n').pop()).toBe(
      'sitecrf: 1 of 9 entries rejected (listed above); the others were applied',
    );
    const s = site.login('coordinator');
    expect(getForm(s, { subjectId: 'MMC-0001', event: 'fu_1m', form: 'FU' }).values.vas_post).toBe(3);
    expect(getForm(s, { subjectId: 'MMC-0001', event: 'screening', form: 'BASE' }).values.vas_pre).toBe(9);
    expect(getCasebook(s, 'MMC-0001').events.find((e) => e.id === 'ae')!.forms).toHaveLength(1);
    s.close();
  });

  it('never takes a password from the command line, and says so when none is given', () => {
    const r = sitecrf(['audit', 'verify', '--db', site.path, '--user', 'admin']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/Password for admin: not given \(set the environment variable or run in a terminal\)/);
    expect(sitecrf(['audit', 'verify', '--db', site.path, '--user', 'admin', '--password', 'x']).err).toMatch(
      /unknown option '--password'/,
    );
  });

  it('refuses a wrong password with one clear line and exit code 4', () => {
    const r = sitecrf(['audit', 'verify', '--db', site.path, '--user', 'admin'], {
      SITECRF_PASSWORD: 'wrong-password-x',
    });
    expect(r.code).toBe(4);
    expect(r.err.trim()).toBe('sitecrf: Wrong user name or password');
  });

  it('backs up and restores with the recovery code on a new path; the copy verifies', () => {
    const out = join(site.dir, 'backup.sitecrf');
    expect(
      sitecrf(['backup', '--db', site.path, '--user', 'admin', '--out', out], { SITECRF_PASSWORD: PASSWORDS.admin })
        .code,
    ).toBe(0);
    const restored = join(site.dir, 'restored.sitecrf');
    const r = sitecrf(['restore', '--from', out, '--db', restored, '--user', 'admin', '--recovery'], {
      SITECRF_RECOVERY_CODE: site.recoveryCode,
    });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/audit trail verified/);
    expect(
      sitecrf(['audit', 'verify', '--db', restored, '--user', 'admin'], { SITECRF_PASSWORD: PASSWORDS.admin }).out,
    ).toMatch(/chain intact/);
    expect(readFileSync(restored).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('refuses the limited and identified exports to a monitor (exit 3, no file), not safe-harbor', () => {
    const out = join(site.dir, 'monitor-out');
    for (const profile of ['limited', 'identified']) {
      const r = sitecrf(
        ['export', '--db', site.path, '--user', 'monitor', '--period', '2026-10', '--profile', profile, '--out', out],
        {
          SITECRF_PASSWORD: PASSWORDS.monitor,
        },
      );
      expect(r.code, profile).toBe(3);
      expect(r.err.trim().split('\n'), profile).toHaveLength(1);
    }
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    const ok = sitecrf(['export', '--db', site.path, '--user', 'monitor', '--period', '2026-10', '--out', out], {
      SITECRF_PASSWORD: PASSWORDS.monitor,
    });
    expect(ok.code).toBe(0);
    expect(readdirSync(out)).toEqual(['SACRO_MMC_2026-10_safe-harbor.xlsx']);
  });

  it('phi-scan prints offsets and kinds, never the values', () => {
    const text = 'Pt Mary Johnson called 718-555-0142 on 3/14/2024.';
    const r = sitecrf(['phi-scan', '--spans'], {}, text);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/Johnson|555/);
    const spans = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { start: number; end: number; kind: string });
    expect(spans.map((x) => text.slice(x.start, x.end))).toEqual(['Mary Johnson', '718-555-0142', '3/14/2024']);
    expect(spans.map((x) => x.kind)).toEqual(['NAME', 'PHONE', 'DATE']);
  });
});
