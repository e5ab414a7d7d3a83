import { describe, expect, it } from 'vitest';
import type { Summary } from '../../../shared/ipc/views';
import { completenessFraction, outcomeName, pct, pValue, stat, timeLabels } from './summary';

const s = {
  strata: [
    { code: 'A', label: 'Alpha' },
    { code: 'ALL', label: 'All subjects' },
  ],
  outcomes: [
    {
      measure: 'vas_pre',
      label: 'Pain, worst (VAS 0–10), before',
      outcome: 'Pain, worst (VAS 0–10)',
      point: 'before',
      stratum: 'A',
      n: 3,
      mean: 9.2,
      sd: 1.1,
      pairedN: null,
      p: null,
    },
    {
      measure: 'vas_1m',
      label: 'Pain, worst (VAS 0–10), 1 month, day 30',
      outcome: 'Pain, worst (VAS 0–10)',
      point: '1 month, day 30',
      stratum: 'A',
      n: 3,
      mean: 1.9,
      sd: 1.7,
      pairedN: 3,
      p: 0.000123,
    },
  ],
} as unknown as Summary;

describe('report numbers', () => {
  it('rounds completeness as the workbook does and shows it as a percentage', () => {
    expect(completenessFraction(6, 7)).toBe(0.857);
    expect(pct(completenessFraction(6, 7))).toBe('85.7%');
    expect(completenessFraction(0, 0)).toBeNull();
  });
  it('shows means and SDs with two decimals, p below 0.001 as such', () => {
    expect(stat(9.2)).toBe('9.20');
    expect(stat(null)).toBe('—');
    expect(pValue(0.000123)).toBe('< 0.001');
    expect(pValue(0.0412)).toBe('0.0412');
  });
  it('takes time points and the outcome name as main sends them, even with commas in them', () => {
    expect(timeLabels(s).map((t) => t.label)).toEqual(['before', '1 month, day 30']);
    expect(outcomeName(s)).toBe('Pain, worst (VAS 0–10)');
  });
});
