/**
 * Issue 11: an abandoned registration (a subject ID taken, nothing saved) can be discarded with a
 * reason instead of staying as an empty row for good. The trail keeps both the registration and
 * the discard, the ID is never given again, and nothing that holds data (or went out in an
 * export) can be discarded. Two programs registering at once get different, consecutive IDs.
 * Real encrypted files; the race is two child processes.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCrfError, type CrfError } from '../../shared/errors';
import { verifyAudit } from '../../main/services/audit-verify';
import { subjectDashboard } from '../../main/services/dashboard';
import { keepDraft } from '../../main/services/drafts';
import { saveForm } from '../../main/services/save-form';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { discardSubject } from '../../main/services/subject-discard';
import { registerSubject, withdrawSubject } from '../../main/services/subjects';
import { exportSubmission } from '../../main/export/workbook-writer';
import { makeSite, PASSWORDS, SACRO_CASE, type Site } from './site-fixture';

let site: Site;
beforeAll(() => {
  site = makeSite();
});
afterAll(() => site.cleanup());

const refusal = (f: () => unknown): CrfError => {
  try {
    f();
  } catch (e) {
    if (isCrfError(e)) return e;
    throw e;
  }
  throw new Error('did not throw');
};

const auditOf = (subjectId: string): { action: string; reason: string | null; user: string }[] => {
  const s = site.login('admin');
  try {
    return s.db.prepare('SELECT action, reason, user FROM audit WHERE subject_id = ? ORDER BY id').all(subjectId) as {
      action: string;
      reason: string | null;
      user: string;
    }[];
  } finally {
    s.close();
  }
};

describe('discarding an abandoned registration', () => {
  it('removes the empty subject, keeps register + discard (with the reason) in a trail that verifies, never reuses the ID', () => {
    const c = site.login('coordinator');
    const { subjectId } = registerSubject(c);
    // The coordinator's own draft goes with it: it was never a recorded value.
    keepDraft(c, {
      subjectId,
      event: 'screening',
      form: 'REG',
      instance: 1,
      values: { last_name: 'Mistake' },
      baseVersion: 0,
    });
    expect(discardSubject(c, { subjectId, reason: '  registered by mistake ' })).toEqual({ discarded: subjectId });
    expect(subjectDashboard(c).rows.map((r) => r.subjectId)).not.toContain(subjectId);
    expect(c.db.prepare('SELECT count(*) AS n FROM drafts').get()).toEqual({ n: 0 });
    expect(auditOf(subjectId)).toEqual([
      { action: 'subject.register', reason: null, user: 'coordinator' },
      { action: 'subject.discard', reason: 'registered by mistake', user: 'coordinator' },
    ]);
    const next = registerSubject(c).subjectId;
    expect(next).not.toBe(subjectId);
    expect(Number(next.split('-')[1])).toBe(Number(subjectId.split('-')[1]) + 1);
    c.close();
    const a = site.login('admin');
    const report = verifyAudit(a);
    a.close();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('refuses a subject that holds anything: a saved form, a withdrawal, another user’s draft', () => {
    const c = site.login('coordinator');
    const saved = registerSubject(c).subjectId;
    saveForm(c, { subjectId: saved, event: 'screening', form: 'REG', status: 'complete', values: SACRO_CASE.REG });
    expect(refusal(() => discardSubject(c, { subjectId: saved, reason: 'x' })).message).toBe(
      `${saved} cannot be discarded: a form of it is saved. Withdraw the subject instead.`,
    );
    const withdrawn = registerSubject(c).subjectId;
    withdrawSubject(c, { subjectId: withdrawn, reason: 'consent withdrawn' });
    expect(refusal(() => discardSubject(c, { subjectId: withdrawn, reason: 'x' })).message).toMatch(/it is withdrawn/);
    const drafted = registerSubject(c).subjectId;
    const inv = site.login('investigator');
    keepDraft(inv, { subjectId: drafted, event: 'screening', form: 'REG', instance: 1, values: {}, baseVersion: 0 });
    inv.close();
    expect(refusal(() => discardSubject(c, { subjectId: drafted, reason: 'x' })).message).toMatch(
      /another user has unsaved changes/,
    );
    expect(refusal(() => discardSubject(c, { subjectId: drafted, reason: '  ' })).code).toBe('REASON_REQUIRED');
    const m = site.login('monitor');
    expect(refusal(() => discardSubject(m, { subjectId: drafted, reason: 'x' })).code).toBe('FORBIDDEN');
    m.close();
    for (const id of [saved, withdrawn, drafted])
      expect(auditOf(id).map((r) => r.action)).not.toContain('subject.discard');
    expect(subjectDashboard(c).rows.map((r) => r.subjectId)).toEqual(
      expect.arrayContaining([saved, withdrawn, drafted]),
    );
    c.close();
  });

  it('refuses a subject that went out in an export (the sponsor must never see an ID vanish)', async () => {
    const october = new Date('2026-10-05T09:00:00.000Z');
    const c = unlockSiteDatabase(
      site.path,
      { username: 'coordinator', password: PASSWORDS.coordinator },
      { clock: () => october },
    );
    const early = registerSubject(c).subjectId;
    c.close();
    const a = site.login('admin');
    await exportSubmission(a, { period: '2026-10', profile: 'safe-harbor', outDir: `${site.dir}/out` });
    a.close();
    const c2 = site.login('coordinator');
    expect(refusal(() => discardSubject(c2, { subjectId: early, reason: 'x' })).message).toMatch(
      /went out in an export already made/,
    );
    c2.close();
  });
});

/** Starts a child that registers `n` subjects once it reads a line; resolves with the child. */
function burst(n: number): { ready: Promise<void>; go(): void; ids: Promise<string[]> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/integration/children/register-burst.ts', site.path, PASSWORDS.coordinator, String(n)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let out = '';
  let readyNow: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyNow = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) readyNow();
  });
  const ids = new Promise<string[]>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0
        ? resolve(
            out
              .split('\n')
              .filter((l) => l.startsWith('id '))
              .map((l) => l.slice(3)),
          )
        : reject(new Error(`register-burst exited ${code}`)),
    ),
  );
  return { ready, go: () => child.stdin.write('go\n'), ids };
}

describe('two programs registering at once', () => {
  it('get different IDs, consecutive with no gap, each with one audit row', async () => {
    const before = (() => {
      const s = site.login('admin');
      const n = (s.db.prepare('SELECT max(seq) AS n FROM subjects').get() as { n: number }).n;
      s.close();
      return n;
    })();
    const N = 25;
    const one = burst(N);
    const two = burst(N);
    await Promise.all([one.ready, two.ready]);
    one.go();
    two.go();
    const [a, b] = await Promise.all([one.ids, two.ids]);
    expect(a).toHaveLength(N);
    expect(b).toHaveLength(N);
    const all = [...a, ...b];
    expect(new Set(all).size).toBe(2 * N);
    const seqs = all.map((id) => Number(id.split('-')[1])).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 2 * N }, (_, i) => before + 1 + i));
    const s = site.login('admin');
    const registered = s.db
      .prepare(
        `SELECT count(*) AS n FROM audit WHERE action = 'subject.register' AND subject_id IN (${all.map(() => '?').join(',')})`,
      )
      .get(...all) as { n: number };
    expect(registered.n).toBe(2 * N);
    expect(verifyAudit(s).ok).toBe(true);
    s.close();
  }, 60_000);
});
