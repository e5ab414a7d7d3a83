/**
 * Another program holding a lock on a site database: tests/integration/children/hold-write-lock.ts
 * in its own process, for the tests of waiting out and reporting a busy database.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts the holder on `path` for `ms` (0: until killed) and resolves once it holds the lock.
 * `started` gets the child at once, so a test can kill it in its clean-up even if this rejects.
 */
export function holdLock(
  path: string,
  ms: number,
  started: (child: ChildProcess) => void,
  mode = 'write',
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/integration/children/hold-write-lock.ts', path, String(ms), mode],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  started(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked\n')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
}
