/**
 * A normal draw narrowed by the rule's own bounds (demo.fields[].normal.min/max): SACRO's cement
 * volumes stay 2–10 mL, as the published series, where the form itself accepts 0.5–30 mL.
 */
import { describe, expect, it } from 'vitest';
import { demoSpecSchema, type FieldDef } from '../../../shared/protocol/schema';
import { Rng } from '../random';
import { drawNumber } from './draw';

const cement = { id: 'cement_ml', type: 'decimal', min: 0.5, max: 30, decimals: 1, checks: [] } as unknown as FieldDef;
const score = { id: 'score', type: 'int', min: 0, max: 10, checks: [] } as unknown as FieldDef;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('a normal draw within the rule’s bounds', () => {
  it('keeps every value inside min–max, the field’s decimals kept, both bounds reached', () => {
    const rng = new Rng(7);
    const rule = { form: 'PROC', field: 'cement_ml', normal: { mean: 6.2, sd: 1.8, min: 2, max: 10 } };
    const xs = Array.from({ length: 4000 }, () => drawNumber(rng, cement, rule));
    expect(Math.min(...xs)).toBe(2);
    expect(Math.max(...xs)).toBe(10);
    for (const x of xs) expect(Math.round(x * 10) / 10).toBe(x);
    expect(Math.abs(mean(xs) - 6.2)).toBeLessThan(0.15);
    // Without the bounds the same draws fall outside 2–10 (about 1 in 100 below 2).
    const wide = Array.from({ length: 4000 }, () =>
      drawNumber(rng, cement, { ...rule, normal: { mean: 6.2, sd: 1.8 } }),
    );
    expect(wide.some((x) => x < 2 || x > 10)).toBe(true);
  });

  it('calibrates an integer on the narrowed range, so its draws keep the mean there', () => {
    const rng = new Rng(3);
    const rule = { form: 'F', field: 'score', normal: { mean: 3, sd: 1.5, min: 1, max: 6 } };
    const xs = Array.from({ length: 6000 }, () => drawNumber(rng, score, rule));
    expect(xs.every((x) => Number.isInteger(x) && x >= 1 && x <= 6)).toBe(true);
    expect(Math.abs(mean(xs) - 3)).toBeLessThan(0.1);
  });

  it('refuses bounds the wrong way round, naming the rule', () => {
    const r = demoSpecSchema.safeParse({
      fields: [{ form: 'PROC', field: 'cement_ml', normal: { mean: 6, sd: 1, min: 10, max: 2 } }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['fields.0.normal', 'min ≤ max']]);
  });
});
