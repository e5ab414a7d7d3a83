/**
 * The report, worklist, export-profile and protocol channels answer what their contract
 * schemas say (shared/ipc/views.ts): checked on a demo database with output checking on, and
 * exactly (parsing drops unknown keys, so an answer equal to its parse has no field the schema
 * does not name).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../main/demo/index';
import type { AppState } from '../../main/ipc/app-state';
import { dispatch } from '../../main/ipc/dispatch';
import { loginAs, siteWithUsers } from '../support/ipc';
import { contract, type Channel } from '../../shared/ipc/contract';
import { ALL_SUBJECTS, EXPORT_PROFILES } from '../../shared/ipc/views';
import { PHI_CLASSES } from '../../shared/protocol/schema';
import type { Role } from '../../shared/roles';

let dir: string;
let state: AppState;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-views-'));
  ({ state } = await siteWithUsers(dir));
  await loginAs(state, 'coordinator');
  generateDemo(state.session!, { subjects: 60, seed: 11 });
});
afterAll(() => {
  state.session?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The channel's answer, checked against its output schema by dispatch and then exactly here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function answer(channel: Channel, role: Role): Promise<any> {
  await loginAs(state, role);
  const logged: string[] = [];
  const r = await dispatch(state, channel, {}, { checkOutput: true, log: (l) => logged.push(l) });
  expect(logged, `${channel} as ${role}`).toEqual([]);
  if (!r.ok) throw new Error(`${channel} as ${role}: ${r.error.code} ${r.error.message}`);
  expect(contract[channel].output.parse(r.value), `${channel}: a field the schema does not name`).toStrictEqual(
    r.value,
  );
  return r.value;
}

describe('typed outputs of the view channels', () => {
  it('reports.summary matches summarySchema', async () => {
    for (const role of ['coordinator', 'monitor'] as const) {
      const s = await answer('reports.summary', role);
      expect(s.enrollment.total).toBe(60);
      expect(s.strata.at(-1)).toEqual({ code: ALL_SUBJECTS, label: 'All subjects' });
      expect(s.enrollment.byMonth.reduce((a: number, m: { n: number }) => a + m.n, 0)).toBe(60);
      expect(s.outcomes.length).toBeGreaterThan(0);
      expect(s.outcomes.some((o: { p: number | null }) => o.p !== null)).toBe(true);
      expect(s.counts.length).toBeGreaterThan(0);
      expect(s.complications.length).toBe(s.strata.length);
    }
  });

  it('worklist.followUp matches worklistRowSchema, with contact fields', async () => {
    const rows = await answer('worklist.followUp', 'coordinator');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(['due', 'overdue']).toContain(r.state);
    expect(Object.keys(rows[0].contact).length).toBeGreaterThan(0);
  });

  it('export.profiles matches profileInfoSchema, every PHI class in words', async () => {
    const all = await answer('export.profiles', 'coordinator');
    expect(all.map((p: { id: string }) => p.id)).toEqual([...EXPORT_PROFILES]);
    for (const p of all) expect(Object.keys(p.rules).sort()).toEqual([...PHI_CLASSES].sort());
    const monitor = await answer('export.profiles', 'monitor');
    expect(monitor.map((p: { id: string }) => p.id)).not.toContain('identified');
  });

  it('protocol.get matches protocolSchema', async () => {
    for (const role of ['coordinator', 'monitor'] as const) {
      const def = await answer('protocol.get', role);
      expect(def.id).toBe('SACRO');
      expect(def.forms.length).toBeGreaterThan(0);
    }
  });
});
