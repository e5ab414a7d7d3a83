/**
 * `sitecrf sponsor serve --store STUDY.duckdb [--port N]`: the sponsor screen. The browser host
 * in sponsor mode (main/host/sponsor-host.ts): one line with the address to open, then it runs
 * until SIGINT or SIGTERM, which close the store after the call in flight.
 *   SITECRF_TOKEN  a fixed token (tests, a launcher); otherwise a random one per launch
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { z } from 'zod';
import { CrfError } from '../../../shared/errors';
import { sponsorCommand } from './sponsor-report';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const serveOptions = z.object({
  store: z.string().min(1, '--store: a store file'),
  port: z.coerce
    .number()
    .int('--port: a whole number')
    .min(0, '--port: 0 to 65535')
    .max(65535, '--port: 0 to 65535')
    .optional(),
});

export function registerSponsorServe(program: Command): void {
  sponsorCommand(program)
    .command('serve')
    .description('open the store in the sponsor screen: a browser host on 127.0.0.1 with its own access token')
    .requiredOption('--store <file>', 'the study store (STUDY.duckdb)')
    .option('--port <n>', 'the port (default: a free one)')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = serveOptions.safeParse(raw);
      if (!parsed.success)
        throw new CrfError({ code: 'VALIDATION', message: parsed.error.issues.map((i) => i.message).join('; ') });
      // The host (and the sponsor services behind it) is loaded only to serve (issue 13).
      const { startSponsorHost } = await import('../../host/sponsor-host');
      const host = await startSponsorHost({
        store: resolve(parsed.data.store),
        port: parsed.data.port,
        token: process.env.SITECRF_TOKEN || undefined,
        rendererDir: join(root, 'dist', 'renderer'),
      });
      process.stdout.write(`SiteCRF sponsor mode is running at ${host.url}  (store: ${host.mode.storePath})\n`);
      await new Promise<void>((done) => {
        const stop = () => void host.close().then(done, done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
