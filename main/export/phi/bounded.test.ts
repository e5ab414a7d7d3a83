import { describe, expect, it } from 'vitest';
import { BoundedPattern } from './bounded';
import { findSubjectSpans } from './index';

function all(exec: (from: number) => RegExpExecArray | null): [number, string][] {
  const out: [number, string][] = [];
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = exec(from)) !== null) {
    out.push([m.index, m[0]]);
    from = m.index + Math.max(1, m[0].length);
  }
  return out;
}

const CASES: [string, string, string[]][] = [
  // the first alternative runs into a word; a later one ends at its boundary
  ['Ann|Anna', 'giu', ['Anna came', 'ANNA', 'Annual review, Ann.', 'annabel', 'Ann']],
  ['Gallo|Theresa', 'giu', ['Pt Theresa Gallo 89yo', 'Gallows', 'gallo1', 'THERESA-GALLO', 'Galloé ok Gallo']],
  ['Q[\\s._*-]{1,2}u[\\s._*-]{1,2}a', 'giu', ['Q u a', 'q.u.aX Q u a', 'Q  u  a1']],
  ['(?:\\+?1[\\s./_-]{0,2})?7[\\s().+/_\\\\-]{0,3}1[\\s().+/_\\\\-]{0,3}8', 'gu', ['718', '1 718x 7/1/8', '7188']],
  ['Z\\.?\\s?Q\\.?|Q\\.?\\s?Z\\.?', 'gu', ['Z.Q.', 'ZQa QZ', 'zq Z. Q']],
  // a greedy quantifier that must give back to end at a boundary
  ['ab+', 'giu', ['abbbc abb', 'ab1 ab']],
  ['kelvin', 'giu', ['\u212Aelvin', 'kelvin\u212A kelvin']],
];

describe('a bounded pattern', () => {
  it('finds exactly what the pattern with the boundary lookahead finds', () => {
    for (const [source, flags, texts] of CASES)
      for (const text of texts) {
        const b = new BoundedPattern(source, flags);
        const ref = b.reference();
        const expected = all((from) => {
          ref.lastIndex = from;
          return ref.exec(text);
        });
        expect(
          all((from) => b.exec(text, from)),
          `${source} in "${text}"`,
        ).toEqual(expected);
      }
  });

  it('keeps the subject matcher finding a name that is a prefix of a longer one', () => {
    const spans = findSubjectSpans('Seen with Annabel; Ann is the patient, annual check', { names: ['Ann Annabel'] });
    expect(spans.map((s) => s.kind)).toContain('NAME');
    expect(spans.some((s) => s.start === 10 && s.end === 17)).toBe(true);
    expect(spans.some((s) => s.start === 19 && s.end === 22)).toBe(true);
    // "annual" is no name
    expect(spans.every((s) => s.start < 39)).toBe(true);
  });
});
