/**
 * SACRO's casebook plan written in code (subject.ts), wrapped as a Planner: the plug-in a study
 * names with `demo.generator: "sacro"` until its plan is data for the generic planner.
 */
import type { Study } from '../../../shared/protocol/load';
import type { Planner } from '../plan';
import { CrfError } from '../../../shared/errors';
import { quotaSubjects } from '../planner/quota';
import { demoParams } from './params';
import { planSubject, type Indication } from './subject';

/**
 * Which subjects carry the radicular pain needing decompression: the definition's
 * `demo.scenarios.radicular` quota (the published series had one in 243, and any demo of 50 or
 * more has one so the complication table always has its major event).
 */
export function radicularSubjects(study: Study, seed: number, n: number): Set<number> {
  const q = study.def.demo?.scenarios?.radicular;
  if (!q)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'demo.scenarios.radicular',
      rule: 'demoScenario',
      message: `The study ${study.def.id} names the sacro demo generator but has no demo.scenarios.radicular quota`,
    });
  return quotaSubjects(q, seed, n);
}

export function sacroPlanner(study: Study, run: { seed: number; size: number }): Planner {
  const params = demoParams(study);
  const radicular = radicularSubjects(study, run.seed, run.size);
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
