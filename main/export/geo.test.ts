import { describe, expect, it } from 'vitest';
import { RESTRICTED_ZIP3, zip3 } from './geo';

describe('zip3 (Safe Harbor identifier 2)', () => {
  it('keeps the first three digits of an unrestricted ZIP', () => {
    expect(zip3('10467')).toBe('104');
    expect(zip3('53226-1234')).toBe('532');
  });
  it('turns every restricted prefix of deidentification.md into 000', () => {
    const listed = '036 059 063 102 203 556 692 790 821 823 830 831 878 879 884 890 893'.split(' ');
    expect(RESTRICTED_ZIP3.prefixes).toEqual(listed);
    expect(RESTRICTED_ZIP3.source).toMatch(/HHS/);
    for (const p of listed) expect(zip3(`${p}42`)).toBe('000');
  });
  it('never lets something that is not a ZIP through', () => {
    expect(zip3('Bronx NY')).toBe('000');
    expect(zip3('1046')).toBe('000');
  });
});
