/**
 * The study summary (the workbook's Summary sheet; the Reports screen shows the same numbers):
 * enrollment, form completeness, the outcome before/after per stratum with a paired t-test,
 * category counts, complications, open queries and overdue follow-ups. Pure: it reads casebooks
 * one at a time and keeps only counters and outcome numbers, so 10,000 subjects stay small.
 */
import jStat from 'jstat';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { todayIso } from '../../shared/dates';
import type { Casebook } from '../../shared/protocol/casebook';
import { resolveOne } from '../../shared/protocol/evaluate-core';
import type { Study } from '../../shared/protocol/load';
import { subjectDied, visitStatus } from '../../shared/protocol/visit-status';
import type { WindowState } from '../../shared/protocol/windows';
import type { SummarySpec } from '../../shared/protocol/schema';
import { DONE_STATUSES } from '../../shared/status';

export interface SummarySubject {
  subjectId: string;
  status: 'active' | 'withdrawn';
  /** Registration time (ISO timestamp): "enrolled this period" counts by it. */
  createdAt: string;
  casebook: Casebook;
  formStatuses: { event: string; form: string; instance: number; status: string }[];
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

const DONE: ReadonlySet<string> = new Set(DONE_STATUSES);
const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Two-sided p of a paired t-test: mean and sample SD of the differences from simple-statistics,
 * the t distribution (n − 1 df) from jStat. Not simple-statistics' tTest: it divides by the
 * population SD, which overstates t for the small strata of a registry.
 */
export function pairedTTest(pre: number[], post: number[]): number | null {
  const d = post.map((x, i) => x - pre[i]!);
  if (d.length < 2) return null;
  const sd = sampleStandardDeviation(d);
  if (sd === 0) return null;
  const t = mean(d) / (sd / Math.sqrt(d.length));
  return 2 * (1 - jStat.studentt.cdf(Math.abs(t), d.length - 1));
}

function describe(xs: number[]): { n: number; mean: number | null; sd: number | null } {
  return {
    n: xs.length,
    mean: xs.length ? round(mean(xs), 2) : null,
    sd: xs.length > 1 ? round(sampleStandardDeviation(xs), 2) : null,
  };
}

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
  const pairs = def.events.flatMap((ev) =>
    ev.forms.map((form) => ({ ev, form, repeating: ev.repeating || study.form(form).repeating })),
  );
  const completeness = pairs.map((p) => ({ event: p.ev.id, form: p.form, complete: 0, expected: 0 }));
  const enrollment = {
    total: 0,
    thisPeriod: 0,
    withdrawn: 0,
    byStratum: Object.fromEntries(strata.map((s) => [s.code, 0])) as Record<string, number>,
    byMonth: [] as { month: string; n: number }[],
  };
  // Registrations per calendar month (the enrollment-over-time chart and the Summary sheet).
  const byMonth = new Map<string, number>();
  const outcome = spec.outcome;
  // stratum → measure → values; paired lists keep pre and post of the same subjects together.
  const values = new Map<
    string,
    { pre: number[]; post: Map<string, { all: number[]; pre: number[]; post: number[] }> }
  >();
  const countMap = new Map<string, number>();
  const comp = new Map<string, { major: number; minor: number; subjectsWithMajor: number }>(
    strata.map((s) => [s.code, { major: 0, minor: 0, subjectsWithMajor: 0 }]),
  );
  const followUps = def.events.filter((e) => e.followUp);
  const overdue = new Map<string, number>(followUps.map((e) => [e.id, 0]));
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

