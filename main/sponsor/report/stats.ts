/**
 * The statistics of the study tables: sample mean and SD, the paired difference with its 95%
 * confidence interval (t distribution, n − 1 df) and the two-sided paired t-test p. jStat gives
 * the t distribution; everything else is written out, so the test's independent recomputation
 * (DuckDB SQL) has nothing in common with it but the formula.
 */
import jStat from 'jstat';

export interface Described {
  n: number;
  mean: number | null;
  sd: number | null;
}

export function describe(xs: readonly number[]): Described {
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null };
  const m = xs.reduce((a, x) => a + x, 0) / n;
  if (n === 1) return { n, mean: m, sd: null };
  const ss = xs.reduce((a, x) => a + (x - m) * (x - m), 0);
  return { n, mean: m, sd: Math.sqrt(ss / (n - 1)) };
}

export interface PairedChange {
  n: number;
  meanChange: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
}

/** post − pre for the subjects with both. */
export function pairedChange(pairs: readonly [number, number][]): PairedChange {
  return pairedOf(describe(pairs.map(([pre, post]) => post - pre)));
}

/** The paired change from its differences described (the store's SQL path gives only these). */
export function pairedOf(d: Described): PairedChange {
  if (d.n < 2 || d.mean === null || d.sd === null)
    return { n: d.n, meanChange: d.mean, ciLow: null, ciHigh: null, p: null };
  const se = d.sd / Math.sqrt(d.n);
  const q = jStat.studentt.inv(0.975, d.n - 1);
  // A constant difference has no spread: the interval is the point and p is not defined.
  // The lower tail of −|t|, not 1 − cdf(|t|): the latter rounds to 0 for the study's large effects.
  const p = se === 0 ? null : Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(d.mean / se), d.n - 1));
  return { n: d.n, meanChange: d.mean, ciLow: d.mean - q * se, ciHigh: d.mean + q * se, p };
}

/** Rounding for the tables (the JSON keeps the same rounded figures as the workbook shows). */
export const round = (x: number | null, digits: number): number | null =>
  x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits;

export const pct = (n: number, of: number): number | null => (of > 0 ? round((100 * n) / of, 1) : null);

/** p to three significant figures; below 0.001 it stays a number (the workbook formats it). */
export const roundP = (p: number | null): number | null => (p === null ? null : Number(p.toPrecision(3)));
