/**
 * Values drawn for one field from its type, range and codes, shaped by the study's rule for it
 * where the demo section has one. A number stays inside the field's range and decimals; an
 * integer given a mean and SD is calibrated so the rounded, clamped draws have that mean and SD.
 */
import type { DemoFieldRule } from '../../../shared/protocol/demo-schema';
import type { FieldDef } from '../../../shared/protocol/schema';
import { calibrateScale, clampRound, type Rng } from '../random';

const calibrated = new Map<string, { mu: number; sigma: number }>();
function latent(mean: number, sd: number, lo: number, hi: number): { mu: number; sigma: number } {
  const key = `${mean}|${sd}|${lo}|${hi}`;
  let c = calibrated.get(key);
  if (!c) calibrated.set(key, (c = calibrateScale(mean, sd, lo, hi)));
  return c;
}

/** The field's range, narrowed by the rule's own bounds for a normal draw where it gives them. */
function bounds(f: FieldDef, rule: DemoFieldRule | undefined): [number, number] {
  const lo = Math.max(f.min ?? 0, rule?.normal?.min ?? -Infinity);
  const hi = Math.min(f.max ?? (f.min ?? 0) + 100, rule?.normal?.max ?? Infinity);
  return [lo, Math.max(lo, hi)];
}

export function drawNumber(rng: Rng, f: FieldDef, rule: DemoFieldRule | undefined): number {
  const [lo, hi] = bounds(f, rule);
  const places = f.type === 'int' ? 0 : (f.decimals ?? 1);
  const round = (x: number): number => {
    const k = 10 ** places;
    const r = Math.round(Math.min(hi, Math.max(lo, x)) * k) / k;
    // Rounding may step just outside a bound that has more decimals than the field.
    return r < lo ? r + 1 / k : r > hi ? r - 1 / k : r;
  };
  if (rule?.uniform)
    return f.type === 'int'
      ? rng.int(Math.ceil(Math.max(lo, rule.uniform.min)), Math.floor(Math.min(hi, rule.uniform.max)))
      : round(rule.uniform.min + rng.float() * (rule.uniform.max - rule.uniform.min));
  if (rule?.normal) {
    if (f.type === 'int' && f.min !== undefined && f.max !== undefined) {
      const c = latent(rule.normal.mean, rule.normal.sd, lo, hi);
      return clampRound(rng.normal(c.mu, c.sigma), lo, hi);
    }
    return round(rng.normal(rule.normal.mean, rule.normal.sd));
  }
  // No rule: around the middle of the range, as most measurements are.
  return round(rng.normal((lo + hi) / 2, (hi - lo) / 6));
}

export function codesOf(f: FieldDef): string[] {
  return f.type === 'yesno' ? ['Y', 'N'] : (f.codes ?? []).map((c) => c.code);
}

export function drawCode(rng: Rng, f: FieldDef, rule: DemoFieldRule | undefined): string {
  const codes = codesOf(f);
  const w = rule?.codes;
  return rng.weighted(codes.map((c) => [c, w ? (w[c] ?? 0) : 1] as const));
}

/** Ticked boxes: one of the study's weighted sets, or each code by its chance (default one in the number of codes), at least one. */
export function drawMulti(rng: Rng, f: FieldDef, rule: DemoFieldRule | undefined): string[] {
  const codes = codesOf(f);
  if (rule?.sets) {
    const set = rng.weighted(rule.sets.map((s) => [s.codes, s.weight] as const));
    return codes.filter((c) => set.includes(c));
  }
  const p = rule?.codes;
  const exclusive = new Set(f.checks.flatMap((c) => (c.rule === 'exclusiveCode' ? [c.code] : [])));
  let out = codes.filter((c) => rng.chance(p ? (p[c] ?? 0) : 1 / codes.length));
  // A code that excludes the others is kept only when it was the one ticked.
  if (out.length > 1) out = out.filter((c) => !exclusive.has(c));
  if (!out.length) {
    const pool = p ? codes.filter((c) => (p[c] ?? 0) > 0) : codes;
    out = [rng.pick(pool.length ? pool : codes)];
  }
  return out;
}
