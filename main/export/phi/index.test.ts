import { describe, it, expect } from 'vitest';
import { findPhi, redactPhi, type PhiKind } from './index.js';

/** the substrings found, with their kinds, in order */
function found(text: string): [string, PhiKind][] {
  return findPhi(text).map((s) => [text.slice(s.start, s.end), s.kind]);
}
function values(text: string): string[] {
  return found(text).map(([v]) => v);
}

describe('findPhi by kind', () => {
  it('finds the pieces of a typical note', () => {
    const text = 'Pt Mary Johnson (MRN 00482913) seen 3/14/2012, call wife at (718) 555-0142';
    expect(found(text)).toEqual([
      ['Mary Johnson', 'NAME'],
      ['00482913', 'MRN'],
      ['3/14/2012', 'DATE'],
      ['(718) 555-0142', 'PHONE'],
    ]);
  });

  it('NAME: titles, first + last, "Last, First", context words', () => {
    expect(found('Discussed with Dr. Okonkwo and Mrs. Ann Lee-Park today.')).toEqual([
      ['Okonkwo', 'NAME'],
      ['Ann Lee-Park', 'NAME'],
    ]);
    expect(values('Johnson, Mary presented for f/u.')).toEqual(['Johnson, Mary']);
    expect(values('Spoke with Will about discharge; wife Hope agrees.')).toEqual(['Will', 'Hope']);
    expect(values('Robert Garcia tolerated the procedure well.')).toEqual(['Robert Garcia']);
  });

  it('NAME: ordinary words that are also names stay without context', () => {
    const text = 'Will follow up in clinic. Mark the site. Pain in lower back, fall risk high. Hope for improvement.';
    expect(findPhi(text)).toEqual([]);
  });

  it('DATE: common US formats', () => {
    for (const d of [
      '3/14/2012',
      '03-14-12',
      'March 14, 2012',
      '14 Mar 2012',
      '2012-03-14',
      'Mar 2012',
      '3/14',
      'Sept. 3rd, 2019',
    ]) {
      expect(found(`Procedure on ${d} without complication.`), d).toEqual([[d, 'DATE']]);
    }
  });

  it('DATE: pain scores and strength grades are not dates', () => {
    expect(findPhi('Pain 8/10 before, VAS 2/10 after; strength 5/5 and 4/5 hip flexion. Take 1/2 tab.')).toEqual([]);
  });

  it('PHONE and fax in several punctuations', () => {
    for (const p of ['(718) 555-0142', '718-555-0142', '718.555.0142', '+1 718 555 0142', '555-0142']) {
      expect(found(`Fax results to ${p} please.`), p).toEqual([[p, 'PHONE']]);
    }
  });

  it('EMAIL, URL, IP, SSN', () => {
    expect(found('Email mary.j@example.org or see https://portal.example.com/p?id=7.')).toEqual([
      ['mary.j@example.org', 'EMAIL'],
      ['https://portal.example.com/p?id=7', 'URL'],
    ]);
    expect(found('Login from 192.168.10.24 and fe80::1ff:fe23:4567:890a noted.')).toEqual([
      ['192.168.10.24', 'IP'],
      ['fe80::1ff:fe23:4567:890a', 'IP'],
    ]);
    expect(found('SSN 123-45-6789 on file.')).toEqual([['123-45-6789', 'SSN']]);
  });

  it('MRN and other numbers after a keyword', () => {
    expect(found('medical record number 1234567 reviewed')).toEqual([['1234567', 'MRN']]);
    expect(found('chart #448812 pulled')).toEqual([['448812', 'MRN']]);
    expect(found('Medicare beneficiary ID 1EG4-TE5-MK73; device serial no. SN88213A')).toEqual([
      ['1EG4-TE5-MK73', 'ID'],
      ['SN88213A', 'ID'],
    ]);
  });

  it('AGE: only over 89', () => {
    expect(found('92 yo F s/p sacroplasty at Montefiore Medical Center')).toEqual([
      ['92 yo F', 'AGE'],
      ['Montefiore Medical Center', 'FACILITY'],
    ]);
    expect(values('aged 93; a 95-year-old; age 101')).toEqual(['93', '95-year-old', '101']);
    expect(findPhi('72 yo F, aged 85, a 64-year-old')).toEqual([]);
  });

  it('ADDRESS, LOCATION and ZIP', () => {
    expect(found('lives at 123 Main St, Bronx, NY 10467')).toEqual([
      ['123 Main St', 'ADDRESS'],
      ['Bronx', 'LOCATION'],
      ['10467', 'ZIP'],
    ]);
    expect(values('moved to 4 Elm Avenue Apt 2 last year')).toEqual(['4 Elm Avenue Apt 2']);
    expect(found('Transferred from Normal, IL 61761-1234 last week')).toEqual([
      ['Normal', 'LOCATION'],
      ['61761-1234', 'ZIP'],
    ]);
    expect(found('She grew up in Poughkeepsie and summers in Mexico.')).toEqual([['Poughkeepsie', 'LOCATION']]);
    expect(findPhi('Mobile phase; normal alignment; independence in ADLs.')).toEqual([]);
  });

  it('FACILITY', () => {
    expect(values("Transferred from St. Mary's to Lakeside Rehabilitation Center, then Mercy Clinic.")).toEqual([
      "St. Mary's",
      'Lakeside Rehabilitation Center',
      'Mercy Clinic',
    ]);
  });
});

