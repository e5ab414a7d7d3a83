import { describe, it, expect } from 'vitest';
import { findPhi, redactPhi, type SubjectIdentifiers } from './index.js';

const subject: SubjectIdentifiers = {
  names: ['John Smith'],
  mrn: ['AB-12345'],
  phones: ['(718) 555-0142'],
  birthDates: ['1931-03-04'],
  zips: ['10467'],
  other: ['SACRO-77'],
};

function values(text: string, s = subject): string[] {
  return findPhi(text, s).map((x) => text.slice(x.start, x.end));
}

describe('subject identifiers as entered on REG', () => {
  it('name in any order, case and spacing', () => {
    for (const v of ['John Smith', 'Smith, John', 'JOHN  SMITH', 'smith john', 'Smith,John']) {
      expect(values(`Reviewed chart of ${v} today.`), v).toEqual([v]);
    }
    expect(values('SMITH called back')).toEqual(['SMITH']);
    expect(values('kowalski called back', { names: ['Anna Kowalski'] })).toEqual(['kowalski']);
  });

  it('a name that is an ordinary word matches only as a name', () => {
    const s = { names: ['Will Grant'] };
    expect(values('We will call; the grant request is pending.', s)).toEqual([]);
    expect(values('Spoke to Grant on the phone.', s)).toEqual(['Grant']);
  });

  it('MRN with spacing and punctuation variants', () => {
    for (const v of ['AB-12345', 'ab 12345', 'AB12345', 'ab-123-45']) {
      expect(values(`record ${v} reviewed`), v).toEqual([v]);
    }
    expect(values('lab AB-123456 is another')).toEqual([]);
  });

  it('phone digits in any punctuation', () => {
    for (const v of ['7185550142', '718.555.0142', '+1 (718) 555-0142', '718 555 0142']) {
      expect(values(`call ${v}`), v).toEqual([v]);
    }
  });

  it('birth date in every common US format', () => {
    for (const v of [
      '3/4/1931',
      '03/04/1931',
      '03-04-31',
      '1931-03-04',
      'March 4, 1931',
      'Mar 4 1931',
      '4 March 1931',
      '4-Mar-1931',
      '03041931',
    ]) {
      expect(values(`DOB ${v}.`), v).toEqual([v]);
    }
  });

  it('zip and other identifiers', () => {
    expect(values('zip 10467-2210 and study code sacro-77')).toEqual(['10467-2210', 'sacro-77']);
  });

  it('counts the subject hits by kind', () => {
    const r = redactPhi('John Smith AB12345 (718) 555-0142 DOB 3/4/1931', subject);
    expect(r.text).toBe('[REDACTED:NAME] [REDACTED:MRN] [REDACTED:PHONE] DOB [REDACTED:DATE]');
    expect(r.counts).toEqual({ NAME: 1, MRN: 1, PHONE: 1, DATE: 1 });
  });
});

describe('the subject identifiers in every separator and spacing variant (issue 10 item 3)', () => {
  const s: SubjectIdentifiers = {
    names: ['Zebulon Quackenbush'],
    mrn: ['MR-4829173'],
    phones: ['(718) 555-0142'],
    birthDates: ['1941-04-12'],
  };
  it('phone digits split by slashes, underscores, backslashes or dots', () => {
    for (const v of ['718/555/0142', '718_555_0142', '718\\555\\0142', '718.555.0142', '(718)555 0142'])
      expect(values(`left message on ${v} today`, s), v).toEqual([v]);
  });
  it('the MRN number without its letters, in any grouping', () => {
    for (const v of ['482.9173', '4829173', '482-9173', '48 29 173', 'MR 4829173'])
      expect(values(`chart ${v} pulled`, s), v).toEqual([v]);
    expect(values('lab 48291735 is another number', s)).not.toContain('4829173');
  });
  it('initials in capitals in either order, with or without dots', () => {
    for (const v of ['Z.Q.', 'Z. Q.', 'ZQ', 'Q.Z.', 'Z. Quackenbush', 'Quackenbush, Z.'])
      expect(values(`seen ${v} in clinic`, s), v).toEqual([v]);
    expect(values('the zq ratio and an unrelated QA check', s)).toEqual([]);
  });
  it('the name spelled out with spaces or dots between its letters', () => {
    for (const v of ['Q u a c k e n b u s h', 'Q.U.A.C.K.E.N.B.U.S.H', 'z e b u l o n'])
      expect(values(`name ${v} written out`, s), v).toEqual([v]);
  });
});
