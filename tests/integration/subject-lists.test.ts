/**
 * Issue 11, smaller things, on a real encrypted file: "1 open query" counts only queries awaiting
 * the site (an answered one awaits the monitor and is counted apart), and a draft left after a
 * crash is listed on the subjects table and the casebook for its own user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCasebook } from '../../main/services/casebook';
import { subjectDashboard } from '../../main/services/dashboard';
import { keepDraft } from '../../main/services/drafts';
import { openQuery, replyQuery } from '../../main/services/queries';
import { saveForm } from '../../main/services/save-form';
import { formatSubjectId, registerSubject } from '../../main/services/subjects';
import { makeSite, SACRO_CASE, type Site } from './site-fixture';

let site: Site;
let subjectId: string;
beforeAll(() => {
  site = makeSite();
  const s = site.login('coordinator');
  subjectId = registerSubject(s).subjectId;
  saveForm(s, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
  s.close();
});
afterAll(() => site.cleanup());

const as = <T>(role: string, f: (s: ReturnType<Site['login']>) => T): T => {
  const s = site.login(role);
  try {
    return f(s);
  } finally {
    s.close();
  }
};

describe('open and answered queries are counted apart', () => {
  it('an answered query is not "open" on the subjects table or the casebook; a new one is', () => {
    const q = as('monitor', (s) =>
      openQuery(s, { subjectId, event: 'screening', form: 'REG', field: 'zip', text: 'Please confirm the ZIP' }),
    );
    as('coordinator', (s) => replyQuery(s, { queryId: q.id, text: 'Confirmed from the chart' }));
    const row = () => as('coordinator', (s) => subjectDashboard(s).rows.find((r) => r.subjectId === subjectId)!);
    expect(row()).toMatchObject({ openQueries: 0, answeredQueries: 1 });
    const reg = () =>
      as('coordinator', (s) => {
        const cb = getCasebook(s, subjectId);
        return { cb, form: cb.events.find((e) => e.id === 'screening')!.forms.find((f) => f.form === 'REG')! };
      });
    expect(reg().cb).toMatchObject({ openQueries: 0, answeredQueries: 1 });
    expect(reg().form).toMatchObject({ openQueries: 0, answeredQueries: 1 });

    as('monitor', (s) => openQuery(s, { subjectId, event: 'screening', form: 'REG', field: 'sex', text: 'Check sex' }));
    expect(row()).toMatchObject({ openQueries: 1, answeredQueries: 1 });
    expect(reg().form).toMatchObject({ openQueries: 1, answeredQueries: 1 });
  });
});

describe('pending drafts are listed', () => {
  it("a coordinator's unsaved draft shows on the subjects table and the casebook, for that coordinator only", () => {
    as('coordinator', (s) =>
      keepDraft(s, {
        subjectId,
        event: 'screening',
        form: 'BASE',
        instance: 1,
        values: { vas_pre: 7 },
        baseVersion: 0,
      }),
    );
    const mine = as('coordinator', (s) => subjectDashboard(s).rows.find((r) => r.subjectId === subjectId)!);
    expect(mine.drafts).toEqual(['screening/BASE']);
    const cb = as('coordinator', (s) => getCasebook(s, subjectId));
    expect(cb.drafts).toEqual([expect.objectContaining({ event: 'screening', form: 'BASE', instance: 1 })]);
    const forms = cb.events.find((e) => e.id === 'screening')!.forms;
    expect(forms.find((f) => f.form === 'BASE')!.draft).toBe(true);
    expect(forms.find((f) => f.form === 'REG')!.draft).toBe(false);
    // Drafts are per user: the investigator has none here.
    expect(as('investigator', (s) => subjectDashboard(s).rows.find((r) => r.subjectId === subjectId)!.drafts)).toEqual(
      [],
    );
    // Saving the form spends the draft, and the marker goes.
    as('coordinator', (s) =>
      saveForm(s, { subjectId, event: 'screening', form: 'BASE', values: SACRO_CASE.BASE, status: 'complete' }),
    );
    expect(as('coordinator', (s) => subjectDashboard(s).rows.find((r) => r.subjectId === subjectId)!.drafts)).toEqual(
      [],
    );
  });
});

describe('subject IDs past 9999', () => {
  it('subject 10000 is SITE-10000 (IDs widen to five digits) and the table lists it after 9999, by number', () => {
    expect(formatSubjectId('MMC', 9999)).toBe('MMC-9999');
    expect(formatSubjectId('MMC', 10000)).toBe('MMC-10000');
    const ids = as('coordinator', (s) => {
      s.db.prepare(`UPDATE meta SET value = '9999' WHERE key = 'next_subject_seq'`).run();
      return [registerSubject(s).subjectId, registerSubject(s).subjectId];
    });
    expect(ids).toEqual(['MMC-9999', 'MMC-10000']);
    const listed = as('coordinator', (s) => subjectDashboard(s).rows.map((r) => r.subjectId));
    expect(listed.slice(-2)).toEqual(['MMC-9999', 'MMC-10000']);
  });
});
