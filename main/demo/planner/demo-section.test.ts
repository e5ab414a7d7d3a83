/**
 * The demo section's knowledge beyond distributions, on MINI (tests/fixtures/protocols/mini.ts):
 * cohort quotas (scenarios) and their own instances of a repeating form, copies of values planned
 * before, weighted visit days, and notes written from the visit's facts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { daysBetween } from '../../../shared/dates';
import { MINI } from '../../../tests/fixtures/protocols/mini';
import { demoSites, formsOf } from '../../../tests/support/demo-site';
import { generateDemo } from '../index';

const { site, cleanup } = demoSites();
afterAll(cleanup);

describe("the generic planner: the demo section's scenarios, chains and notes", () => {
  it("gives a scenario's rules to exactly its quota of subjects, spread over the run", () => {
    const def = structuredClone(MINI);
    def.demo = {
      // One heavy smoker per 40 subjects, and one in any run of 10 or more.
      scenarios: { heavy: { count: 1, per: 40, atLeastOneFrom: 10 } },
      fields: [
        { form: 'VISIT', field: 'smoker', scenario: 'heavy', value: 'Y' },
        { form: 'VISIT', field: 'smoker', value: 'N' },
      ],
      drafts: 0,
      withdrawn: 0,
    };
    const smokers = (n: number, seed: number): number[] => {
      const x = site(def);
      try {
        generateDemo(x.coord, { subjects: n, seed });
        const subjects = formsOf(x.coord).map((r) => r.subject);
        const first = Math.min(...subjects);
        const ys = formsOf(x.coord).filter((r) => r.form === 'VISIT' && r.values.smoker === 'Y');
        // As 0-based positions in the run, so they can be placed in its stretches.
        return [...new Set(ys.map((r) => r.subject - first))].sort((a, b) => a - b);
      } finally {
        x.coord.close();
        x.admin.close();
      }
    };
    const big = smokers(200, 4);
    expect(big.length).toBe(5);
    // One in each fifth of the run, not clustered by chance.
    expect(big.map((i) => Math.floor(i / 40))).toEqual([0, 1, 2, 3, 4]);
    expect(smokers(200, 4)).toEqual(big);
    expect(smokers(12, 5).length).toBe(1);
    expect(smokers(5, 6).length).toBeLessThanOrEqual(1);
  });

  it("adds a scenario's own instances of a repeating form, its rules shaping only those", () => {
    const def = structuredClone(MINI);
    def.demo = {
      scenarios: { quitting: { count: 1, per: 40, atLeastOneFrom: 10 } },
      fields: [
        { form: 'CONMED', field: 'drug', scenario: 'quitting', text: ['varenicline'] },
        { form: 'CONMED', field: 'drug', text: ['metformin'] },
      ],
      events: { anytime: { count: { '1': 1 }, scenarios: { quitting: 1 } } },
      drafts: 0,
      withdrawn: 0,
    };
    const x = site(def);
    try {
      generateDemo(x.coord, { subjects: 200, seed: 8 });
      const meds = formsOf(x.coord).filter((r) => r.form === 'CONMED');
      expect(meds.length).toBe(205);
      const quitting = meds.filter((m) => m.values.drug === 'varenicline');
      expect(quitting.length).toBe(5);
      for (const q of quitting) {
        const own = meds.filter((m) => m.subject === q.subject).map((m) => m.values.drug);
        // The subject's usual instance keeps the usual rule; the added one is the scenario's.
        expect(own).toEqual(['metformin', 'varenicline']);
      }
    } finally {
      x.coord.close();
      x.admin.close();
    }
  });

  it("writes notes from the visit's facts: earlier forms' values, code labels and phrase lists", () => {
    const def = structuredClone(MINI);
    def.demo = {
      fields: [
        {
          form: 'VISIT',
          field: 'visit_notes',
          fill: 1,
          text: ['Arm {ENROL.arm:label}, smoker {smoker:label}, enrolled {ENROL.enrol_date}. {@closing}'],
        },
        // A chain: still a smoker at week 4 exactly when one at baseline.
        {
          form: 'VISIT',
          event: 'week4',
          field: 'smoker',
          copy: { from: { form: 'VISIT', event: 'baseline', field: 'smoker' } },
        },
      ],
      // Week-4 visits mostly early in the window, a few late.
      events: {
        week4: {
          entered: 1,
          lost: 0,
          days: [
            { min: 22, max: 24, weight: 3 },
            { min: 33, max: 34, weight: 1 },
          ],
        },
      },
      phrases: { closing: ['Doing well.', 'Reviewed with {doctor}.'] },
      drafts: 0,
      withdrawn: 0,
    };
    const x = site(def);
    try {
      generateDemo(x.coord, { subjects: 40, seed: 3 });
      const rows = formsOf(x.coord);
      const arm = new Map(rows.filter((r) => r.form === 'ENROL').map((r) => [r.subject, r.values.arm]));
      const enrolled = new Map(rows.filter((r) => r.form === 'ENROL').map((r) => [r.subject, r.values.enrol_date]));
      const visits = rows.filter((r) => r.form === 'VISIT');
      expect(visits.length).toBeGreaterThan(40);
      const closings = new Set<string>();
      for (const v of visits) {
        const m = /^Arm (\w+), smoker (yes|no), enrolled (.+)\. (Doing well\.|Reviewed with Dr\. .+\.)$/.exec(
          String(v.values.visit_notes),
        );
        expect(m, String(v.values.visit_notes)).not.toBeNull();
        expect(m![1]).toBe(arm.get(v.subject) === 'A' ? 'Active' : 'Placebo');
        expect(m![2]).toBe(v.values.smoker === 'Y' ? 'yes' : 'no');
        // The enrolment date as a chart writes it: every shape carries the day of the month.
        const day = Number(String(enrolled.get(v.subject)).slice(8));
        expect(m![3]).toMatch(new RegExp(`(^|\\D)0?${day}(\\D|$)`));
        closings.add(m![4]!.slice(0, 8));
      }
      expect(closings).toEqual(new Set(['Doing we', 'Reviewed']));
      const atBaseline = new Map(
        visits.filter((v) => v.event === 'baseline').map((v) => [v.subject, v.values.smoker] as const),
      );
      const week4 = visits.filter((v) => v.event === 'week4');
      expect(week4.length).toBeGreaterThan(10);
      for (const v of week4) expect(v.values.smoker).toBe(atBaseline.get(v.subject));
      const baseDate = new Map(
        visits.filter((v) => v.event === 'baseline').map((v) => [v.subject, v.values.visit_date as string] as const),
      );
      const days = week4.map((v) => daysBetween(baseDate.get(v.subject)!, v.values.visit_date as string));
      for (const d of days) expect((d >= 22 && d <= 24) || d === 33 || d === 34).toBe(true);
      expect(days.some((d) => d <= 24) && days.some((d) => d >= 33)).toBe(true);
      expect(new Set(week4.map((v) => v.values.smoker))).toEqual(new Set(['Y', 'N']));
    } finally {
      x.coord.close();
      x.admin.close();
    }
  });
});
