/** Queries: open → answered → closed, re-open; who may do which; failed rules raised in one step. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCasebook } from '../../main/services/casebook';
import { subjectDashboard } from '../../main/services/dashboard';
import { saveForm } from '../../main/services/save-form';
import {
  closeQuery,
  listQueries,
  openQuery,
  raiseRuleQueries,
  reopenQuery,
  replyQuery,
} from '../../main/services/queries';
import type { SiteSession } from '../../main/services/session';
import { registerSubject } from '../../main/services/subjects';
import { makeSite, SACRO_CASE, type Site } from './site-fixture';

let site: Site;
let c: SiteSession, m: SiteSession;
let subjectId: string;
beforeAll(() => {
  site = makeSite();
  c = site.login('coordinator');
  m = site.login('monitor');
  subjectId = registerSubject(c).subjectId;
  saveForm(c, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
  saveForm(c, { subjectId, event: 'procedure', form: 'PROC', values: SACRO_CASE.PROC, status: 'complete' });
});
afterAll(() => {
  c.close();
  m.close();
  site.cleanup();
});

describe('queries', () => {
  it('runs open → answered → closed → re-opened, with a thread, shown on the form, casebook and table', () => {
    const q = openQuery(m, {
      subjectId,
      event: 'procedure',
      form: 'PROC',
      field: 'cement_ml',
      text: 'Cement volume: the procedure note says 5.5 mL',
    });
    expect(q).toMatchObject({ status: 'open', field: 'cement_ml', openedBy: 'monitor' });
    expect(getCasebook(c, subjectId).events.find((e) => e.id === 'procedure')!.forms[0]!.openQueries).toBe(1);
    expect(subjectDashboard(c).rows.find((r) => r.subjectId === subjectId)!.openQueries).toBe(1);
    expect(() => closeQuery(c, { queryId: q.id })).toThrow(/A coordinator may not do this/);
    const a = replyQuery(c, { queryId: q.id, text: 'Corrected from the source' });
    expect(a.status).toBe('answered');
    const closed = closeQuery(m, { queryId: q.id, text: 'Thank you' });
    expect(closed.status).toBe('closed');
    expect(closed.messages.map((x) => x.action)).toEqual(['open', 'reply', 'close']);
    expect(() => replyQuery(c, { queryId: q.id, text: 'late' })).toThrow(/is closed: it cannot be answered/);
    expect(getCasebook(c, subjectId).openQueries).toBe(0);
    const re = reopenQuery(m, { queryId: q.id, text: 'The note was amended again' });
    expect(re.status).toBe('open');
    expect(listQueries(c, { status: 'open', subjectId }).map((x) => x.id)).toEqual([q.id]);
    const actions = c.db
      .prepare(`SELECT action FROM audit WHERE action LIKE 'query.%' ORDER BY id`)
      .all()
      .map((r) => (r as { action: string }).action);
    expect(actions).toEqual(['query.open', 'query.reply', 'query.close', 'query.reopen']);
  });

  it('refuses an empty query, a field that does not exist, and an unknown query', () => {
    expect(() => openQuery(m, { subjectId, text: '  ' })).toThrow(/needs text/);
    expect(() => openQuery(m, { subjectId, event: 'procedure', form: 'PROC', field: 'nope', text: 'x' })).toThrow(
      /PROC has no field nope/,
    );
    expect(() => closeQuery(m, { queryId: 9999 })).toThrow(/No query 9999/);
  });

  it('raises each failed rule of a casebook as a query in one step, and not twice', () => {
    // A follow-up out of its window only warns on save; the monitor raises it as a query.
    saveForm(c, {
      subjectId,
      event: 'fu_1m',
      form: 'FU',
      values: { ...SACRO_CASE.FU_1M, fu_date: '2025-04-30' },
      status: 'complete',
    });
    const raised = raiseRuleQueries(m, { subjectId });
    expect(raised.map((q) => `${q.form}.${q.field}:${q.rule}`)).toContain('FU.fu_date:window');
    expect(raised.find((q) => q.rule === 'window')!.messages[0]!.text).toMatch(
      /outside the Follow-up 1 month window.*Please check against the source/,
    );
    expect(raiseRuleQueries(m, { subjectId })).toEqual([]);
  });
});
