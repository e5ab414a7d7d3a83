/** One visit status for every screen: a visit not entered is not due of a subject who withdrew or died. */
import { describe, expect, it } from 'vitest';
import { SACRO } from '../studies/sacro';
import type { Casebook } from './casebook';
import { loadProtocol } from './load';
import { deathConditionForms, once, subjectDied, visitStatus } from './visit-status';

const study = loadProtocol(SACRO);
const PROC = '2025-01-14';
const TODAY = '2026-12-01';
const alive = { indexDate: PROC, today: TODAY, status: 'active' as const, died: () => false };
const notEntered = { entered: false, visitDate: null };

describe('visitStatus', () => {
  it('is overdue for a living subject with the visit not entered, after its window', () => {
    expect(visitStatus(study, 'fu_1y', alive, notEntered).state).toBe('overdue');
    expect(visitStatus(study, 'fu_1m', { ...alive, today: '2025-02-10' }, notEntered).state).toBe('due');
    expect(visitStatus(study, 'fu_1y', { ...alive, today: '2025-02-10' }, notEntered).state).toBe('upcoming');
  });

  it('is not expected of a subject who died or withdrew', () => {
    expect(visitStatus(study, 'fu_1y', { ...alive, died: () => true }, notEntered).state).toBe('not_expected');
    expect(visitStatus(study, 'fu_1y', { ...alive, status: 'withdrawn' }, notEntered).state).toBe('not_expected');
    expect(visitStatus(study, 'fu_1y', { ...alive, today: '2025-02-10', died: () => true }, notEntered).state).toBe(
      'not_expected',
    );
  });

  it('keeps a visit that was entered as done, dead or not, and keeps its window dates', () => {
    const dead = { ...alive, died: () => true };
    expect(visitStatus(study, 'fu_1m', dead, { entered: true, visitDate: '2025-02-13' }).state).toBe('done');
    expect(visitStatus(study, 'fu_1m', dead, { entered: true, visitDate: '2025-06-13' }).state).toBe(
      'done_out_of_window',
    );
    const w = visitStatus(study, 'fu_1y', dead, notEntered);
    expect(w.overdueAfter).not.toBeNull();
  });

  it('asks whether the subject died only when a visit is outstanding, and once', () => {
    let asked = 0;
    const died = once(() => {
      asked++;
      return false;
    });
    const facts = { ...alive, died };
    visitStatus(study, 'fu_1m', facts, { entered: true, visitDate: '2025-02-13' });
    expect(asked).toBe(0);
    visitStatus(study, 'fu_1y', facts, notEntered);
    visitStatus(study, 'fu_1y', facts, notEntered);
    expect(asked).toBe(1);
  });
});

describe('subjectDied', () => {
  const cb = (vital: string): Casebook => ({
    subjectId: 'MMC-0001',
    forms: [{ event: 'fu_1m', form: 'FU', instance: 1, values: { vital_status: vital } }],
  });
  it("reads the study's death condition", () => {
    expect(subjectDied(study, cb('DEAD'))).toBe(true);
    expect(subjectDied(study, cb('ALIVE'))).toBe(false);
    expect(deathConditionForms(study)).toEqual(new Set(['FU']));
  });
});
