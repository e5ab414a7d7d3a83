/** One benchmark figure with the floor the hardware and libraries set, measured in the same run. */
export interface Measure {
  name: string;
  value: number;
  unit: string;
  /** What the same work costs at the bottom of the stack (null where no floor applies). */
  floor: number | null;
  /** value / floor (for rates: floor / value), so lower is always better; null without a floor. */
  ratio: number | null;
  target: string;
  pass: boolean;
  note?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function timeMs(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export async function timeMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

export function measure(m: Omit<Measure, 'ratio'> & { ratio?: number | null }): Measure {
  const ratio = m.ratio !== undefined ? m.ratio : m.floor ? m.value / m.floor : null;
  return {
    ...m,
    value: round(m.value, 3),
    floor: m.floor === null ? null : round(m.floor, 3),
    ratio: ratio === null ? null : round(ratio, 2),
  };
}
