/**
 * `npm run start:browser`: the host on 127.0.0.1 with the data directory of the environment.
 *   SITECRF_DATA_DIR  where the site databases live (default ~/SiteCRF)
 *   SITECRF_PORT      the port (default: a free one); with SITECRF_TOKEN, a stable address
 *   SITECRF_TOKEN     a fixed token (tests); otherwise a random one per launch
 * Prints one line with the address to open; SIGINT/SIGTERM log the user out and stop.
 * A SIGKILL loses nothing that a call had returned: every save is a committed WAL transaction.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHost } from './server';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function port(): number {
  const p = process.env.SITECRF_PORT;
  if (!p) return 0;
  const n = Number(p);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`SITECRF_PORT must be a port number, not ${p}`);
  return n;
}

export async function main(): Promise<void> {
  const dataDir = resolve(process.env.SITECRF_DATA_DIR || join(homedir(), 'SiteCRF'));
  const host = await startHost({
    dataDir,
    port: port(),
    token: process.env.SITECRF_TOKEN || undefined,
    rendererDir: join(root, 'dist', 'renderer'),
    checkOutput: process.env.SITECRF_CHECK_OUTPUT === '1',
  });
  process.stdout.write(`SiteCRF is running at ${host.url}  (data: ${dataDir})\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`sitecrf: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
