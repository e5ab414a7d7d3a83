/**
 * The study summary (the workbook's Summary sheet; the Reports screen shows the same numbers):
 * enrollment, form completeness, the outcome before/after per stratum with a paired t-test,
 * category counts, complications, open queries and overdue follow-ups. Pure: it reads casebooks
 * one at a time and keeps only counters and outcome numbers, so 10,000 subjects stay small.
 */
import type { Casebook } from '../../shared/protocol/casebook';
import { resolveOne } from '../../shared/protocol/evaluate-core';
import type { Study } from '../../shared/protocol/load';
import { subjectDied, visitStatus } from '../../shared/protocol/visit-status';
import type { WindowState } from '../../shared/protocol/windows';
import type { SummarySpec } from '../../shared/protocol/schema';
import {
  complicationsPart,
  completenessPart,
  countsPart,
  enrollmentPart,
  outcomePart,
  type Part,
  type SubjectFacts,
} from './summary-parts';

export interface SummarySubject {
  subjectId: string;
  status: 'active' | 'withdrawn';
  /** Registration time (ISO timestamp): "enrolled this period" counts by it. */
  createdAt: string;
  casebook: Casebook;
  /** per form instance: its status, and the protocol version it was last saved under (ODM's MetaDataVersion) */
  formStatuses: { event: string; form: string; instance: number; status: string; version?: string | null }[];
}

export interface SummaryContext {
  /** The reporting period `YYYY-MM`. */
  period: string;
  /** The date follow-up windows are judged at (the data cut-off's date). */
  today: string;
  queries: { open: number; answered: number };
  /** Default: the study's own (its definition's `summary`). */
  spec?: SummarySpec;
}

export const ALL = 'ALL';

export interface OutcomeStat {
  measure: string;
  /** "Pain (VAS 0–10), before": the outcome and the time point, as the workbook's readers see it. */
  label: string;
  /** The outcome's own name ("Pain (VAS 0–10)") and the time point's ("before", "1 month"), kept apart. */
  outcome: string;
  point: string;
  stratum: string;
  n: number;
  mean: number | null;
  sd: number | null;
  /** Paired t-test against the pre value (subjects with both); null for the pre row. */
  pairedN: number | null;
  p: number | null;
}

export interface Summary {
  strata: { code: string; label: string }[];
  enrollment: {
    total: number;
    thisPeriod: number;
    withdrawn: number;
    byStratum: Record<string, number>;
    byMonth: { month: string; n: number }[];
  };
  completeness: { event: string; form: string; complete: number; expected: number }[];
  outcomes: OutcomeStat[];
  counts: { form: string; field: string; code: string; stratum: string; n: number }[];
  complications: { stratum: string; major: number; minor: number; subjectsWithMajor: number }[];
  queries: { open: number; answered: number };
  overdue: { event: string; n: number }[];
}

export { pairedTTest } from './summary-parts';

/**
 * The Summary built one subject at a time, so a caller can yield to the event loop between
 * subjects (a long export must not stall the app) without holding every casebook in memory.
 */
export function summaryAccumulator(
  study: Study,
  ctx: SummaryContext,
): { add(s: SummarySubject): void; finish(): Summary } {
  const def = study.def;
  const spec = ctx.spec ?? def.summary;
  const stratField = def.stratifyBy ? study.field(def.stratifyBy.form, def.stratifyBy.field) : null;
  const strata = [
    ...(stratField?.codes ?? []).map((c) => ({ code: c.code, label: c.label })),
    { code: ALL, label: 'All subjects' },
  ];
  // A window's state depends only on the event, the index date, whether it was entered and
  // whether the visit is still expected (the day is the cut-off's for the whole summary):
  // subjects share index dates, so each is worked out once, by the one visitStatus.
  const windowStates = new Map<string, WindowState>();
  const windowState = (eventId: string, indexDate: string | null, entered: boolean, gone: boolean): WindowState => {
    const key = `${eventId}|${indexDate ?? ''}|${entered ? 1 : 0}|${gone ? 1 : 0}`;
    let st = windowStates.get(key);
    if (st === undefined) {
      const facts = { indexDate, today: ctx.today, status: gone ? 'withdrawn' : 'active', died: () => false } as const;
      windowStates.set(key, (st = visitStatus(study, eventId, facts, { entered, visitDate: null }).state));
    }
    return st;
  };
  const enrollment = enrollmentPart(strata, ctx.period);
  const completeness = completenessPart(study, windowState);
  const outcomes = spec.outcome ? outcomePart(spec.outcome, strata) : null;
  const counts = countsPart(study, spec, strata);
  const complications = spec.complications ? complicationsPart(spec.complications, strata) : null;
  const parts: Part<unknown>[] = [
    enrollment,
    completeness,
    counts,
    ...(outcomes ? [outcomes] : []),
    ...(complications ? [complications] : []),
  ];

  const add = (s: SummarySubject): void => {
    const scope = { casebook: s.casebook };
    const sv = def.stratifyBy ? resolveOne(def.stratifyBy, scope) : null;
    const stratum = typeof sv === 'string' && strata.some((x) => x.code === sv) ? sv : null;
    const idx = resolveOne(def.indexDate, scope);
    const facts: SubjectFacts = {
      subject: s,
      scope,
      groups: stratum ? [stratum, ALL] : [ALL],
      indexDate: typeof idx === 'string' && idx !== '' ? idx : null,
      gone: s.status !== 'active' || subjectDied(study, s.casebook),
    };
    for (const p of parts) p.add(facts);
  };
  const finish = (): Summary => {
    const c = completeness.finish();
    return {
      strata,
      enrollment: enrollment.finish(),
      completeness: c.completeness,
      outcomes: outcomes?.finish() ?? [],
      counts: counts.finish(),
      complications: complications?.finish() ?? [],
      queries: ctx.queries,
      overdue: c.overdue,
    };
  };
  return { add, finish };
}

export function computeSummary(study: Study, subjects: Iterable<SummarySubject>, ctx: SummaryContext): Summary {
  const acc = summaryAccumulator(study, ctx);
  for (const s of subjects) acc.add(s);
  return acc.finish();
}
