import { describe, expect, it } from 'vitest';
import { getStudy } from '../../../shared/studies/index';
import { normalizeValue } from '../../../shared/protocol/values';
import { rawFromUnknown, sameRaw, toDraft, toRaw, toSend } from './values';
import { parseRoute, routeHash } from '../app/router';

const study = getStudy('SACRO');
const proc = study.form('PROC');

describe('screen values', () => {
  it('shows stored numbers as text and dates in the one display format (YYYY-MM-DD)', () => {
    const raw = toRaw(proc, {
      proc_date: '2024-03-05',
      cement_ml: 6.5,
      extravasation_site: ['CANAL'],
      needles: { missing: 'UNK' },
    });
    expect(raw.proc_date).toBe('2024-03-05');
    expect(raw.cement_ml).toBe('6.5');
    expect(raw.extravasation_site).toEqual(['CANAL']);
    expect(raw.needles).toEqual({ missing: 'UNK' });
    expect('subject_id' in toRaw(study.form('REG'), {})).toBe(false);
  });

  it('keeps drafts normalised where they parse and as typed where they do not', () => {
    const d = toDraft(proc, { proc_date: '03/05/2024', cement_ml: '6.', needles: 'two' }, normalizeValue);
    expect(d.proc_date).toBe('2024-03-05');
    expect(d.cement_ml).toBe(6);
    expect(d.needles).toBe('two');
    expect(rawFromUnknown(proc, d).proc_date).toBe('2024-03-05');
  });

  it('compares blanks alike and sends blanks as null', () => {
    expect(sameRaw('', null)).toBe(true);
    expect(sameRaw([], undefined)).toBe(true);
    expect(sameRaw(' 5 ', '5')).toBe(true);
    expect(toSend(proc, { cement_ml: '' }).cement_ml).toBeNull();
  });
});

describe('routes', () => {
  it('round-trips every screen', () => {
    for (const r of [
      { name: 'subjects' },
      { name: 'casebook', subjectId: 'MMC-0001' },
      { name: 'form', subjectId: 'MMC-0001', event: 'ae', form: 'AE', instance: 0 },
      { name: 'form', subjectId: 'MMC-0001', event: 'fu_1m', form: 'FU', instance: 1 },
      { name: 'admin' },
    ] as const)
      expect(parseRoute(routeHash(r))).toEqual(r);
    expect(parseRoute('#/nonsense')).toEqual({ name: 'subjects' });
  });
});
