import { describe, it, expect } from 'vitest';
import { findPhi, type PhiKind } from './index.js';
import { oldestAgeYear } from './fractions.js';

/** Clinicians' shorthand that only looks like PHI, and the PHI around it (issue 14). */
function found(text: string): [string, PhiKind][] {
  return findPhi(text).map((s) => [text.slice(s.start, s.end), s.kind]);
}
const values = (text: string): string[] => found(text).map(([v]) => v);

describe('clinical fractions are not dates', () => {
  it('durations in days, weeks, months and hours', () => {
    expect(values('3/7 hx of diarrhoea, takeaway 4/7 ago')).toEqual([]);
    expect(values('LMP 2/52, knee pain for 6/12, worse over 12/24')).toEqual([]);
  });
  it('scores and small fractions', () => {
    expect(values('pain 8/10 at worst, 2/10 now')).toEqual([]);
    expect(values('crackles 1/3 up both bases, took 1/2 tab')).toEqual([]);
    expect(values('trend 5.5/2.5/450 overnight')).toEqual([]);
  });
  it('the same shapes are dates after a word that announces one', () => {
    expect(values('seen on 3/7, doing well')).toEqual(['3/7']);
    expect(values('appt 6/12 confirmed')).toEqual(['6/12']);
  });
  it('month/day with any other denominator is still a date (recall first)', () => {
    expect(values('cough since 3/15')).toEqual(['3/15']);
    expect(values('fall 11/23, CT head negative')).toEqual(['11/23']);
  });
  it('a range of counted things or distances is an amount, while m-d after a date word stays a date', () => {
    expect(values('runs up to 7-8 miles, salbutamol up to 2-4 puffs, 3-4 drinks a week')).toEqual([]);
    expect(values('walks 2-3 blocks, sleeps 5-6 nights out of 7')).toEqual([]);
    expect(values('seen on 3-14, fall since 4-22')).toEqual(['3-14', '4-22']);
  });
  it('day-first dotted dates with a two-digit year', () => {
    expect(values('Bloods taken 27.04.21.')).toEqual(['27.04.21']);
    expect(values('Hb 13.2 on arrival')).toEqual([]);
  });
});

describe('safe clinical vocabulary is not a name (Philter whitelist and its disguises)', () => {
  it('drug brands, abbreviations and headers a name list would not know', () => {
    expect(values('Started Betnovate cream and Ventolin PRN. MSU sent.')).toEqual([]);
    expect(values('PMH: asthma. DH: Clenil. Assoc nausea, Abdo soft.')).not.toContain('Assoc');
    expect(values('PA line in situ, CO 6.8 CI 3.18, Crit care review, POC glucose 6')).toEqual([]);
  });
  it('history shorthand, abbreviations made verbs, contractions, hyphenated words', () => {
    expect(values('DHx nil. FHx: mother MI at 60. PUing since Monday')).toEqual([]);
    expect(values("Doesn't feel feverish. X-rays normal.")).toEqual([]);
  });
  it('a lowercase typing slip of a word is not a name, a capitalised unknown word still is', () => {
    expect(values('vomit was bilious, his brther has similar')).toEqual([]);
    expect(values('Seen with Okonkwo today')).toEqual(['Okonkwo']);
  });
  it('a title followed by no name', () => {
    expect(values('Urgent examination booked with Dr. To get in touch if worse')).toEqual([]);
  });
});

describe('names and places from context', () => {
  it('a name after a relative, a title or before a role', () => {
    expect(values('Son Jose will drive her home')).toEqual(['Jose']);
    expect(values('Lives with husband Sterling.')).toEqual(['Sterling']);
    expect(values('Discussed with Dr Hargreaves, plan agreed')).toEqual(['Hargreaves']);
    expect(values('Mrs Fairweather reports improvement')).toEqual(['Fairweather']);
  });
  it('a patient introduced with an age, with no cue before the name', () => {
    expect(values('HISTORY OF PRESENT ILLNESS Roger Nelson is a 62-year-old male')).toEqual(['Roger Nelson']);
    expect(values('Mason Ward is a pleasant 80-year-old man. Grace Hall was a 71 yo')).toEqual([
      'Mason Ward',
      'Grace Hall',
    ]);
    expect(values('The patient is a 62-year-old male. He is a 70 yo')).toEqual([]);
  });
  it('an everyday word before a state code without a comma is no town', () => {
    expect(values('Insurance ID W418-7999-5457')).toEqual(['W418-7999-5457']);
    expect(found('Lives in Paramus, NJ')).toEqual([['Paramus', 'LOCATION']]);
  });
});

describe('ZIP codes in an address', () => {
  it('after a state code, in capitals or (five digits only) in lowercase', () => {
    expect(found('Returned home to 12 Grove Rd NY 10549-2231')).toContainEqual(['10549-2231', 'ZIP']);
    expect(found('lives in quincy ma 02169 with wife')).toContainEqual(['02169', 'ZIP']);
  });
  it('a year or a lab value is no ZIP', () => {
    expect(values('lives in quincy in 2019')).toEqual(['quincy']);
    expect(values('WBC 10467 today, OK 12 hrs later')).toEqual([]);
  });
});

describe('years that reveal an age over 89', () => {
  it('a birth year that old is redacted; a recent one is not a date element', () => {
    const old = oldestAgeYear() - 3;
    expect(found(`Born in ${old}, lives alone`)).toEqual([[String(old), 'DATE']]);
    expect(values(`DOB ${old}`)).toEqual([String(old)]);
    expect(values('Born in 1975, lives alone')).toEqual([]);
  });
  it('the cut-off moves with the calendar', () => {
    expect(oldestAgeYear(new Date('2026-06-01T00:00:00Z'))).toBe(1936);
  });
});
