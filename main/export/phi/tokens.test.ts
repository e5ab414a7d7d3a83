import { describe, expect, it } from 'vitest';
import { tokenize, type Token } from './tokens.js';
import { WordFlags } from './word-flags.js';

/** The tokenizer as it was, one regex over code points: the hand-written scan must agree with it. */
function byRegex(text: string, flags?: ReadonlyMap<string, number>): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\p{L}[\p{L}\p{M}'’-]*/gu)) {
    let w = m[0];
    while (w.length > 1 && ["'", '’', '-'].includes(w[w.length - 1]!)) w = w.slice(0, -1);
    if (w.length > 2 && /s$/i.test(w) && /['’]/.test(w[w.length - 2]!)) w = w.slice(0, -2);
    const upperFirst = /^\p{Lu}/u.test(w[0]!);
    let lowerRest = /\p{Ll}/u.test(w.slice(1).replace(/[\uD800-\uDFFF]/g, ''));
    if (lowerRest && upperFirst && /^\p{Lu}{2,}s$/u.test(w)) lowerRest = false;
    const lower = w.toLowerCase().replace(/’/g, "'");
    out.push({
      start: m.index,
      end: m.index + w.length,
      lower,
      cap: upperFirst && lowerRest,
      upper: upperFirst && w.length > 1 && !lowerRest,
      flags: flags?.get(lower) ?? 0,
    });
  }
  return out;
}

/** a deterministic generator, so a failure repeats */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  'a',
  'Z',
  'e',
  'S',
  's',
  "'",
  '’',
  '-',
  ' ',
  '.',
  '\n',
  '5',
  'é',
  'Á',
  'ß',
  'İ',
  'ǅ',
  'Σ',
  'ς',
  'ж',
  '\u0301',
  '\u0308',
  '•',
  '“',
  '\u00a0',
  'ג',
  '中',
  '𝐀',
  '😀',
  '\ud800',
  '\udc00',
  'MRI',
  "Mary's",
  'ADLs',
  'CTs',
  'NSAIDs',
  'follow-up',
  "o'neil",
  'doesn’t',
  'JOSÉ',
  'José',
  'Müller’s',
  'x-',
  "'s",
];

function randomText(next: () => number): string {
  let t = '';
  const n = 1 + Math.floor(next() * 30);
  for (let k = 0; k < n; k++) t += PIECES[Math.floor(next() * PIECES.length)];
  return t;
}

describe('tokenize', () => {
  it('reads words as the code-point regex does, in ASCII and in any script, with and without a words table', () => {
    const next = lcg(14);
    const map = new Map([
      ['mary', 1],
      ['mri', 4],
      ['josé', 2],
      ["o'neil", 2],
    ]);
    const table = new WordFlags();
    for (const [w, f] of map) table.set(w, f);
    for (let k = 0; k < 5000; k++) {
      const text = randomText(next);
      const want = byRegex(text, map);
      expect(tokenize(text, map), JSON.stringify(text)).toEqual(want);
      expect(tokenize(text, table), JSON.stringify(text)).toEqual(want);
      expect(tokenize(text), JSON.stringify(text)).toEqual(byRegex(text));
    }
  });

  it('a word-table answer follows a later change of the flags', () => {
    const table = new WordFlags();
    table.set('smith', 2);
    expect(tokenize('Smith smith', table).map((t) => t.flags)).toEqual([2, 2]);
    table.set('smith', 6);
    table.set('jones', 1);
    expect(tokenize('SMITH Jones', table).map((t) => [t.lower, t.flags])).toEqual([
      ['smith', 6],
      ['jones', 1],
    ]);
    // a word the texts used but the lists do not hold is still absent to get, as in a plain map
    tokenize('Zzyx', table);
    expect([table.get('smith'), table.get('jones'), table.get('zzyx'), table.has('zzyx')]).toEqual([
      6,
      1,
      undefined,
      false,
    ]);
    table.delete('jones');
    expect(tokenize('Jones', table)[0]!.flags).toBe(0);
    expect(table.get('jones')).toBeUndefined();
  });
});
