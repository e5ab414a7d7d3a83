/**
 * A seeded random source for the demo generator. Everything the demo writes is drawn from here,
 * never from Math.random, so a seed (with the same "today") reproduces the same database.
 */
import { xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/** FNV-1a over the seed's text: "1" and 1 are the same seed, as a CLI user would expect. */
export function seedHash(seed: string | number): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes a stream number into a seed (murmur3 finaliser), so neighbouring streams are unrelated. */
export function mixSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  private readonly gen: RandomGenerator;
  private spare: number | null = null;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = (this.gen.unsafeNext() >>> 0) >>> 5;
    const lo = (this.gen.unsafeNext() >>> 0) >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('pick from an empty list');
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Picks by weight: [[value, weight], ...]; weights need not sum to 1. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.float() * total;
    for (const [v, w] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    return choices[choices.length - 1]![0];
  }

  /** Several distinct items, in the list's order (how a coordinator ticks boxes). */
  subset<T>(items: readonly T[], p: number, atLeast = 1): T[] {
    const out = items.filter(() => this.chance(p));
    while (out.length < atLeast) {
      const x = this.pick(items);
      if (!out.includes(x)) out.push(x);
    }
    return items.filter((x) => out.includes(x));
  }

  /** Standard normal by Box–Muller (the second value of each pair is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }
}

/** Normal CDF via erf (Abramowitz & Stegun 7.1.26, error < 1.5e-7): ample for calibration. */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Mean and SD of round(X) clamped to [lo, hi] for X ~ N(mu, sigma), computed exactly. */
export function roundedClampedMoments(mu: number, sigma: number, lo: number, hi: number): { mean: number; sd: number } {
  let m1 = 0;
  let m2 = 0;
  for (let k = lo; k <= hi; k++) {
    const below = k === lo ? 0 : normalCdf((k - 0.5 - mu) / sigma);
    const above = k === hi ? 1 : normalCdf((k + 0.5 - mu) / sigma);
    const p = above - below;
    m1 += p * k;
    m2 += p * k * k;
  }
  return { mean: m1, sd: Math.sqrt(Math.max(0, m2 - m1 * m1)) };
}

/**
 * A VAS score is a rounded, clamped draw; clamping at 10 (or 0) pulls the mean inward, so the
 * latent normal is shifted and widened until the scores themselves have the published mean
 * and SD (e.g. 9.2 ± 1.1 needs a latent mean near 9.6).
 */
export function calibrateScale(mean: number, sd: number, lo: number, hi: number): { mu: number; sigma: number } {
  let mu = mean;
  let sigma = sd;
  for (let i = 0; i < 200; i++) {
    const got = roundedClampedMoments(mu, sigma, lo, hi);
    const dm = mean - got.mean;
    const ratio = got.sd > 0 ? sd / got.sd : 2;
    mu += dm;
    sigma = Math.min(20, Math.max(0.05, sigma * ratio));
    if (Math.abs(dm) < 1e-9 && Math.abs(ratio - 1) < 1e-9) break;
  }
  return { mu, sigma };
}

export function clampRound(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(x)));
}
