/**
 * Errors cross IPC as data: a save that breaks another form's check names that form, event and
 * field in its issues, and the message is the rule's own sentence (no "FORM: " to strip).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { isCrfError } from '../../shared/errors';
import { makeSite, SACRO_CASE } from './site-fixture';

const site = makeSite();
afterAll(() => site.cleanup());

describe('structured errors', () => {
  it("carries another form's broken check as data", () => {
    const c = site.login('coordinator');
    const { subjectId } = registerSubject(c);
    for (const [event, form] of [
      ['screening', 'REG'],
      ['screening', 'ELIG'],
      ['screening', 'BASE'],
      ['procedure', 'PROC'],
    ] as const)
      saveForm(c, { subjectId, event, form, values: SACRO_CASE[form], status: 'complete' });
    saveForm(c, { subjectId, event: 'fu_1m', form: 'FU', values: SACRO_CASE.FU_1M, status: 'complete' });

    let error: unknown;
    try {
      saveForm(c, {
        subjectId,
        event: 'procedure',
        form: 'PROC',
        values: { ...SACRO_CASE.PROC, proc_date: '2025-03-01' },
        status: 'complete',
        reason: 'Date corrected from the procedure log',
      });
    } catch (e) {
      error = e;
    }
    expect(isCrfError(error)).toBe(true);
    const e = error as { code: string; issues?: { form?: string; event?: string; field?: string; message: string }[] };
    expect(e.code).toBe('VALIDATION');
    const fu = e.issues?.find((i) => i.form === 'FU');
    expect(fu).toMatchObject({ form: 'FU', event: 'fu_1m', field: 'fu_date' });
    expect(fu!.message).not.toMatch(/^FU: /);
    expect(fu!.message).toMatch(/^[A-Z]/);
    c.close();
  });
});
