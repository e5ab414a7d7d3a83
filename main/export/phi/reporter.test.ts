import { describe, it, expect } from 'vitest';
import { findPhi, type PhiKind } from './index.js';

function found(text: string): [string, PhiKind][] {
  return findPhi(text).map((s) => [text.slice(s.start, s.end), s.kind]);
}

describe('a name before what only a person does (context.ts)', () => {
  it('a first name that is also an everyday word, before a reporting verb', () => {
    expect(found('Dawn denies any chest pain.')).toEqual([['Dawn', 'NAME']]);
    expect(found('Iris reports improvement.')).toEqual([['Iris', 'NAME']]);
  });

  it('a surname that is an everyday word, after a first name', () => {
    expect(found('Ivy Marsh denies sob.')).toEqual([['Ivy Marsh', 'NAME']]);
  });

  it('not a pronoun, a relative, a test or a lowercase everyday word', () => {
    for (const note of [
      'Patient says the pain is better.',
      'She reports no pain.',
      'Wife reports he slept.',
      'Echo reports EF 40%.',
      'CT reports no bleed.',
      'overall reports improvement',
    ])
      expect(found(note), note).toEqual([]);
  });
});