  const add = (s: SummarySubject): void => {
    const scope = { casebook: s.casebook };
    const sv = def.stratifyBy ? resolveOne(def.stratifyBy, scope) : null;
    const stratum = typeof sv === 'string' && strata.some((x) => x.code === sv) ? sv : null;
    const groups = stratum ? [stratum, ALL] : [ALL];
    enrollment.total++;
    if (s.status === 'withdrawn') enrollment.withdrawn++;
    const month = todayIso(new Date(s.createdAt)).slice(0, 7);
    if (month === ctx.period) enrollment.thisPeriod++;
    byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
    for (const g of groups) enrollment.byStratum[g] = (enrollment.byStratum[g] ?? 0) + 1;

    const idx = resolveOne(def.indexDate, scope);
    const indexDate = typeof idx === 'string' && idx !== '' ? idx : null;
    const dead = subjectDied(study, s.casebook);
    // Withdrawn or dead: a visit not entered is not expected of them.
    const gone = s.status !== 'active' || dead;
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i]!;
      const c = completeness[i]!;
      // This pair's forms: how many, and how many complete or later (no arrays made per subject).
      let n = 0;
      let nDone = 0;
      for (const f of s.formStatuses) {
        if (f.event !== p.ev.id || f.form !== p.form) continue;
        n++;
        if (DONE.has(f.status)) nDone++;
      }
      if (p.repeating) {
        c.expected += n;
        c.complete += nDone;
        continue;
      }
      let expected = n > 0;
      if (!expected && s.status === 'active') {
        if (!p.ev.followUp) expected = true;
        else {
          const w = windowState(p.ev.id, indexDate, false, gone);
          expected = w === 'due' || w === 'overdue';
        }
      }
      if (expected) c.expected++;
      if (nDone > 0) c.complete++;
    }
    if (indexDate) {
      for (const ev of followUps) {
        const entered = s.formStatuses.some((f) => f.event === ev.id && f.status !== 'draft');
        if (windowState(ev.id, indexDate, entered, gone) === 'overdue')
          overdue.set(ev.id, (overdue.get(ev.id) ?? 0) + 1);
      }
    }

    if (outcome) {
      const pre = resolveOne(outcome.pre, scope);
      const posts = outcome.post.map((m) => resolveOne(m.ref, scope));
      for (const g of groups) {
        let v = values.get(g);
        if (!v) values.set(g, (v = { pre: [], post: new Map() }));
        if (typeof pre === 'number') v.pre.push(pre);
        outcome.post.forEach((m, k) => {
          const post = posts[k];
          let pm = v.post.get(m.id);
          if (!pm) v.post.set(m.id, (pm = { all: [], pre: [], post: [] }));
          if (typeof post !== 'number') return;
          pm.all.push(post);
          if (typeof pre === 'number') {
            pm.pre.push(pre);
            pm.post.push(post);
          }
        });
      }
    }
    for (const ref of spec.counts) {
      const v = resolveOne(ref, scope);
      if (typeof v !== 'string') continue;
      for (const g of groups) {
        const key = `${ref.form}|${ref.field}|${v}|${g}`;
        countMap.set(key, (countMap.get(key) ?? 0) + 1);
      }
    }
    if (spec.complications) {
      const cx = spec.complications;
      const grades = s.casebook.forms.filter((f) => f.form === cx.form).map((f) => f.values[cx.gradeField]);
      const major = grades.filter((g) => typeof g === 'string' && cx.major.includes(g)).length;
      const minor = grades.filter((g) => typeof g === 'string' && cx.minor.includes(g)).length;
      for (const g of groups) {
        const c = comp.get(g)!;
        c.major += major;
        c.minor += minor;
        if (major > 0) c.subjectsWithMajor++;
      }
    }
  };
  const finish = (): Summary => {
    enrollment.byMonth = [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([month, n]) => ({ month, n }));

    const outcomes: OutcomeStat[] = [];
    if (outcome) {
      for (const st of strata) {
        const v = values.get(st.code) ?? { pre: [], post: new Map() };
        outcomes.push({
          measure: `${outcome.id}_pre`,
          label: `${outcome.label}, ${outcome.preLabel}`,
          outcome: outcome.label,
          point: outcome.preLabel,
          stratum: st.code,
          ...describe(v.pre),
          pairedN: null,
          p: null,
        });
        for (const m of outcome.post) {
          const pm = v.post.get(m.id) ?? { all: [], pre: [], post: [] };
          const p = pairedTTest(pm.pre, pm.post);
          outcomes.push({
            measure: `${outcome.id}_${m.id}`,
            label: `${outcome.label}, ${m.label}`,
            outcome: outcome.label,
            point: m.label,
            stratum: st.code,
            ...describe(pm.all),
            pairedN: pm.pre.length,
            p: p === null ? null : Number(p.toPrecision(3)),
          });
        }
      }
    }
    const counts: Summary['counts'] = [];
    for (const ref of spec.counts) {
      const f = study.field(ref.form, ref.field);
      for (const code of f.codes ?? [])
        for (const st of strata)
          counts.push({
            form: ref.form,
            field: ref.field,
            code: code.code,
            stratum: st.code,
            n: countMap.get(`${ref.form}|${ref.field}|${code.code}|${st.code}`) ?? 0,
          });
    }
    return {
      strata,
      enrollment,
      completeness,
      outcomes,
      counts,
      complications: spec.complications ? strata.map((s) => ({ stratum: s.code, ...comp.get(s.code)! })) : [],
      queries: ctx.queries,
      overdue: [...overdue].map(([event, n]) => ({ event, n })),
    };
  };
  return { add, finish };
}

export function computeSummary(study: Study, subjects: Iterable<SummarySubject>, ctx: SummaryContext): Summary {
  const acc = summaryAccumulator(study, ctx);
  for (const s of subjects) acc.add(s);
  return acc.finish();
}
