import { describe, expect, it } from 'vitest';
import { demoSpecSchema } from '../../../shared/protocol/schema';
import { seedHash } from '../random';
import { quotaSubjects, scenarioSubjects } from './quota';

const ONE_IN_243 = { count: 1, per: 243, atLeastOneFrom: 50 };

describe('cohort quotas: exactly k per n subjects, at least one from m', () => {
  it('gives exactly the rounded share from the threshold on, at least one', () => {
    for (const n of [50, 51, 100, 243, 364]) expect(quotaSubjects(ONE_IN_243, seedHash(n), n).size).toBe(1);
    expect(quotaSubjects(ONE_IN_243, seedHash('x'), 365).size).toBe(2);
    expect(quotaSubjects(ONE_IN_243, seedHash('x'), 1000).size).toBe(4);
    expect(quotaSubjects({ count: 3, per: 10 }, seedHash('k'), 100).size).toBe(30);
  });

  it('spreads the chosen subjects one per equal stretch of the run', () => {
    const chosen = [...quotaSubjects({ count: 1, per: 100 }, seedHash('s'), 1000)].sort((a, b) => a - b);
    expect(chosen.map((i) => Math.floor(i / 100))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('below the threshold draws the count, at the published rate on average', () => {
    let total = 0;
    for (let s = 0; s < 2000; s++) total += quotaSubjects(ONE_IN_243, s, 30).size;
    // Expected 2000 × 30/243 ≈ 247; a binomial SD of about 15.
    expect(total).toBeGreaterThan(200);
    expect(total).toBeLessThan(300);
    expect(quotaSubjects({ count: 1, per: 1000 }, 1, 5).size).toBeLessThanOrEqual(1);
  });

  it('is the same for the same seed, and its scenarios are drawn apart from each other', () => {
    expect(quotaSubjects(ONE_IN_243, 7, 500)).toEqual(quotaSubjects(ONE_IN_243, 7, 500));
    const spec = demoSpecSchema.parse({ scenarios: { a: { per: 10 }, b: { per: 10 } } });
    const m = scenarioSubjects(spec, { seed: 7, size: 100 });
    expect(m.get('a')!.size).toBe(10);
    expect(m.get('b')!.size).toBe(10);
    expect([...m.get('a')!]).not.toEqual([...m.get('b')!]);
  });

  it('refuses a quota that cannot hold, naming its field and rule', () => {
    const r = demoSpecSchema.safeParse({ scenarios: { a: { count: 5, per: 2 }, b: { per: 2.5 } } });
    expect(r.success).toBe(false);
    const got = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(got).toEqual(['scenarios.a.count: count ≤ per', 'scenarios.b.per: per: a whole number']);
  });
});
