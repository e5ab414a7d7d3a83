import { describe, expect, it } from 'vitest';
import type { Casebook } from '../../shared/protocol/casebook';
import { getStudy } from '../../shared/studies/index';
import { addDays, daysBetween } from '../../shared/dates';
import { dayOffset, deidentifySubject } from './deidentify';
import { exportLayout } from './layout';
import { PROFILES } from './profiles';

const study = getStudy('SACRO');
const cb: Casebook = {
  subjectId: 'MMC-0042',
  forms: [
    {
      event: 'screening',
      form: 'REG',
      instance: 1,
      values: {
        subject_id: 'MMC-0042',
        mrn: 'QX-1',
        last_name: 'Quackenbush',
        first_name: 'Zebulon',
        birth_date: '1930-01-01',
        sex: 'M',
        zip: '82301',
        phone: '203-555-0199',
        referral_date: '2025-03-01',
        consent: 'WAIVER',
      },
    },
    {
      event: 'procedure',
      form: 'PROC',
      instance: 1,
      values: { proc_date: '2025-03-11', cement_ml: 7.25, proc_notes: 'Zebulon Quackenbush tolerated it' },
    },
  ],
};
const row = (profile: keyof typeof PROFILES, sheet: string): Record<string, unknown> => {
  const layout = exportLayout(study, PROFILES[profile]);
  const spec = layout.sheets.find((s) => s.name === sheet)!;
  const cells = deidentifySubject(study, PROFILES[profile], cb, { layout }).sheets.get(sheet)![0]!;
  return Object.fromEntries(spec.columns.map((c, i) => [c.code, cells[i]]));
};

describe('deidentifySubject', () => {
  it('safe-harbor: direct dropped, dates as days, ZIP3 000, age 90+ with the year withheld', () => {
    expect(row('safe-harbor', 'REG')).toEqual({
      subject_id: 'MMC-0042',
      age_at_proc: '90+',
      sex: 'M',
      zip3: '000',
      referral_date_day: -10,
      consent: 'WAIVER',
    });
    expect(row('safe-harbor', 'PROC')).toMatchObject({ proc_date_day: 0, proc_year: null, cement_ml: 7.3 });
    expect(row('safe-harbor', 'PROC')).not.toHaveProperty('proc_notes');
  });
  it('safe-harbor-text: free text only after the scan with the subject’s own identifiers', () => {
    expect(row('safe-harbor-text', 'PROC').proc_notes).toBe('[REDACTED:NAME] tolerated it');
  });
  it('limited: dates as ISO text, ZIP5, age still top-coded, names gone', () => {
    expect(row('limited', 'REG')).toEqual({
      subject_id: 'MMC-0042',
      age_at_proc: '90+',
      sex: 'M',
      zip: '82301',
      referral_date: '2025-03-01',
      consent: 'WAIVER',
    });
  });
  it('identified: everything as entered', () => {
    expect(row('identified', 'REG')).toMatchObject({
      mrn: 'QX-1',
      birth_date: '1930-01-01',
      phone: '203-555-0199',
      zip: '82301',
    });
  });
  it('refuses a layout made for another profile', () => {
    expect(() =>
      deidentifySubject(study, PROFILES.limited, cb, { layout: exportLayout(study, PROFILES['safe-harbor']) }),
    ).toThrow(/another profile/);
  });
});

describe('dayOffset', () => {
  it('gives what daysBetween gives, across years, leap days and daylight-saving changes', () => {
    const tz = process.env.TZ;
    try {
      for (const zone of [tz, 'America/New_York', 'Australia/Lord_Howe', 'UTC']) {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
        const from = ['1900-02-28', '1936-03-14', '2000-02-29', '2024-03-10', '2025-11-02', '2026-10-31'];
        for (const a of from)
          for (let k = -800; k <= 800; k += 7) {
            const b = addDays(a, k);
            expect(dayOffset(a, b), `${zone} ${a} → ${b}`).toBe(daysBetween(a, b));
          }
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
