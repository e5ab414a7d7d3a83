import { describe, it, expect } from 'vitest';
import { findPhi, type PhiKind } from './index.js';
import { oldestAgeYear } from './fractions.js';

function found(text: string): [string, PhiKind][] {
  return findPhi(text).map((s) => [text.slice(s.start, s.end), s.kind]);
}

describe('ages over 89 in words, and the years that reveal one (old-ages.ts)', () => {
  it('an age in words, a decade with a qualifier, a word for the age', () => {
    expect(found('pt is a ninety-two year old w/ chf')).toEqual([['ninety-two year old', 'AGE']]);
    expect(found('ninety one yo f, a+ox3')).toEqual([['ninety one yo', 'AGE']]);
    expect(found('age: ninety-four')).toEqual([['ninety-four', 'AGE']]);
    expect(found('one hundred and two years old, lives w/ dtr')).toContainEqual([
      'one hundred and two years old',
      'AGE',
    ]);
    expect(found('in his late 90s, independent')).toEqual([['in his late 90s', 'AGE']]);
    expect(found('a frail nonagenarian')).toEqual([['nonagenarian', 'AGE']]);
  });

  it('not younger ages, nor numbers in words that are no age', () => {
    for (const note of [
      'pt is an eighty-nine year old',
      'for a hundred years',
      'sats in the mid 90s',
      'ninety percent',
    ])
      expect(found(note), note).toEqual([]);
  });

  it('a birth year of two digits only when the 2000s would be the future', () => {
    const yy = String(oldestAgeYear() % 100).padStart(2, '0');
    expect(found(`born '${yy}, widowed`)).toEqual([[yy, 'DATE']]);
    expect(found("DOB '05")).toEqual([]);
  });

  it('the year of an event of adult life, when it puts the birth before the oldest year', () => {
    const old = oldestAgeYear() + 16; // married at 16 or older: born in or before the oldest year
    expect(found(`married in ${old}, 3 children`)).toEqual([[String(old), 'DATE']]);
    expect(found(`married in ${old + 1}, 3 children`)).toEqual([]);
    expect(found(`retired ${oldestAgeYear() + 40} from the post office`)).toContainEqual([
      String(oldestAgeYear() + 40),
      'DATE',
    ]);
    expect(found(`retired in ${oldestAgeYear() + 41}`)).toEqual([]);
  });
});

describe('date shapes of nursing notes (shapes.ts, fractions.ts)', () => {
  it('a month-day after a verb in the past is the day it happened', () => {
    expect(found('extubated 11-29, reintubated 12-1')).toEqual([
      ['11-29', 'DATE'],
      ['12-1', 'DATE'],
    ]);
  });

  it('but not after a verb of amount, nor as a range with a unit', () => {
    for (const note of ['increased 10-12 overnight', 'bolused 1-2 L', 'walked 2-3 blocks'])
      expect(found(note), note).toEqual([]);
  });

  it('a span of dates whose one end alone reads as a range', () => {
    expect(found('was at rehab 4-5 - 1/24 for hip fx')).toEqual([
      ['4-5', 'DATE'],
      ['1/24', 'DATE'],
    ]);
    expect(found('at rehab jun 14 - 19th of july')).toContainEqual(['jun 14', 'DATE']);
    expect(found('ps 10/5 - 12/5 overnight')).toEqual([]);
  });

  it('a count of a course is no date; durations stay durations', () => {
    for (const note of ['vanc day 10/14', 'chemo cycle 2/6', 'sob x 3/7, cough 2/52, wt loss 6/12'])
      expect(found(note), note).toEqual([]);
    expect(found('admitted on 10/14')).toEqual([['10/14', 'DATE']]);
  });
});
