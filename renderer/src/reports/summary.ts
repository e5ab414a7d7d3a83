/**
 * The study summary as reports.summary sends it: the very object the workbook's Summary sheet is
 * written from (main/export/summary.ts computeSummary, flattened by sheet-summary.ts). The screen
 * shows its numbers with the workbook's rounding: means and SDs to 2 decimals (already rounded by
 * main), completeness as the fraction rounded to 3 decimals (shown as a percentage with 1), p to 3
 * significant digits.
 */
import type { OutcomeStat, Summary } from '../../../shared/ipc/views';

/** The workbook's completeness value: complete / expected rounded to 3 decimals (sheet-summary.ts). */
export function completenessFraction(complete: number, expected: number): number | null {
  return expected ? Math.round((complete / expected) * 1000) / 1000 : null;
}

export function pct(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`;
}

/** A mean or SD as main rounded it (2 decimals), shown with both decimals. */
export function stat(x: number | null): string {
  return x === null ? '—' : x.toFixed(2);
}

export function pValue(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? '< 0.001' : String(p);
}

export function stratumLabel(s: Summary, code: string): string {
  return s.strata.find((x) => x.code === code)?.label ?? code;
}

export interface OutcomeGroup {
  stratum: string;
  label: string;
  points: OutcomeStat[];
}

/** Outcomes per stratum, time points in the order main lists them (before, then each follow-up). */
export function outcomeGroups(s: Summary): OutcomeGroup[] {
  return s.strata.map((st) => ({
    stratum: st.code,
    label: st.label,
    points: s.outcomes.filter((o) => o.stratum === st.code),
  }));
}

/** The time points in the order main lists them, each with its short name and the full label. */
export function timeLabels(s: Summary): { measure: string; label: string; full: string }[] {
  const seen = new Map<string, { measure: string; label: string; full: string }>();
  for (const o of s.outcomes)
    if (!seen.has(o.measure)) seen.set(o.measure, { measure: o.measure, full: o.label, label: o.point });
  return [...seen.values()];
}

/** The outcome's name, as main sends it beside each measure. */
export function outcomeName(s: Summary): string {
  return s.outcomes[0]?.outcome ?? '';
}
