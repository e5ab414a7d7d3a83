/** What a planner hands to generateDemo: one subject's casebook as the saves a coordinator makes. */
import type { FieldValue } from '../../shared/protocol/schema';
import type { SiteGeo } from './names';
import type { Rng } from './random';

export type Values = Record<string, FieldValue>;

export interface PlannedSave {
  event: string;
  form: string;
  values: Values;
  status: 'draft' | 'complete';
}

export interface SubjectPlan {
  /** The subject's code of the study's grouping field (`stratifyBy`), when it has one. */
  group: string | null;
  saves: PlannedSave[];
  dead: boolean;
  lost: boolean;
  /** Instances of repeating forms (adverse events, medications…). */
  aes: number;
  /** Set for the few subjects withdrawn after entry (a duplicate, an ineligible chart). */
  withdrawReason?: string;
}

export interface PlanContext {
  /** The site's calendar date: every date is relative to it and none is after it. */
  today: string;
  geo: SiteGeo;
  /** Record numbers already used in this run: one names one patient. */
  mrns: Set<string>;
  /** A cohort with fixed counts per group (the demo network) sets it; otherwise drawn. */
  group?: string;
  /** The subject's number in its cohort (plug-ins that place rare events use it). */
  index: number;
}

export type Planner = (rng: Rng, ctx: PlanContext) => SubjectPlan;
