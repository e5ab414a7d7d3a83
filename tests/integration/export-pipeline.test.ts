/**
 * The export pipeline's guarantees (issue 11, "Exports"; issue 15, item 5): one export at a time
 * per database, a disclosure recorded before its file is published, and what a crash leaves
 * behind reconciled by the next export, on real encrypted files.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCrfError } from '../../shared/errors';
import { exportOdm } from '../../main/export/odm';
import { exportLockPath } from '../../main/export/pipeline/lock';
import { exportSubmission } from '../../main/export/workbook-writer';
import { saveForm } from '../../main/services/save-form';
import type { SiteSession } from '../../main/services/session';
import { registerSubject } from '../../main/services/subjects';
import { makeSite, PASSWORDS, SACRO_CASE, type Site } from './site-fixture';

let site: Site;
let coord: SiteSession;
beforeAll(() => {
  site = makeSite();
  coord = site.login('coordinator');
  for (let i = 0; i < 3; i++) {
    const { subjectId } = registerSubject(coord);
    saveForm(coord, { subjectId, event: 'screening', form: 'BASE', values: SACRO_CASE.BASE, status: 'complete' });
  }
});
afterAll(() => {
  coord.close();
  site.cleanup();
});

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const recorded = (s: SiteSession): { file_name: string; sha256: string }[] =>
  s.db.prepare('SELECT file_name, sha256 FROM exports ORDER BY id').all() as { file_name: string; sha256: string }[];

describe('one export at a time', () => {
  it('refuses a second export while one runs, naming it, and lets the next one run after', async () => {
    const dir = join(site.dir, 'concurrent');
    const first = exportSubmission(coord, { period: '2026-09', outDir: dir });
    const second = await exportSubmission(coord, { period: '2026-09', profile: 'identified', outDir: dir }).catch(
      (e: unknown) => e,
    );
    expect(isCrfError(second) && second.code).toBe('CONFLICT');
    expect(String((second as Error).message)).toMatch(/Another export is running .*period 2026-09/);
    const r = await first;
    expect(existsSync(r.file)).toBe(true);
    expect(existsSync(exportLockPath(site.path))).toBe(false);
    const third = await exportSubmission(coord, { period: '2026-09', profile: 'identified', outDir: dir });
    expect(existsSync(third.file)).toBe(true);
  });

  it('takes over a lock left by a process that is gone', async () => {
    // A pid that cannot be running: far above any pid_max.
    writeFileSync(exportLockPath(site.path), JSON.stringify({ pid: 2 ** 30, period: '2026-08', at: 'x' }));
    const r = await exportSubmission(coord, { period: '2026-08', outDir: join(site.dir, 'stale') });
    expect(existsSync(r.file)).toBe(true);
    expect(existsSync(exportLockPath(site.path))).toBe(false);
  });
});

describe('record, then publish; reconcile after a crash', () => {
  it('publishes a recorded file a crash left unpublished, and removes what was never recorded', async () => {
    const dir = join(site.dir, 'reconcile');
    const done = await exportSubmission(coord, { period: '2026-07', outDir: dir });
    const name = done.file.slice(dir.length + 1);
    // The state a kill between the record and the rename leaves: recorded, not yet published.
    renameSync(done.file, join(dir, `.${name}.0badc0de.ready`));
    // A complete file whose record never happened (killed before the transaction committed).
    writeFileSync(join(dir, `.SACRO_MMC_2026-06_safe-harbor.xlsx.12345678.ready`), 'not recorded');
    // Leftovers of a write cut short.
    writeFileSync(join(dir, `.SACRO_MMC_2026-05_safe-harbor.xlsx.abcdef01.partial`), 'half');
    writeFileSync(join(dir, `.SACRO_MMC_2026-05_safe-harbor.xlsx.abcdef01.REG.spool`), 'half');
    const next = await exportOdm(coord, { period: '2026-07', outDir: dir });
    expect(readdirSync(dir).sort()).toEqual([name, next.file.slice(dir.length + 1)].sort());
    expect(sha(join(dir, name))).toBe(done.sha256);
  });

  it('never leaves a published file without its record, nor a record without its file, through SIGKILLs', async () => {
    const dir = join(site.dir, 'killed');
    for (let round = 0; round < 5; round++) {
      // A century per round: on a fast quiet machine a child exports over 60 months before its
      // kill, and a round that reached the next one's first month was refused ("already exists").
      await killExportLoop(dir, 2100 + round * 100, 300 + Math.floor(Math.random() * 2000));
      // What the next export would do first: finish or undo what the kill interrupted.
      const s = site.login('coordinator');
      try {
        await exportSubmission(s, { period: `${1990 + round}-01`, outDir: dir });
        // This test's exports only (the others above are of 2026).
        const rows = recorded(s).filter((r) => /^SACRO_MMC_(?!2026)\d{4}-\d\d_safe-harbor\.xlsx$/.test(r.file_name));
        const published = readdirSync(dir).filter((f) => !f.startsWith('.'));
        // Every file in the folder is recorded with its hash, every recorded export is in the
        // folder, and nothing unfinished is left.
        expect(published.sort(), `round ${round}`).toEqual(rows.map((r) => r.file_name).sort());
        for (const f of published) expect(rows.find((r) => r.file_name === f)?.sha256, f).toBe(sha(join(dir, f)));
        expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
      } finally {
        s.close();
      }
    }
  }, 300_000);
});

function killExportLoop(dir: string, firstYear: number, killAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/integration/children/export-loop.ts',
        site.path,
        PASSWORDS.coordinator,
        dir,
        String(firstYear),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out === 'ready\n') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended without being killed: ${err}`)),
    );
  });
}
