/**
 * Issue 10 attack 7: the key file's wrong-password counters cannot be trusted (a failed login
 * knows no secret), so a forged or malformed counter locks for the longest wait, is reported
 * once in the audit trail, and never becomes login.failed rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readKeyFile, writeKeyFile } from '../../main/db/keyslots';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { makeSite, PASSWORDS, type Site } from './site-fixture';

let site: Site;
afterEach(() => site?.cleanup());

const count = (s: ReturnType<Site['login']>, action: string): number =>
  (s.db.prepare('SELECT count(*) AS n FROM audit WHERE action = ?').get(action) as { n: number }).n;

describe('forged failure counters (attack 7)', () => {
  it('treats a garbage `last` as the strictest lockout, not as no lockout', () => {
    site = makeSite();
    const kf = readKeyFile(site.path);
    kf.failures.coordinator = { count: 9, last: 'garbage', pending: [] };
    writeKeyFile(site.path, kf);
    expect(() => site.login('coordinator')).toThrow(
      /Too many wrong passwords for coordinator: try again in 900 seconds/,
    );
    const later = new Date(Date.now() + 901_000);
    const s = unlockSiteDatabase(
      site.path,
      { username: 'coordinator', password: PASSWORDS.coordinator },
      { now: later },
    );
    const row = s.db.prepare(`SELECT detail FROM audit WHERE action = 'keyfile.tampered'`).get() as { detail: string };
    expect(JSON.parse(row.detail)).toMatchObject({ counter: 'coordinator' });
    expect(s.warnings.join('\n')).toMatch(/counter of coordinator .* tampered/);
    s.close();
  });

  it('rejects 200,000 forged pending rows: none reaches the trail, one report does, the user is locked', () => {
    site = makeSite();
    const kf = readKeyFile(site.path);
    const at = new Date(Date.now() - 60_000).toISOString();
    kf.failures.monitor = { count: 200_000, last: at, pending: Array.from({ length: 200_000 }, () => at) };
    // A plausible-looking forgery: pending rows dated after the counter's last failure.
    kf.failures.investigator = { count: 2, last: at, pending: [at, new Date().toISOString()] };
    writeKeyFile(site.path, kf);
    const s = site.login('admin');
    expect(count(s, 'login.failed')).toBe(0);
    const reports = (
      s.db.prepare(`SELECT detail FROM audit WHERE action = 'keyfile.tampered'`).all() as { detail: string }[]
    ).map((r) => JSON.parse(r.detail) as { counter: string; problem: string });
    expect(reports.map((r) => r.counter).sort()).toEqual(['investigator', 'monitor']);
    s.close();
    expect(() => site.login('monitor')).toThrow(/Too many wrong passwords for monitor/);
    // Reported once: the next login adds no second report.
    const again = site.login('admin');
    expect(count(again, 'keyfile.tampered')).toBe(2);
    again.close();
  });

  it('still writes real failures into the trail at the next login', () => {
    site = makeSite();
    for (let i = 0; i < 3; i++)
      expect(() => site.login('coordinator', `wrong-${i}-password`)).toThrow(/Wrong user name/);
    const s = site.login('admin');
    expect(count(s, 'login.failed')).toBe(3);
    expect(count(s, 'keyfile.tampered')).toBe(0);
    s.close();
  });
});
