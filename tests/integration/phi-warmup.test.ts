/**
 * The browser host warms the PHI scanner after it starts (main/export/phi-warmup.ts): the page is
 * served first, the word lists load soon after, and the first free-text scan then costs what any
 * later one does instead of loading them inside a save.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../main/host/server';
import { redactPhi } from '../../main/export/phi/index';
import { scannerWarmup } from '../../main/export/phi-warmup';

const dir = mkdtempSync(join(tmpdir(), 'sitecrf-warm-'));
let host: Host | undefined;
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the host warms the PHI scanner after start', () => {
  it('serves the page before the warm-up, then loads the lists; the next scan does not load the lists again', async () => {
    const events: string[] = [];
    host = await startHost({ dataDir: dir, rendererDir: dir, log: () => undefined });
    const warming = scannerWarmup();
    expect(warming).not.toBeNull();
    const loaded = warming!.then((ms) => (events.push('warmed'), ms));
    // The host answers at once: the warm-up is deferred past the start.
    await fetch(host.url).catch(() => undefined);
    events.push('served');
    const loadMs = await loaded;
    expect(events).toEqual(['served', 'warmed']);
    const t0 = performance.now();
    redactPhi('Seen with her husband Tom Baker from Fall River');
    const scanMs = performance.now() - t0;
    // Loading the lists takes hundreds of ms; a scan after it a few ms (ten times less, with room for load).
    expect(scanMs).toBeLessThan(Math.max(loadMs / 5, 1));
  }, 60_000);
});
