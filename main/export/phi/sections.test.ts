import { describe, it, expect } from 'vitest';
import { findPhi } from './index.js';
import { familyHistory, medicationLists } from './sections.js';

/** Parts of a note, and small context rules, that keep clinical words from being taken for names (issue 14). */
const values = (text: string): string[] => findPhi(text).map((s) => text.slice(s.start, s.end));
const parts = (text: string, r: readonly (readonly [number, number])[]): string[] =>
  r.map(([a, b]) => text.slice(a, b).trim());

describe('a family history names conditions after a relative', () => {
  it('the word after "mother" is her condition there, and a name elsewhere', () => {
    expect(values('Fhx - Mother Lung Ca nil else.')).toEqual([]);
    expect(values('FHx - Mother - Excema. Father asthma')).toEqual([]);
    expect(values('Lives with mother Excema and her cat')).toEqual(['Excema']);
  });
  it('a first name is still a name in a family history', () => {
    expect(values('FHx: mother Mary had breast ca')).toEqual(['Mary']);
  });
  it('a header alone on its line heads the lines below it, up to a blank line', () => {
    const text = 'FAMILY HISTORY\n\nMother: Hodgkin lymphoma.\n\nSOCIAL HISTORY\nLives with wife Okonkwo';
    expect(parts(text, familyHistory(text))).toEqual(['Mother: Hodgkin lymphoma.']);
    expect(values(text)).toEqual(['Okonkwo']);
  });
});

describe('a capitalised unknown word in a medication list or before a dose is a drug', () => {
  it('medication lists, on one line or below the header', () => {
    expect(values('DH: Rennies PRN OTC, nasal spray PRN')).toEqual([]);
    expect(values('Medications\nVentolin -\nClenil modulate -\n\nNKDA')).toEqual([]);
    const text = 'Medications\nVentolin -\nClenil modulate -\n\nSeen with Okonkwo';
    expect(parts(text, medicationLists(text))).toEqual(['Ventolin -\nClenil modulate -']);
  });
  it('before a dose, a route or a frequency', () => {
    expect(values('Started Clenor 100mcg BD and Zapril 5 mg od')).toEqual([]);
    expect(values('Plan: Fostair inhaler, review 2 weeks')).toEqual([]);
  });
  it('a relative, a title or a name-list word there is still a person', () => {
    expect(values('Meds reviewed with son Okonkwo')).toEqual(['Okonkwo']);
    expect(values('Meds: given by Mary')).toEqual(['Mary']);
    expect(values('Seen with Okonkwo today')).toEqual(['Okonkwo']);
  });
});

describe('small context rules', () => {
  it('a dot after a relative ends the sentence; after a title it does not', () => {
    expect(values('Sexually active - long-term partner. Nil PV discharge.')).toEqual([]);
    expect(values('Seen by Dr. Okonkwo')).toEqual(['Okonkwo']);
  });
  it('a negation before "general" is no hospital', () => {
    expect(values('No other jt pains, no general unwell/fever.')).toEqual([]);
  });
  it("a month's short form on its own is no name, a first name that is one still is", () => {
    expect(values('SE: GI - Dec app, no change in BH')).toEqual([]);
    expect(values('Spoke to Jan about the plan')).toEqual(['Jan']);
  });
});
