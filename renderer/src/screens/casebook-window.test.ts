import { describe, expect, it } from 'vitest';
import { windowRange, type EventView } from './casebook-window';

const w = (x: Partial<EventView['window']>): EventView['window'] =>
  ({ state: 'upcoming', from: null, to: null, overdueAfter: null, ...x }) as EventView['window'];

describe('the visit window in words', () => {
  it('says the range in the one date format', () => {
    expect(windowRange(w({ from: '2025-03-04', to: '2025-04-03' }))).toBe('2025-03-04 – 2025-04-03');
    expect(windowRange(w({ from: '2025-03-04', to: '2025-03-04' }))).toBe('on 2025-03-04');
    expect(windowRange(w({ from: '2025-03-04', overdueAfter: '2025-05-01' }))).toBe(
      'from 2025-03-04 (overdue after 2025-05-01)',
    );
    expect(windowRange(w({ to: '2025-04-03' }))).toBe('by 2025-04-03');
    expect(windowRange(w({}))).toBe('');
  });
});
