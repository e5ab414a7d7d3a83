/**
 * The demo generator's published distributions, read from the study definition's
 * `demo.params` (issue 12) rather than kept in code: the share of the index indication
 * (`index_share`: k of n) and each pain score's mean and SD on the 0–10 scale, per indication
 * and time point. A definition that names this generator must state them all (zod, strict).
 */
import { z } from 'zod';
import { CrfError } from '../../../shared/errors';
import type { Study } from '../../../shared/protocol/load';
import { calibrateScale } from '../random';

const meanSd = z.tuple([z.number().min(0).max(10), z.number().positive()]);
const paramsSchema = z
  .object({
    index_share: z.tuple([z.number().int().min(0), z.number().int().positive()]),
    score_index_pre: meanSd,
    score_index_post1m: meanSd,
    score_index_post1y: meanSd,
    score_other_pre: meanSd,
    score_other_post1m: meanSd,
    score_other_post1y: meanSd,
  })
  .strict()
  .refine((p) => p.index_share[0] <= p.index_share[1], {
    message: 'index_share is k of n, k ≤ n',
    path: ['index_share'],
  });

type Scale = { mu: number; sigma: number };
export interface DemoParams {
  /** The share of subjects with the index indication. */
  indexShare: number;
  /** The normal distributions (before clamping to 0–10) that reproduce each published mean and SD. */
  score: Record<'index' | 'other', { pre: Scale; post1m: Scale; post1y: Scale }>;
}

export function demoParams(study: Study): DemoParams {
  const r = paramsSchema.safeParse(study.def.demo?.params ?? {});
  if (!r.success)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'demo.params',
      rule: 'demoParams',
      message: `The study ${study.def.id}'s demo.params: ${r.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ')}`,
    });
  const p = r.data;
  const scale = ([mean, sd]: [number, number]) => calibrateScale(mean, sd, 0, 10);
  return {
    indexShare: p.index_share[0] / p.index_share[1],
    score: {
      index: {
        pre: scale(p.score_index_pre),
        post1m: scale(p.score_index_post1m),
        post1y: scale(p.score_index_post1y),
      },
      other: {
        pre: scale(p.score_other_pre),
        post1m: scale(p.score_other_post1m),
        post1y: scale(p.score_other_post1y),
      },
    },
  };
}
