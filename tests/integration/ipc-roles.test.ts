import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type Channel } from '../../shared/ipc/contract';
import { ROLES, may, type Permission } from '../../shared/roles';
import type { AppState } from '../../main/ipc/app-state';
import { isPublic } from '../../main/ipc/handlers';
import { SiteSession } from '../../main/services/session';
import { call, loginAs, must, sampleInputs, siteWithUsers, type SampleIds } from '../support/ipc';
import { SACRO_VALID } from '../fixtures/protocols/sacro-casebook';

let dir: string;
let state: AppState;
let ids: SampleIds;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-roles-'));
  ({ state } = await siteWithUsers(dir));
  await loginAs(state, 'coordinator');
  const subject = await must(state, 'subjects.register', {});
  await must(state, 'forms.save', {
    subjectId: subject.subjectId,
    event: 'screening',
    form: 'REG',
    instance: 1,
    values: SACRO_VALID.REG.values,
    status: 'complete',
  });
  const q = await must(state, 'queries.open', {
    subjectId: subject.subjectId,
    event: 'screening',
    form: 'REG',
    field: 'sex',
    text: 'Please check the sex',
  });
  ids = { subjectId: subject.subjectId, queryId: q.id };
  await must(state, 'auth.logout', {});
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Channels whose one permission decides, as roles.ts says. */
const REPRESENTATIVE: [Channel, Permission][] = [
  ['subjects.register', 'subject.register'],
  ['forms.save', 'form.save'],
  ['drafts.keep', 'draft.keep'],
  ['workflow.verify', 'form.verify'],
  ['workflow.sign', 'casebook.sign'],
  ['workflow.lock', 'form.lock'],
  ['queries.open', 'query.open'],
  ['queries.close', 'query.close'],
  ['users.list', 'user.manage'],
  ['audit.list', 'audit.read'],
  ['worklist.followUp', 'worklist.read'],
  ['casebook.get', 'subject.read'],
  ['protocol.get', 'form.read'],
];

describe('roles across the table', () => {
  for (const role of ROLES) {
    it(`${role}: representative channels succeed or are FORBIDDEN as roles.ts says`, async () => {
      await loginAs(state, role);
      const inputs = sampleInputs(ids);
      for (const [channel, permission] of REPRESENTATIVE) {
        const r = await call(state, channel, inputs[channel]);
        if (may(role, permission)) expect(r.ok || r.error.code, `${role} ${channel}`).not.toBe('FORBIDDEN');
        else expect(r, `${role} ${channel}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      await must(state, 'auth.logout', {});
    });
  }

  it('every non-public channel reaches a role check, for every role', async () => {
    const spy = vi.spyOn(SiteSession.prototype, 'require');
    const missed: string[] = [];
    for (const role of ROLES) {
      await loginAs(state, role);
      const inputs = sampleInputs(ids);
      for (const channel of CHANNELS.filter((c) => !isPublic(c) && c !== 'subjects.withdraw')) {
        spy.mockClear();
        const r = await call(state, channel, inputs[channel]);
        if (!r.ok && r.error.code === 'INTERNAL') missed.push(`${role} ${channel}: INTERNAL`);
        if (spy.mock.calls.length === 0) missed.push(`${role} ${channel}`);
      }
      await must(state, 'auth.logout', {});
    }
    spy.mockRestore();
    expect(missed).toEqual([]);
  });
});
