/**
 * Cohort quotas (demo.scenarios): which subjects of a run carry a rare scenario, "exactly k per n
 * subjects, at least one when the run has m or more". Chosen once per run from the seed, not per
 * subject, so a rare event the paper reports once (SACRO's one decompression in 243) appears the
 * published number of times instead of by luck, and the same seed picks the same subjects.
 */
import type { DemoSpec } from '../../../shared/protocol/demo-schema';
import { mixSeed, Rng } from '../random';

export type Quota = NonNullable<DemoSpec['scenarios']>[string];

/** Each scenario's stream is salted apart; the first one's salt is the plug-in's historic one. */
const SALT = 0x7fffffff;

/**
 * The subjects (0-based run indexes) that carry the quota in a run of `size`. The chosen ones
 * are spread one per equal stretch of the run, so a network that shares a cohort out in blocks
 * gives them to different sites.
 */
export function quotaSubjects(q: Quota, seed: number, size: number, salt = 0): Set<number> {
  const rng = new Rng(mixSeed(seed, SALT - salt));
  const expected = (size * q.count) / q.per;
  const whole = Math.floor(expected);
  // Below the floor the count is drawn, so a small demo carries it at the published rate on average.
  const count =
    q.atLeastOneFrom !== undefined && size >= q.atLeastOneFrom
      ? Math.max(1, Math.round(expected))
      : whole + (rng.chance(expected - whole) ? 1 : 0);
  const out = new Set<number>();
  for (let k = 0; k < Math.min(count, size); k++) {
    const from = Math.floor((k * size) / count);
    const to = Math.floor(((k + 1) * size) / count) - 1;
    out.add(rng.int(from, Math.max(from, to)));
  }
  return out;
}

/** Every scenario of the demo section, each with its chosen subjects, salted by its order. */
export function scenarioSubjects(spec: DemoSpec, run: { seed: number; size: number }): Map<string, Set<number>> {
  return new Map(
    Object.entries(spec.scenarios ?? {}).map(([id, q], i) => [id, quotaSubjects(q, run.seed, run.size, i)] as const),
  );
}
