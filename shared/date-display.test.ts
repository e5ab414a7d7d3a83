import { describe, expect, it } from 'vitest';
import { displayDate, displayDateTime } from './date-display';

describe('displayDate', () => {
  it('shows every accepted way of typing a date as YYYY-MM-DD', () => {
    expect(displayDate('03/14/2025')).toBe('2025-03-14');
    expect(displayDate('3/4/2025')).toBe('2025-03-04');
    expect(displayDate('2025-03-14')).toBe('2025-03-14');
    expect(displayDate(' 2025-03-14 ')).toBe('2025-03-14');
  });

  it('shows a timestamp as its UTC day', () => {
    expect(displayDate('2025-03-14T23:30:00.000-05:00')).toBe('2025-03-15');
  });

  it('never invents a date: what is not one shows as typed, blank as the placeholder', () => {
    expect(displayDate('13/45/2025')).toBe('13/45/2025');
    expect(displayDate('2025-02-30')).toBe('2025-02-30');
    expect(displayDate(null)).toBe('—');
    expect(displayDate('', '')).toBe('');
  });
});

describe('displayDateTime', () => {
  const at = '2025-03-14T09:05:07.123Z';
  it('shows a moment in UTC to the minute, or to the second on request', () => {
    expect(displayDateTime(at)).toBe('2025-03-14 09:05 UTC');
    expect(displayDateTime(at, { seconds: true })).toBe('2025-03-14 09:05:07 UTC');
    expect(displayDateTime(at, { zone: false })).toBe('2025-03-14 09:05');
    expect(displayDateTime(new Date(at))).toBe('2025-03-14 09:05 UTC');
  });

  it('converts an offset to UTC (one clock for every site)', () => {
    expect(displayDateTime('2025-03-14T23:30:00-05:00')).toBe('2025-03-15 04:30 UTC');
  });

  it('shows what is not a time as it came, and nothing as the placeholder', () => {
    expect(displayDateTime('soon')).toBe('soon');
    expect(displayDateTime(null)).toBe('—');
  });
});
