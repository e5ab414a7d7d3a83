import { describe, expect, it } from 'vitest';
import { lists, type WordLists } from './lists.js';
import { isTarget, oneEditFromWord } from './near-words.js';

/** the plain search the hashed one replaced: every candidate built as a string and looked up */
function byStrings(w: string, l: WordLists): boolean {
  const n = w.length;
  for (let i = 0; i < n; i++) {
    if (isTarget(w.slice(0, i) + w.slice(i + 1), l)) return true;
    if (i + 1 < n && isTarget(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2), l)) return true;
  }
  for (let i = 0; i <= n; i++)
    for (const c of 'abcdefghijklmnopqrstuvwxyz') {
      if (isTarget(w.slice(0, i) + c + w.slice(i), l)) return true;
      if (i < n && c !== w[i] && isTarget(w.slice(0, i) + c + w.slice(i + 1), l)) return true;
    }
  return false;
}

describe('oneEditFromWord', () => {
  const l = lists();
  it('finds the slips of each kind', () => {
    expect(oneEditFromWord('brther', l)).toBe(true); // deletion
    expect(oneEditFromWord('regulalr', l)).toBe(true); // insertion
    expect(oneEditFromWord('aneamia', l)).toBe(true); // swap
    expect(oneEditFromWord('lawer', l)).toBe(true);
    expect(oneEditFromWord('xqzvkwp', l)).toBe(false);
  });

  it('answers as the string search does, on slips and on words far from any', () => {
    let s = 12345;
    const rnd = (k: number): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s % k;
    };
    const words = [...l.flags.keys()].filter((w) => /^[a-z]{5,12}$/.test(w));
    const probes: string[] = [];
    for (let k = 0; k < 400; k++) {
      const w = words[rnd(words.length)]!;
      const i = rnd(w.length);
      const c = String.fromCharCode(97 + rnd(26));
      probes.push(
        w.slice(0, i) + c + w.slice(i + 1),
        w.slice(0, i) + w.slice(i + 1),
        w.slice(0, i) + c + c + w.slice(i),
      );
    }
    for (let k = 0; k < 200; k++)
      probes.push(Array.from({ length: 5 + rnd(6) }, () => String.fromCharCode(97 + rnd(26))).join(''));
    const differ = probes.filter((p) => oneEditFromWord(p, l) !== byStrings(p, l));
    expect(differ).toEqual([]);
    // both answers occur, so the comparison proves something
    expect(probes.some((p) => byStrings(p, l))).toBe(true);
    expect(probes.some((p) => !byStrings(p, l))).toBe(true);
  });
});
