/**
 * A subject who died at 1 month: the subjects table, the casebook, the worklist and the Summary
 * all leave the 1-year visit out of "overdue" (issue 11: two of the four said overdue), while a
 * living subject with the same dates is overdue in all four.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../main/ipc/app-state';
import { loginAs, must, siteWithUsers } from '../support/ipc';
import { SACRO_CASE } from './site-fixture';

let dir: string;
let state: AppState;
const ids: Record<'alive' | 'dead', string> = { alive: '', dead: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-visits-'));
  ({ state } = await siteWithUsers(dir));
  await loginAs(state, 'coordinator');
  for (const who of ['alive', 'dead'] as const) {
    const { subjectId } = await must(state, 'subjects.register', {});
    ids[who] = subjectId;
    const save = (event: string, form: string, values: Record<string, unknown>) =>
      must(state, 'forms.save', { subjectId, event, form, instance: 1, values, status: 'complete' });
    await save('screening', 'REG', SACRO_CASE.REG);
    await save('screening', 'ELIG', SACRO_CASE.ELIG);
    await save('screening', 'BASE', SACRO_CASE.BASE);
    await save('procedure', 'PROC', SACRO_CASE.PROC);
    await save(
      'fu_1m',
      'FU',
      who === 'alive'
        ? SACRO_CASE.FU_1M
        : {
            fu_date: '2025-02-13',
            contact: 'CHART',
            vital_status: 'DEAD',
            death_date: '2025-02-10',
            death_related: 'N',
          },
    );
  }
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one visit status everywhere', () => {
  it('the subjects table', async () => {
    const dash = await must(state, 'subjects.dashboard', {});
    const overdue = (id: string) => dash.rows.find((r: { subjectId: string }) => r.subjectId === id).overdue;
    expect(overdue(ids.alive)).toEqual(['fu_1y']);
    expect(overdue(ids.dead)).toEqual([]);
  });

  it('the casebook', async () => {
    const state1y = async (id: string) =>
      (await must(state, 'casebook.get', { subjectId: id })).events.find((e: { id: string }) => e.id === 'fu_1y').window
        .state;
    expect(await state1y(ids.alive)).toBe('overdue');
    expect(await state1y(ids.dead)).toBe('not_expected');
  });

  it('the worklist', async () => {
    const rows: { subjectId: string; event: string; state: string }[] = await must(state, 'worklist.followUp', {});
    expect(rows.filter((r) => r.subjectId === ids.alive).map((r) => [r.event, r.state])).toEqual([
      ['fu_1y', 'overdue'],
    ]);
    expect(rows.filter((r) => r.subjectId === ids.dead)).toEqual([]);
  });

  it('the Summary', async () => {
    const s = await must(state, 'reports.summary', {});
    expect(s.overdue).toEqual([
      { event: 'fu_1m', n: 0 },
      { event: 'fu_1y', n: 1 },
    ]);
  });
});