describe('clinical text without PHI is left alone', () => {
  const notes = [
    'VAS 9 -> 2 at 1 month, cement 4.5 mL, no extravasation, L5/S1',
    'Sacroplasty performed under CT and fluoroscopy; PMMA 3 mL per side. No cement leak into the S1 foramen.',
    'MRI: bilateral sacral insufficiency fractures with STIR edema. NSAID held, acetaminophen 1 g TID.',
    'ODI 58 -> 22. Ambulating independently. Follow-up in 3 months with repeat CT.',
    'Assessment: osteoporotic sacral fracture, improving. Plan: PT, calcium, vitamin D, denosumab.',
  ];
  for (const note of notes) {
    it(note.slice(0, 40), () => {
      expect(found(note)).toEqual([]);
      expect(redactPhi(note).text).toBe(note);
    });
  }
});

describe('spans', () => {
  const text =
    'Mr. John Smith, DOB 01/02/1930, 94 yo, lives at 9 Oak Rd, Albany, NY 12203, ph 518-555-0100, john@x.org';

  it('are sorted, non-overlapping and their offsets slice the found text', () => {
    const spans = findPhi(text);
    expect(spans.length).toBeGreaterThanOrEqual(7);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    for (const s of spans) expect(text.slice(s.start, s.end).trim()).toBe(text.slice(s.start, s.end));
    expect(values(text)).toEqual([
      'John Smith',
      '01/02/1930',
      '94 yo',
      '9 Oak Rd',
      'Albany',
      '12203',
      '518-555-0100',
      'john@x.org',
    ]);
  });

  it('merge overlapping findings, the longest naming the union', () => {
    // the date inside the longer URL is one URL finding, not two
    expect(found('see www.example.com/2012-03-14/notes')).toEqual([['www.example.com/2012-03-14/notes', 'URL']]);
  });
});

describe('redactPhi', () => {
  it('replaces each span with [REDACTED:KIND] and counts kinds', () => {
    const r = redactPhi('Pt Mary Johnson seen 3/14/2012 and 4/2/2012 at Montefiore Medical Center.');
    expect(r.text).toBe('Pt [REDACTED:NAME] seen [REDACTED:DATE] and [REDACTED:DATE] at [REDACTED:FACILITY].');
    expect(r.counts).toEqual({ NAME: 1, DATE: 2, FACILITY: 1 });
    expect(r.spans).toHaveLength(4);
  });

  it('returns empty text and counts for empty input', () => {
    expect(redactPhi('')).toEqual({ text: '', spans: [], counts: {} });
  });
});
