import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../main/demo/index';
import { startHost, type Host } from '../../main/host/server';
import { api } from '../support/host';
import { call, loginAs, must, siteWithUsers } from '../support/ipc';

let dir: string;
let host: Host;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-export-'));
  host = await startHost({ dataDir: dir, checkOutput: true });
  await siteWithUsers(dir, host.state);
  await loginAs(host.state, 'coordinator');
  generateDemo(host.state.session!, { subjects: 120, seed: 7 });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('export and report channels', () => {
  it('runs the submission while the host keeps answering, with progress', async () => {
    const progress: { running: boolean; done: number; total: number }[] = [];
    let finished = false;
    const run = api(host.port, host.token, 'export.run', { period: '2026-06' }).finally(() => (finished = true));
    while (!finished) {
      const p = await api(host.port, host.token, 'export.progress', {});
      expect(p.json.ok).toBe(true);
      progress.push(p.json.value);
      await new Promise((r) => setTimeout(r, 5));
    }
    const r = (await run).json;
    expect(r).toMatchObject({ ok: true, value: { subjects: 120 } });
    expect(existsSync(r.value.file)).toBe(true);
    expect(r.value.file.startsWith(join(dir, 'exports'))).toBe(true);
    expect(r.value.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(progress.some((p) => p.running)).toBe(true);
    expect(await must(host.state, 'export.progress', {})).toMatchObject({ running: false, phase: 'done' });
    const again = await call(host.state, 'export.run', { period: '2026-06' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await must(host.state, 'export.progress', {})).toMatchObject({ running: false, phase: 'failed' });
  });

  it('refuses to log out while an export runs', async () => {
    const run = call(host.state, 'export.run', { period: '2026-05' });
    expect(await call(host.state, 'auth.logout', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await run).ok).toBe(true);
  });

  it('lists the profiles a role may run, and refuses the identified one to a monitor', async () => {
    const coordinator = await must(host.state, 'export.profiles', {});
    expect(coordinator.map((p: { id: string }) => p.id)).toContain('identified');
    expect(coordinator.find((p: { id: string }) => p.id === 'limited')).toMatchObject({ phi: true, submission: true });
    await loginAs(host.state, 'monitor');
    const monitor = await must(host.state, 'export.profiles', {});
    expect(monitor.map((p: { id: string }) => p.id)).toEqual(['safe-harbor', 'safe-harbor-text']);
    for (const profile of ['identified', 'limited'])
      expect(await call(host.state, 'export.run', { period: '2026-04', profile })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    expect(await call(host.state, 'export.worklist', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const summary = await must(host.state, 'reports.summary', {});
    expect(summary.enrollment.total).toBe(120);
  });

  it('writes the follow-up worklist as an identified, audited file', async () => {
    await loginAs(host.state, 'coordinator');
    const w = await must(host.state, 'export.worklist', {});
    expect(existsSync(w.file)).toBe(true);
    expect(basename(w.file)).toMatch(/_PHI\.xlsx$/);
    await loginAs(host.state, 'admin');
    const audit = await must(host.state, 'audit.list', { action: 'export.worklist' });
    expect(audit.total).toBe(1);
  });
});
