/** A second, small study runs through the same engine, database and services with no code change. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStudy } from '../../shared/studies/index';
import { getCasebook } from '../../main/services/casebook';
import { subjectDashboard } from '../../main/services/dashboard';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { MINI } from '../fixtures/protocols/mini';
import { makeSite, type Site } from './site-fixture';

let site: Site;
beforeAll(() => {
  registerStudy(MINI);
  site = makeSite({ studyId: 'MINI', siteCode: 'AAA' });
});
afterAll(() => site.cleanup());

describe('the MINI study through the services', () => {
  it('registers, validates, saves and evaluates with its own forms, ids and rules', () => {
    const s = site.login('coordinator');
    const { subjectId } = registerSubject(s);
    expect(subjectId).toBe('AAA-0001');
    saveForm(s, {
      subjectId,
      event: 'baseline',
      form: 'ENROL',
      status: 'complete',
      values: { initials: 'JQ', dob: '1980-05-01', arm: 'A', enrol_date: '2025-03-01' },
    });
    saveForm(s, {
      subjectId,
      event: 'baseline',
      form: 'VISIT',
      status: 'complete',
      values: { visit_date: '2025-03-01', weight_kg: 80.3, smoker: 'N' },
    });
    // Its own range rule, by its own field name.
    expect(() =>
      saveForm(s, {
        subjectId,
        event: 'week4',
        form: 'VISIT',
        status: 'complete',
        values: { visit_date: '2025-03-29', weight_kg: 400, smoker: 'N' },
      }),
    ).toThrow(/Weight must be between 20 and 300/);
    // Its own show-if: packs_per_day is cleared when smoker = N.
    const r = saveForm(s, {
      subjectId,
      event: 'week4',
      form: 'VISIT',
      status: 'complete',
      values: { visit_date: '2025-04-20', weight_kg: 78.1, smoker: 'N', packs_per_day: 2 },
    });
    expect(r.form.values.packs_per_day ?? null).toBeNull();
    // Its own window (21–35 days): day 50 only warns.
    expect(r.form.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'visit_date', rule: 'window', severity: 'warning' })]),
    );
    // A repeating form of its own.
    const cm = saveForm(s, {
      subjectId,
      event: 'anytime',
      form: 'CONMED',
      status: 'complete',
      values: { drug: 'metformin', cm_start: '2025-03-02', ongoing: 'Y' },
    });
    expect(cm.form.instance).toBe(1);
    const cb = getCasebook(s, subjectId);
    expect(cb.derived.weight_change).toBeCloseTo(-2.2, 5);
    expect(cb.derived.age_at_enrol).toBe(44);
    expect(cb.events.map((e) => e.id)).toEqual(['baseline', 'week4', 'anytime']);
    expect(subjectDashboard(s).columns.map((c) => c.key)).toEqual([
      'baseline/ENROL',
      'baseline/VISIT',
      'week4/VISIT',
      'anytime/CONMED',
    ]);
    s.close();
  });
});
