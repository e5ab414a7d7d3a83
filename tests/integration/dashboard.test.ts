/** The subjects table agrees with each casebook: statuses, stratum, overdue follow-ups; names only for site staff. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../main/demo/index';
import { getCasebook } from '../../main/services/casebook';
import { subjectDashboard } from '../../main/services/dashboard';
import { makeSite, type Site } from './site-fixture';

let site: Site;
beforeAll(() => {
  site = makeSite();
  const s = site.login('coordinator');
  generateDemo(s, { subjects: 150, seed: 11 });
  s.close();
});
afterAll(() => site.cleanup());

describe('subjects table', () => {
  it('shows for every subject what its casebook shows', () => {
    const s = site.login('coordinator');
    const dash = subjectDashboard(s);
    expect(dash.rows).toHaveLength(150);
    const followUps = new Set(s.study.def.events.filter((e) => e.followUp).map((e) => e.id));
    let overdue = 0;
    for (const row of dash.rows) {
      const cb = getCasebook(s, row.subjectId);
      const expectOverdue =
        row.status === 'active'
          ? cb.events.filter((e) => followUps.has(e.id) && e.window.state === 'overdue').map((e) => e.id)
          : [];
      expect(row.overdue, row.subjectId).toEqual(expectOverdue);
      overdue += row.overdue.length;
      for (const ev of cb.events)
        for (const f of ev.forms)
          if (f.instance === 1 && f.status !== 'empty') expect(row.forms[`${ev.id}/${f.form}`]).toBe(f.status);
      expect(row.name).toBe(cb.identity?.name);
    }
    expect(overdue).toBeGreaterThan(0);
    expect(new Set(dash.rows.map((r) => r.stratum))).toEqual(new Set(['SIF', 'LESION']));
    s.close();
  });

  it('gives a monitor no names or record numbers', () => {
    const m = site.login('monitor');
    const row = subjectDashboard(m).rows[0]!;
    expect(row).not.toHaveProperty('name');
    expect(row).not.toHaveProperty('mrn');
    m.close();
  });
});
