/** Killed at random moments, a saving process never loses a save it reported, and the chain still verifies. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../main/services/audit';
import { makeSite, PASSWORDS, type Site } from './site-fixture';

let site: Site;
beforeAll(() => (site = makeSite()));
afterAll(() => site.cleanup());

function runAndKill(killAfterMs: number): Promise<{ saved: { subjectId: string; vas: number }[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/integration/children/save-loop.ts', site.path, PASSWORDS.coordinator],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended without being killed: ${err}`));
      // Only complete lines count: a line cut by the kill was not fully reported.
      const saved = out
        .split('\n')
        .slice(0, -1)
        .filter((l) => l.startsWith('saved '))
        .map((l) => {
          const [, subjectId, , vas] = l.split(' ');
          return { subjectId: subjectId!, vas: Number(vas) };
        });
      resolve({ saved });
    });
  });
}

describe('crash safety (WAL, synchronous=FULL, one transaction per save)', () => {
  it('keeps every reported save through 20 SIGKILLs at random moments', async () => {
    let total = 0;
    for (let round = 0; round < 20; round++) {
      const { saved } = await runAndKill(20 + Math.floor(Math.random() * 280));
      total += saved.length;
      const s = site.login('admin');
      try {
        const stmt = s.db.prepare(
          `SELECT f.data FROM forms f JOIN subjects s ON s.id = f.subject WHERE s.subject_id = ? AND f.form = 'BASE'`,
        );
        for (const x of saved) {
          const row = stmt.get(x.subjectId) as { data: string } | undefined;
          expect(row, `${x.subjectId} reported saved in round ${round}`).toBeDefined();
          expect(JSON.parse(row!.data).vas_pre).toBe(x.vas);
        }
        expect(verifyAuditChain(s.db).ok).toBe(true);
        expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        s.close();
      }
    }
    expect(total).toBeGreaterThan(20);
  }, 180_000);
});
