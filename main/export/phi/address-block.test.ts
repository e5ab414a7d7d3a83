import { describe, expect, it } from 'vitest';
import { findPhi } from './index.js';

const found = (text: string): [string, string][] => findPhi(text).map((s) => [text.slice(s.start, s.end), s.kind]);

describe('the lines of a postal address block', () => {
  it('takes the town line and the postcode below a street address, whatever the town', () => {
    const text = 'Send to:\n1204 Vossgate 17\nKVERNDALEN\n4471';
    const f = found(text);
    expect(f).toContainEqual(['KVERNDALEN', 'LOCATION']);
    expect(f).toContainEqual(['4471', 'ZIP']);
  });

  it('takes a postcode after the town or a region code on its line, past a unit line and a blank line', () => {
    const f = found('88 Harrow Street\nSuite 12\nbrindlemoor xq 3390');
    expect(f.some(([v]) => v.includes('brindlemoor'))).toBe(true);
    expect(f).toContainEqual(['3390', 'ZIP']);
    const g = found('17 Kettle Road\n\n Norway 5521');
    expect(g).toContainEqual(['5521', 'ZIP']);
    // the country itself stays
    expect(g.some(([v]) => v.includes('Norway'))).toBe(false);
  });

  it('leaves lines that are not below a street address, and headings after a blank line', () => {
    expect(found('BP stable overnight\nREVIEW\n120')).toEqual([]);
    const f = found('Seen at 40 Mill Lane\n\nPLAN\nwalk daily');
    expect(f.some(([v]) => v === 'PLAN')).toBe(false);
    // the address is inside a sentence: no block follows it
    const g = found('Lives at 40 Mill Lane with her son.\nREVIEW\n120');
    expect(g.some(([v]) => v === 'REVIEW' || v === '120')).toBe(false);
  });
});
