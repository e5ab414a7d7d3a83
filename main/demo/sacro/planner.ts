/**
 * SACRO's casebook plan written in code (subject.ts), wrapped as a Planner: the plug-in a study
 * names with `demo.generator: "sacro"` until its plan is data for the generic planner.
 */
import type { Study } from '../../../shared/protocol/load';
import type { Planner } from '../plan';
import { mixSeed, Rng } from '../random';
import { demoParams } from './params';
import { planSubject, type Indication } from './subject';

/** The published series had one surgical decompression among 243 patients. */
const RADICULAR_PER = 243;

/**
 * Which subjects carry the radicular pain needing decompression: about one per 243, and at
 * least one in any demo of 50 or more so the complication table always has its major event.
 */
export function radicularSubjects(seed: number, n: number): Set<number> {
  const rng = new Rng(mixSeed(seed, 0x7fffffff));
  const count = n >= 50 ? Math.max(1, Math.round(n / RADICULAR_PER)) : rng.chance(n / RADICULAR_PER) ? 1 : 0;
  const out = new Set<number>();
  for (let k = 0; k < count; k++) {
    const from = Math.floor((k * n) / count);
    const to = Math.floor(((k + 1) * n) / count) - 1;
    out.add(rng.int(from, to));
  }
  return out;
}

export function sacroPlanner(study: Study, run: { seed: number; size: number }): Planner {
  const params = demoParams(study);
  const radicular = radicularSubjects(run.seed, run.size);
  return (rng, ctx) => {
    const p = planSubject(rng, {
      today: ctx.today,
      geo: ctx.geo,
      radicular: radicular.has(ctx.index),
      mrns: ctx.mrns,
      indication: ctx.group as Indication | undefined,
      params,
    });
    const { indication, ...rest } = p;
    return { ...rest, group: indication };
  };
}
