import { describe, expect, it } from 'vitest';
import type { FormRecord } from '../../shared/protocol/casebook';
import { getStudy } from '../../shared/studies/index';
import { computeSummary, pairedTTest, type SummarySubject } from './summary';

const study = getStudy('SACRO');

function subject(
  n: number,
  indication: 'SIF' | 'LESION',
  pre: number,
  post1m: number | null,
  grades: string[] = [],
): SummarySubject {
  const forms: FormRecord[] = [
    { event: 'screening', form: 'ELIG', instance: 1, values: { indication } },
    { event: 'screening', form: 'BASE', instance: 1, values: { vas_pre: pre } },
    {
      event: 'procedure',
      form: 'PROC',
      instance: 1,
      values: { proc_date: '2026-01-10', hospitalization: n % 2 ? 'INPATIENT' : 'OUTPATIENT' },
    },
  ];
  if (post1m !== null)
    forms.push({
      event: 'fu_1m',
      form: 'FU',
      instance: 1,
      values: { fu_date: '2026-02-10', vital_status: 'ALIVE', vas_post: post1m },
    });
  grades.forEach((g, i) => forms.push({ event: 'ae', form: 'AE', instance: i + 1, values: { ae_grade: g } }));
  return {
    subjectId: `MMC-${String(n).padStart(4, '0')}`,
    status: 'active',
    createdAt: n < 3 ? '2026-10-05T10:00:00.000Z' : '2026-09-05T10:00:00.000Z',
    casebook: { subjectId: `MMC-${n}`, forms },
    formStatuses: forms.map((f) => ({ event: f.event, form: f.form, instance: f.instance, status: 'complete' })),
  };
}

describe('paired t-test', () => {
  it('gives the two-sided p of the t distribution (d = 1, 2, 3: t = 3.464, 2 df, p = 0.0742)', () => {
    expect(pairedTTest([0, 0, 0], [1, 2, 3])).toBeCloseTo(0.0742, 4);
  });
  it('has no p without variation or pairs', () => {
    expect(pairedTTest([1, 1], [2, 2])).toBeNull();
    expect(pairedTTest([1], [2])).toBeNull();
  });
});

describe('computeSummary', () => {
  const subjects = [
    subject(1, 'SIF', 9, 2, ['C']),
    subject(2, 'SIF', 10, 1),
    subject(3, 'SIF', 8, 3, ['A', 'B']),
    subject(4, 'LESION', 9, null, ['D']),
  ];
  const s = computeSummary(study, subjects, {
    period: '2026-10',
    today: '2026-11-01',
    queries: { open: 2, answered: 1 },
  });
  it('counts enrollment in total, this period and by indication', () => {
    expect(s.enrollment).toMatchObject({ total: 4, thisPeriod: 2, byStratum: { SIF: 3, LESION: 1, ALL: 4 } });
  });
  it('gives VAS mean, SD and n per indication with the paired p against before', () => {
    const sifPre = s.outcomes.find((o) => o.measure === 'vas_pre' && o.stratum === 'SIF')!;
    expect(sifPre).toMatchObject({ n: 3, mean: 9, sd: 1 });
    const sif1m = s.outcomes.find((o) => o.measure === 'vas_1m' && o.stratum === 'SIF')!;
    expect(sif1m).toMatchObject({ n: 3, mean: 2, sd: 1, pairedN: 3 });
    // d = -7, -9, -5: mean -7, sd 2, t = -6.06 with 2 df.
    expect(sif1m.p).toBeCloseTo(0.0262, 3);
    expect(s.outcomes.find((o) => o.measure === 'vas_1m' && o.stratum === 'LESION')).toMatchObject({
      n: 0,
      mean: null,
      pairedN: 0,
      p: null,
    });
  });
  it('counts major (C–F) and minor (A–B) complications per indication', () => {
    expect(s.complications.find((c) => c.stratum === 'SIF')).toMatchObject({
      major: 1,
      minor: 2,
      subjectsWithMajor: 1,
    });
    expect(s.complications.find((c) => c.stratum === 'LESION')).toMatchObject({ major: 1, minor: 0 });
  });
  it('counts hospitalization status, open queries and overdue follow-ups', () => {
    expect(s.counts.find((c) => c.code === 'INPATIENT' && c.stratum === 'ALL')?.n).toBe(2);
    expect(s.queries).toEqual({ open: 2, answered: 1 });
    // Procedure 2026-01-10: the 1-month window closed long before 2026-11-01 for the subject without FU.
    expect(s.overdue.find((o) => o.event === 'fu_1m')?.n).toBe(1);
  });
  it('counts completeness as complete-or-later over expected', () => {
    const fu = s.completeness.find((c) => c.event === 'fu_1m' && c.form === 'FU')!;
    expect(fu).toEqual({ event: 'fu_1m', form: 'FU', complete: 3, expected: 4 });
  });
});
