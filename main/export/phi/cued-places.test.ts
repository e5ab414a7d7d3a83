import { describe, it, expect } from 'vitest';
import { findPhi, type PhiKind } from './index.js';

function found(text: string): [string, PhiKind][] {
  return findPhi(text).map((s) => [text.slice(s.start, s.end), s.kind]);
}
function places(text: string): string[] {
  return findPhi(text)
    .filter((s) => s.kind === 'LOCATION' || s.kind === 'FACILITY')
    .map((s) => text.slice(s.start, s.end));
}

describe('a place the clause gives away (cued-places.ts)', () => {
  it('a surname or place word that is no everyday word, after a clause of moving, living or care', () => {
    expect(places('went to providence for the weekend')).toEqual(['providence']);
    expect(places('Pt lives at Kindred since may')).toEqual(['Kindred']);
    expect(places('dx at lahey, then chemo')).toEqual(['lahey']);
  });

  it('a name of several words, everyday ones among them', () => {
    expect(places("tx'd to mount sinai per team")).toEqual(['mount sinai']);
    expect(places('pcp is dr patel at mount sinai.')).toEqual(['mount sinai']);
    // two everyday words that the place list holds as one town
    expect(places('lives w/ daughter ann in fall river')).toEqual(['fall river']);
  });

  it('an unknown word, and a word read as a slip, after the clause', () => {
    expect(places('plan d/c to youville in am')).toEqual(['youville']);
    expect(places('pt lives in eastie')).toEqual(['eastie']);
    // one letter from a dictionary word, so read as a slip in prose
    expect(places('pt lives in southy w/ wife')).toEqual(['southy']);
  });

  it('the clause reaches across "w/ partner X" but not past the end of a sentence', () => {
    expect(places('Lives w/ partner sam in providence, retired')).toEqual(['providence']);
    expect(places('Pt transferred overnight. Spoke to kindred re: bed')).toEqual([]);
  });

  it('a placement: "accepted at", "bed offer from"', () => {
    expect(places('accepted at kindred, bed tomorrow')).toEqual(['kindred']);
    expect(places('bed offer from youville')).toEqual(['youville']);
    for (const note of ['referred to ortho', 'referred to PT', 'bed at 30 degrees', 'back to bed at night'])
      expect(places(note), note).toEqual([]);
  });

  it('travel: "recently travelled to", "visiting from"', () => {
    expect(places('recently travelled to kenosha, now febrile')).toEqual(['kenosha']);
    expect(places('visiting from Ocala w/ dtr')).toEqual(['Ocala']);
    expect(places('recent trip to kindred, then home')).toEqual(['kindred']);
    expect(places('on vacation at mount auburn')).toEqual(['mount auburn']);
    for (const note of ['trip to bathroom w/ assist', 'visit to clinic', 'visiting nurse in am', 'drove to work'])
      expect(places(note), note).toEqual([]);
  });

  it('a stay: "was at" a place', () => {
    expect(places('pt was at kindred x 2 wks')).toEqual(['kindred']);
    expect(places('Pt was at Good Samaritan for 3 wks')).toEqual(['Good Samaritan']);
    for (const note of ['pt was at baseline', 'was at times agitated', 'was at goal', 'pt was at risk'])
      expect(places(note), note).toEqual([]);
  });

  it('a town after a name\'s "of", only one the place list holds', () => {
    expect(found('hcp is son dave of quincy')).toEqual([
      ['dave', 'NAME'],
      ['quincy', 'LOCATION'],
    ]);
    expect(places('dtr jane of fall river called')).toEqual(['fall river']);
    expect(places('wife mary of 40 yrs, son bob of the family')).toEqual([]);
  });

  it('not where a note sends a patient, nor a state or a country', () => {
    const clean = [
      'transferred to chair, then to floor',
      'went to sleep at 0200',
      'd/c to home w/ vna',
      'returned to baseline',
      'sent to lab',
      'admitted to micu',
      'lives w/ wife in a house',
      'works at a school',
      'came from church',
      'transferred to gurney',
      'moved from florida',
      'lives in israel',
    ];
    for (const note of clean) expect(places(note), note).toEqual([]);
  });

  it('a capitalised first name after "from" stays a name', () => {
    expect(found('a poem from Faina Petrova today')).not.toContainEqual(['Faina', 'LOCATION']);
  });
});

describe('acronyms after the clause (cued-places.ts, places.ts)', () => {
  it('an acronym no abbreviation list holds is a hospital', () => {
    expect(found('Pt transferred from BWH ED.')).toEqual([['BWH', 'FACILITY']]);
    expect(found('tx to NEBH for rehab')).toEqual([['NEBH', 'FACILITY']]);
  });

  it('a clinical abbreviation, a state code or an acronym without the clause is none', () => {
    const clean = ['transferred from OSH ED', 'transferred to MICU', 'admitted from PACU', 'd/c to NH', 'labs: BWH'];
    for (const note of clean) expect(found(note), note).toEqual([]);
  });

  it('a clinical abbreviation in capitals is no town of its name', () => {
    // OSH, ITU are towns of the place list too (Osh, Itu)
    expect(found('No ITU admissions, seen at OSH')).toEqual([]);
    expect(places('lives in Itu, Brazil')).toEqual(['Itu']);
  });
});

describe('facilities named with a function word (context.ts)', () => {
  it('a function word inside the name, with a word of the name before it', () => {
    expect(found('admitted from holy family rehab')).toEqual([['holy family rehab', 'FACILITY']]);
  });

  it('no facility from function words alone, nor across the end of a sentence', () => {
    expect(found('wife called hospital')).toEqual([]);
    expect(found('took inhalers ? what. Had hospital admissions')).toEqual([]);
  });
});
