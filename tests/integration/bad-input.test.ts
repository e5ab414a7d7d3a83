/** Bad input gets a clear error naming the field and the rule, and leaves the database as it was. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrfError } from '../../shared/errors';
import { applyEntries } from '../../main/services/entries';
import { saveForm, type SaveFormInput } from '../../main/services/save-form';
import type { SiteSession } from '../../main/services/session';
import { registerSubject, withdrawSubject } from '../../main/services/subjects';
import { contentDigest } from './db-digest';
import { makeSite, SACRO_CASE, type Site } from './site-fixture';

let site: Site;
let s: SiteSession;
let subjectId: string;
beforeAll(() => {
  site = makeSite();
  s = site.login('coordinator');
  subjectId = registerSubject(s).subjectId;
  saveForm(s, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
  saveForm(s, { subjectId, event: 'procedure', form: 'PROC', values: SACRO_CASE.PROC, status: 'complete' });
});
afterAll(() => {
  s.close();
  site.cleanup();
});

const base = (): SaveFormInput => ({
  subjectId,
  event: 'screening',
  form: 'BASE',
  values: { ...SACRO_CASE.BASE },
  status: 'complete',
});
const cases: { name: string; input: () => SaveFormInput; field?: string; rule: string | RegExp; message: RegExp }[] = [
  {
    name: 'unknown subject',
    input: () => ({ ...base(), subjectId: 'MMC-9999' }),
    field: 'subjectId',
    rule: 'exists',
    message: /No subject MMC-9999/,
  },
  {
    name: 'unknown event',
    input: () => ({ ...base(), event: 'week99' }),
    field: 'event',
    rule: 'exists',
    message: /Unknown event "week99"/,
  },
  {
    name: 'unknown form',
    input: () => ({ ...base(), form: 'XYZ' }),
    field: 'form',
    rule: 'exists',
    message: /Unknown form "XYZ"/,
  },
  {
    name: 'form at the wrong event',
    input: () => ({ ...base(), event: 'fu_1m' }),
    field: 'form',
    rule: 'event',
    message: /not collected at/,
  },
  {
    name: 'unknown field',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, pain_score: 3 } }),
    field: 'pain_score',
    rule: 'unknownField',
    message: /pain_score/,
  },
  {
    name: 'wrong type (text for an integer)',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, vas_pre: 'nine' } }),
    field: 'vas_pre',
    rule: 'type',
    message: /whole number/,
  },
  {
    name: 'wrong type (decimal for an integer)',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, vas_pre: 7.5 } }),
    field: 'vas_pre',
    rule: 'type',
    message: /whole number/,
  },
  {
    name: 'value out of range',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, vas_pre: 11 } }),
    field: 'vas_pre',
    rule: 'range',
    message: /between 0 and 10/,
  },
  {
    name: 'code not in the list',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, ambulation: 'RUNNING' } }),
    field: 'ambulation',
    rule: 'code',
    message: /RUNNING/,
  },
  {
    name: 'multi code not in the list',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, analgesic: ['APAP', 'MORPHINE'] } }),
    field: 'analgesic',
    rule: 'code',
    message: /MORPHINE/,
  },
  {
    name: 'invalid date 2026-02-30',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, baseline_date: '2026-02-30' } }),
    field: 'baseline_date',
    rule: 'date',
    message: /2026-02-30/,
  },
  {
    name: 'invalid date 13/01/2025',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, baseline_date: '13/01/2025' } }),
    field: 'baseline_date',
    rule: 'date',
    message: /not a real calendar date|calendar date/,
  },
  {
    name: '100 KB string',
    input: () => ({
      subjectId,
      event: 'procedure',
      form: 'PROC',
      values: { ...SACRO_CASE.PROC, proc_notes: 'x'.repeat(100_000) },
      status: 'complete',
      reason: 'r',
    }),
    field: 'proc_notes',
    rule: 'maxLength',
    message: /2000 characters/,
  },
  {
    name: 'SQL text',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, ambulation: "INDEP'; DROP TABLE forms; --" } }),
    field: 'ambulation',
    rule: 'code',
    message: /must be one of INDEP, AID, WHEELCHAIR, BEDBOUND/,
  },
  {
    name: 'script text in a code field',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, ambulation: '<script>alert(1)</script>' } }),
    field: 'ambulation',
    rule: 'code',
    message: /must be one of INDEP, AID, WHEELCHAIR, BEDBOUND/,
  },
  {
    name: 'a missing-data code that does not exist',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, symptom_weeks: { missing: 'NOPE' } } }),
    field: 'symptom_weeks',
    rule: 'missingCode',
    message: /NA, UNK, ND/,
  },
  {
    name: 'required field left blank for complete',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, vas_pre: null } }),
    field: 'vas_pre',
    rule: 'required',
    message: /required/,
  },
  {
    name: 'NONE with another analgesic',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, analgesic: ['NONE', 'APAP'] } }),
    field: 'analgesic',
    rule: 'exclusive',
    message: /NONE/,
  },
  {
    name: 'a date after the procedure',
    input: () => ({ ...base(), values: { ...SACRO_CASE.BASE, baseline_date: '2025-02-01' } }),
    field: 'baseline_date',
    rule: 'compare',
    message: /procedure/,
  },
  {
    name: 'a status that does not exist',
    input: () => ({ ...base(), status: 'final' as 'complete' }),
    field: 'status',
    rule: 'code',
    message: /draft or complete/,
  },
  {
    name: 'instance 2 of a one-per-event form',
    input: () => ({ ...base(), instance: 2 }),
    field: 'instance',
    rule: 'range',
    message: /one instance/,
  },
];

describe('bad input is refused clearly and changes nothing', () => {
  it.each(cases)('$name', ({ input, field, rule, message }) => {
    const before = contentDigest(s.db);
    let err: unknown;
    try {
      saveForm(s, input());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CrfError);
    const e = err as CrfError;
    const named = e.issues?.[0] ?? { field: e.field, rule: e.rule };
    if (field) expect(named.field).toBe(field);
    expect(named.rule).toMatch(rule);
    expect(e.message).toMatch(message);
    expect(contentDigest(s.db)).toBe(before);
  });

  it('reports each rejected scripted entry with subject, form, field and rule, and applies the valid ones', () => {
    const before = (s.db.prepare('SELECT count(*) AS n FROM forms').get() as { n: number }).n;
    const { results } = applyEntries(s, {
      entries: [
        {
          action: 'save',
          subject: subjectId,
          event: 'screening',
          form: 'BASE',
          values: { ...SACRO_CASE.BASE, vas_pre: 12 },
        },
        { action: 'save', subject: subjectId, event: 'screening', form: 'ELIG', values: SACRO_CASE.ELIG },
        { action: 'save', subject: 'MMC-4242', event: 'screening', form: 'ELIG', values: SACRO_CASE.ELIG },
        { action: 'explode' },
      ],
    });
    expect(results.map((r) => r.ok)).toEqual([false, true, false, false]);
    expect(results[0]).toMatchObject({ subjectId, form: 'BASE', field: 'vas_pre', rule: 'range' });
    expect(results[2]).toMatchObject({ subjectId: 'MMC-4242', field: 'subjectId', rule: 'exists' });
    expect(results[3]).toMatchObject({ rule: 'shape' });
    expect((s.db.prepare('SELECT count(*) AS n FROM forms').get() as { n: number }).n).toBe(before + 1);
  });

  it('never reuses a subject id, also after withdrawal, and keeps a withdrawn casebook read-only', () => {
    const a = registerSubject(s).subjectId;
    withdrawSubject(s, { subjectId: a, reason: 'Consent withdrawn by IRB decision' });
    const b = registerSubject(s).subjectId;
    expect(Number(b.slice(4))).toBe(Number(a.slice(4)) + 1);
    expect(() =>
      saveForm(s, { subjectId: a, event: 'screening', form: 'BASE', values: SACRO_CASE.BASE, status: 'complete' }),
    ).toThrow(/withdrawn: its casebook is read-only/);
    expect(() => withdrawSubject(s, { subjectId: b, reason: '   ' })).toThrow(/needs a reason/);
  });
});
