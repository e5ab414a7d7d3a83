import { describe, it, expect } from 'vitest';
import { findPhi, type PhiKind } from './index.js';

function found(text: string): [string, PhiKind][] {
  return findPhi(text).map((s) => [text.slice(s.start, s.end), s.kind]);
}

describe('a street named without a house number (streets.ts)', () => {
  it("capitalised words before a street's short form", () => {
    expect(found('struck by a car on Mass Ave')).toEqual([['Mass Ave', 'ADDRESS']]);
    expect(found('lives on Birch Rd with wife')).toEqual([['Birch Rd', 'ADDRESS']]);
    expect(found('found down near Comm. Ave.')).toEqual([['Comm. Ave.', 'ADDRESS']]);
  });

  it('lowercase, after a clause of living or of where it happened', () => {
    expect(found('lives on maple street w/ son')).toEqual([['maple street', 'ADDRESS']]);
    expect(found('found down on comm ave')).toEqual([['comm ave', 'ADDRESS']]);
  });

  it('numbered routes', () => {
    expect(found('MVA on Route 128 at 0200')).toEqual([['Route 128', 'ADDRESS']]);
    expect(found('rollover off rte 9')).toEqual([['rte 9', 'ADDRESS']]);
  });

  it('not the clinical shorthand the short forms also are', () => {
    for (const note of [
      'no st elevations, ST depression in V4',
      'dr aware, ct neg',
      'pt lives on own',
      'lives on 2nd floor',
      'Pt St 2 on drip',
      'route of administration po',
    ])
      expect(found(note), note).toEqual([]);
  });
});
