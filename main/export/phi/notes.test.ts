import { describe, it, expect } from 'vitest';
import { findPhi, type PhiKind } from './index.js';

/** ICU nursing-note shapes: terse, abbreviated, often lowercase (context.ts, shapes.ts). */
function found(text: string): [string, PhiKind][] {
  return findPhi(text).map((s) => [text.slice(s.start, s.end), s.kind]);
}
function values(text: string): string[] {
  return found(text).map(([v]) => v);
}

describe('names from their cue words, in lowercase notes', () => {
  it('after a relative: first names, everyday-word names, names no list holds', () => {
    expect(found("pt's wife mary in to visit")).toEqual([['mary', 'NAME']]);
    expect(values("son jim o'brien called x2 overnight")).toEqual(["jim o'brien"]);
    expect(values('mother rose in to visit')).toEqual(['rose']);
    expect(values('dnr per wife oluwaseun')).toEqual(['oluwaseun']);
    expect(values('pt lives w/ sister ed')).toEqual(['ed']);
    expect(values("spoke w/ pt's daughter (jaylen) re: goals of care.")).toEqual(['jaylen']);
    expect(values('hcp form on chart, agent is terry lee of dedham.')).toEqual(['terry lee', 'dedham']);
  });

  it('after a title or a role: "dr young", initials, names before ", rn"', () => {
    expect(found('updated by dr chen')).toEqual([['chen', 'NAME']]);
    expect(values('seen by dr young and np hall today')).toEqual(['young', 'hall']);
    expect(values('discussed w/ dr. h. murphy')).toEqual(['h. murphy']);
    expect(values('received pt from j. ward, rn at 0700')).toEqual(['j. ward']);
    expect(values('bill oyelaran md aware of k 3.2')).toEqual(['bill oyelaran']);
    expect(values('nurse bill aware of agitation')).toEqual(['bill']);
  });

  it('after a weaker cue or before an act: "with tom at bedside", "called joe"', () => {
    expect(values('with aoife at bedside, pt calmer')).toEqual(['aoife']);
    expect(values('with tom at bedside, pt calmer')).toEqual(['tom']);
    expect(values('called eileen at home')).toEqual(['eileen']);
    expect(values('carol from case mgmt following')).toEqual(['carol']);
  });

  it('not the words that follow a cue but are no name', () => {
    expect(findPhi('wife will visit in am, son in to visit, dr aware, husband called x2.')).toEqual([]);
    expect(findPhi('hcp form on chart. family member at bedside.')).toEqual([]);
    // "mr" is also mitral regurgitation
    expect(findPhi('echo: ef 25%, mod mr. Plan: d/c to floor.\nmod mr.\nEcho repeated.')).toEqual([]);
    expect(findPhi("will f/u w/ pm labs, per riss, trach 8.0 shiley, foley d/c'd, hoyer to chair.")).toEqual([]);
  });

  it('a note typed in capitals is read by its cue words', () => {
    expect(found('WIFE MARY IN TO VISIT. NEURO: A+OX3, MAE, PERRLA. RESP: LS CLEAR.')).toEqual([['MARY', 'NAME']]);
  });
});

describe('dates of every shape, and the numbers that only look like dates', () => {
  it('month names in lowercase, ordinals, day-month, two-digit years', () => {
    for (const d of [
      'march 14',
      'mar 14th',
      'sep 3',
      '14-mar',
      '14th of march',
      "mar '95",
      'march 14, 2004',
      'june 2009',
    ]) {
      expect(found(`last bm ${d}, given senna.`), d).toEqual([[d, 'DATE']]);
    }
  });

  it('numeric month/day with and without year', () => {
    for (const d of ['3/14', '3/14/95', '03/14/2004']) expect(found(`echo ${d}: ef 25%`), d).toEqual([[d, 'DATE']]);
    expect(found('admitted 3-14 from home')).toEqual([['3-14', 'DATE']]);
    expect(found('f/u appt 1-9 at 1915')).toEqual([['1-9', 'DATE']]);
    expect(found('hct due on the 14th')).toEqual([['14th', 'DATE']]);
    expect(values('was at rehab 2/11 - 9/4 for hip fx')).toEqual(['2/11', '9/4']);
  });

  it('vital signs, labs, vent settings, ranges, scores and times are not dates', () => {
    const clean = [
      'bp 120/80, hr 88, rr 10-12, temp 98.6, sat 95% on 2l, cvp 12, i/o 1200/800.',
      'on cpap 5/5, ps 10/5, peep 5, fio2 40%, abg 7.32/45/88.',
      'k 3.8, mg 1.9, hct 28.4, inr 1.2, bun/cr 32/1.4.',
      'hypotension 2/2 sepsis, started on 1/2 ns at 75cc/hr, give 1-2 tabs q4-6h.',
      'chest pain 6/10, ntg sl x1 with relief to 2/10.',
      'strength 5/5 rue, 4/5 lue. pupils 3-2mm brisk.',
      'ativan given at 0300 and again at 14:30, next dose 2pm.',
      'pt may 2 units prbc if hct < 21.',
    ];
    for (const note of clean) expect(found(note), note).toEqual([]);
  });
});

