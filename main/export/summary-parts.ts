/**
 * The Summary's parts, each an accumulator with one job: it takes one subject at a time (with the
 * facts every part shares, worked out once per subject by summary.ts) and keeps only counters and
 * outcome numbers, so 10,000 subjects stay small.
 */
import jStat from 'jstat';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { todayIso } from '../../shared/dates';
import type { Casebook } from '../../shared/protocol/casebook';
import { resolveOne } from '../../shared/protocol/evaluate-core';
import type { Study } from '../../shared/protocol/load';
import type { SummarySpec } from '../../shared/protocol/schema';
import type { WindowState } from '../../shared/protocol/windows';
import { DONE_STATUSES } from '../../shared/status';
import type { OutcomeStat, Summary, SummarySubject } from './summary';

/** What every part needs of a subject, worked out once. */
export interface SubjectFacts {
  subject: SummarySubject;
  scope: { casebook: Casebook };
  /** the subject's stratum (if any) and ALL */
  groups: string[];
  indexDate: string | null;
  /** withdrawn or dead: a visit not entered is not expected of them */
  gone: boolean;
}

export interface Part<T> {
  add(f: SubjectFacts): void;
  finish(): T;
}

type Strata = Summary['strata'];
export type WindowStateOf = (eventId: string, indexDate: string | null, entered: boolean, gone: boolean) => WindowState;

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

/** Registrations: in total, this period, withdrawn, per stratum and per calendar month. */
export function enrollmentPart(strata: Strata, period: string): Part<Summary['enrollment']> {
  const enrollment = {
    total: 0,
    thisPeriod: 0,
    withdrawn: 0,
    byStratum: Object.fromEntries(strata.map((s) => [s.code, 0])) as Record<string, number>,
    byMonth: [] as { month: string; n: number }[],
  };
  const byMonth = new Map<string, number>();
  return {
    add({ subject: s, groups }) {
      enrollment.total++;
      if (s.status === 'withdrawn') enrollment.withdrawn++;
      const month = todayIso(new Date(s.createdAt)).slice(0, 7);
      if (month === period) enrollment.thisPeriod++;
      byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
      for (const g of groups) enrollment.byStratum[g] = (enrollment.byStratum[g] ?? 0) + 1;
    },
    finish() {
      enrollment.byMonth = [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([month, n]) => ({ month, n }));
      return enrollment;
    },
  };
}

/** Forms complete of those expected, per event and form; and follow-ups overdue, per event. */
export function completenessPart(
  study: Study,
  windowState: WindowStateOf,
): Part<{ completeness: Summary['completeness']; overdue: Summary['overdue'] }> {
  const def = study.def;
  const pairs = def.events.flatMap((ev) =>
    ev.forms.map((form) => ({ ev, form, repeating: ev.repeating || study.form(form).repeating })),
  );
  const completeness = pairs.map((p) => ({ event: p.ev.id, form: p.form, complete: 0, expected: 0 }));
  const followUps = def.events.filter((e) => e.followUp);
  const overdue = new Map<string, number>(followUps.map((e) => [e.id, 0]));
  return {
    add({ subject: s, indexDate, gone }) {
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
      if (!indexDate) return;
      for (const ev of followUps) {
        const entered = s.formStatuses.some((f) => f.event === ev.id && f.status !== 'draft');
        if (windowState(ev.id, indexDate, entered, gone) === 'overdue')
          overdue.set(ev.id, (overdue.get(ev.id) ?? 0) + 1);
      }
    },
    finish: () => ({ completeness, overdue: [...overdue].map(([event, n]) => ({ event, n })) }),
  };
}

/** The outcome before and at each time point per stratum, with a paired t-test against before. */
export function outcomePart(outcome: NonNullable<SummarySpec['outcome']>, strata: Strata): Part<OutcomeStat[]> {
  // stratum → measure → values; paired lists keep pre and post of the same subjects together.
  const values = new Map<
    string,
    { pre: number[]; post: Map<string, { all: number[]; pre: number[]; post: number[] }> }
  >();
  return {
    add({ scope, groups }) {
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
    },
    finish() {
      const outcomes: OutcomeStat[] = [];
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
      return outcomes;
    },
  };
}

/** Subjects per code of each counted field, per stratum (every code listed, zero or not). */
export function countsPart(study: Study, spec: SummarySpec, strata: Strata): Part<Summary['counts']> {
  const countMap = new Map<string, number>();
  return {
    add({ scope, groups }) {
      for (const ref of spec.counts) {
        const v = resolveOne(ref, scope);
        if (typeof v !== 'string') continue;
        for (const g of groups) {
          const key = `${ref.form}|${ref.field}|${v}|${g}`;
          countMap.set(key, (countMap.get(key) ?? 0) + 1);
        }
      }
    },
    finish() {
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
      return counts;
    },
  };
}

/** Major and minor complications per stratum, and subjects with a major one. */
export function complicationsPart(
  cx: NonNullable<SummarySpec['complications']>,
  strata: Strata,
): Part<Summary['complications']> {
  const comp = new Map<string, { major: number; minor: number; subjectsWithMajor: number }>(
    strata.map((s) => [s.code, { major: 0, minor: 0, subjectsWithMajor: 0 }]),
  );
  return {
    add({ subject: s, groups }) {
      const grades = s.casebook.forms.filter((f) => f.form === cx.form).map((f) => f.values[cx.gradeField]);
      const major = grades.filter((g) => typeof g === 'string' && cx.major.includes(g)).length;
      const minor = grades.filter((g) => typeof g === 'string' && cx.minor.includes(g)).length;
      for (const g of groups) {
        const c = comp.get(g)!;
        c.major += major;
        c.minor += minor;
        if (major > 0) c.subjectsWithMajor++;
      }
    },
    finish: () => strata.map((s) => ({ stratum: s.code, ...comp.get(s.code)! })),
  };
}
