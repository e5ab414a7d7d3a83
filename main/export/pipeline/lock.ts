/**
 * One export at a time per site database. Two exports running together would both take the
 * same "previous submission" for their Changes sheet and could write the same file name: the
 * second is refused with who holds the lock. The lock is a file beside the database, created
 * exclusively; a lock left by a process that is gone (a crash, a kill) is taken over.
 */
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { z } from 'zod';
import { CrfError } from '../../../shared/errors';

const LockFile = z.object({ pid: z.number().int(), period: z.string(), at: z.string() });
type LockInfo = z.infer<typeof LockFile>;

export function exportLockPath(dbPath: string): string {
  return `${dbPath}.export.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but is another user's.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null {
  try {
    const parsed = LockFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface ExportLock {
  release(): void;
}

export function takeExportLock(dbPath: string, period: string, now: Date): ExportLock {
  const path = exportLockPath(dbPath);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = readLock(path);
      // Unreadable (a crash mid-write) or its process gone: stale, take it over.
      if (held && alive(held.pid))
        throw new CrfError({
          code: 'CONFLICT',
          message: `Another export is running on this database (period ${held.period}, started ${held.at}, process ${held.pid}): wait for it to finish, then export again`,
        });
      unlinkSync(path);
      continue;
    }
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, period, at: now.toISOString() }));
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      },
    };
  }
  throw new CrfError({ code: 'CONFLICT', message: 'Could not take the export lock: try again' });
}
