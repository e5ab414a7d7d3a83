import { describe, expect, it } from 'vitest';
import { getStudy } from '../../../shared/studies/index';
import { fieldsByClass, lastMonth } from './model';

describe('export screen model', () => {
  it('defaults to the month just ended, across a year boundary', () => {
    expect(lastMonth(new Date(2026, 0, 15))).toBe('2025-12');
    expect(lastMonth(new Date(2026, 6, 1))).toBe('2026-06');
  });
  it('lists every PHI class with its fields from the protocol', () => {
    const byClass = fieldsByClass(getStudy('SACRO'));
    expect(byClass.map((c) => c.phi)).toEqual(['none', 'direct', 'date', 'birthdate', 'geo', 'freetext']);
    expect(byClass.find((c) => c.phi === 'birthdate')?.fields).toEqual(['REG.birth_date']);
  });
});
