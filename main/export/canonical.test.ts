import { describe, expect, it } from 'vitest';
import { canonicalLine, SheetDigest } from './canonical';

describe('canonical sheet content', () => {
  it('is one JSON array per row, trailing blanks trimmed, blanks as null', () => {
    expect(canonicalLine(['a', null, 3, null, ''])).toBe('["a",null,3]\n');
    expect(canonicalLine([])).toBe('[]\n');
  });
  it('tells a number from the same digits as text', () => {
    const a = new SheetDigest();
    a.add([1]);
    const b = new SheetDigest();
    b.add(['1']);
    expect(a.hex()).not.toBe(b.hex());
  });
});