describe('phones, pagers and extensions', () => {
  it('finds them', () => {
    expect(found('page dr x, pager 12345')).toEqual([
      ['x', 'NAME'],
      ['12345', 'PHONE'],
    ]);
    expect(values('call x4321 or ext. 2086 w/ questions')).toEqual(['x4321', 'ext. 2086']);
    expect(values('son can be reached at 555-1234 or 617-555-0123 x12')).toEqual(['555-1234', '617-555-0123 x12']);
    expect(values('Can someone call me on 450 0840?')).toEqual(['450 0840']);
  });

  it('not vitals or volumes', () => {
    expect(findPhi('hr 110-120s, uo 1200 cc, i/o +1200/800, tv 500 x 14.')).toEqual([]);
  });
});

describe('places: towns after cue words, hospitals and rehabs, lowercase streets', () => {
  it('towns', () => {
    expect(found('pt lives in quincy with wife')).toEqual([['quincy', 'LOCATION']]);
    expect(found('pt from mattapan, lives alone')).toEqual([['mattapan', 'LOCATION']]);
    expect(found('wants to go home to hingham')).toEqual([['hingham', 'LOCATION']]);
    expect(found('lives in fall river')).toEqual([['fall river', 'LOCATION']]);
  });

  it('hospitals, rehabs and nursing homes named after people or places', () => {
    expect(found('transferred from newton-wellesley')).toEqual([['newton-wellesley', 'LOCATION']]);
    expect(found('plan: d/c to cape cod hosp on monday')).toEqual([['cape cod hosp', 'FACILITY']]);
    expect(found('screen sent to marina bay nursing home')).toEqual([['marina bay nursing home', 'FACILITY']]);
    expect(found('admitted from baystate medical center')).toEqual([['baystate medical center', 'FACILITY']]);
    expect(found('prior admit to st elizabeths for chf')).toEqual([['st elizabeths', 'FACILITY']]);
    expect(found("pcp at St. Mary's")).toEqual([["St. Mary's", 'FACILITY']]);
  });

  it('streets typed in lowercase', () => {
    expect(found('pt lives at 12 elm st with son')).toEqual([['12 elm st', 'ADDRESS']]);
  });

  it('not generic places, ST segments or abbreviations', () => {
    const clean = [
      'no st elevations or st depressions on ekg.',
      'd/c to rehab when stable; cardiac rehab referral, outside hospital records requested.',
      'independent in ADLs, in nad, follow-up in 3 months with repeat CT.',
      'under general anesthesia, tf at goal via ngt, sr 80s.',
    ];
    for (const note of clean) expect(found(note), note).toEqual([]);
  });

  it('a postcode after a country on the last line of an address', () => {
    expect(found('Domoszló\nHungary 34796')).toContainEqual(['34796', 'ZIP']);
  });
});

describe('ages over 89 in every shape', () => {
  it('finds them', () => {
    for (const a of ['91 yo m', '91yo', '91 y/o', '91 year old', '93M', '90-year-old']) {
      expect(found(`pt is a ${a} w/ hx chf`), a).toEqual([[a, 'AGE']]);
    }
    expect(values('pt aged 91; age: 96; age 100')).toEqual(['91', '96', '100']);
  });

  it('not 89 or less', () => {
    expect(findPhi('pt is a 78 yo m, age 85, a 64-year-old')).toEqual([]);
  });
});
