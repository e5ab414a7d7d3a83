/**
 * Issue 10: the host's token must never reach another server on the machine. Cookies ignore
 * ports, so this is checked in a real browser: Chromium opens the host's address, then goes to a
 * second server on 127.0.0.1 and localhost, which records every header it is sent.
 * A tiny renderer of its own keeps this file independent of `npm run build:renderer`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../main/host/server';
import { CHEAP_KDF } from '../support/ipc';
import { launch, tempDir } from './harness';

// The page asks the API with the cookie alone (no bearer) and shows the answer in its title.
const APP_JS = `fetch('/api/app.status', { method: 'POST', body: '{}', credentials: 'same-origin' })
  .then((r) => r.json()).then((j) => { document.title = j.ok ? 'api-ok' : 'api-refused'; });`;

describe('the host token stays home', () => {
  const tmp = tempDir('token');
  let browser: Browser;
  let host: Host;
  let other: Server;
  let otherPort: number;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    const renderer = join(tmp.dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(
      join(renderer, 'index.html'),
      '<!doctype html><title>x</title><script src="/assets/app.js"></script>',
    );
    writeFileSync(join(renderer, 'assets', 'app.js'), APP_JS);
    host = await startHost({ dataDir: join(tmp.dir, 'data'), rendererDir: renderer, kdf: CHEAP_KDF });
    other = createServer((req, res) => {
      seen.push(req.headers);
      res.end('another program on this machine');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    otherPort = (other.address() as AddressInfo).port;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await new Promise((r) => other?.close(r));
    tmp.cleanup();
  });

  for (const [label, address] of [
    ['the printed address', () => host.url],
    ['an address typed on 127.0.0.1', () => `http://127.0.0.1:${host.port}/?token=${host.token}`],
  ] as const) {
    it(`${label}: the app works by cookie and no other loopback server ever sees the token`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(address());
      await page.waitForFunction(() => document.title.startsWith('api-'));
      expect(await page.title()).toBe('api-ok');
      const here = new URL(page.url());
      expect(here.hostname).toBe(host.name);
      expect(here.search).toBe('');
      expect((await context.cookies()).map((c) => c.domain)).toEqual([host.name]);

      const before = seen.length;
      await page.goto(`http://127.0.0.1:${otherPort}/a`);
      await page.goto(`http://localhost:${otherPort}/b`);
      // A link followed from the app's own page, as a user would.
      await page.goto(host.url);
      await page.evaluate((p) => (location.href = `http://127.0.0.1:${p}/c`), otherPort);
      await page.waitForURL(`http://127.0.0.1:${otherPort}/c`);
      await context.close();

      expect(seen.length - before).toBeGreaterThanOrEqual(3);
      for (const h of seen) expect(JSON.stringify(h)).not.toContain(host.token);
    });
  }

  it('a token address with a doubled slash stays on the host', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://${host.name}:${host.port}/.//evil.example/x?token=${host.token}`);
    expect(new URL(page.url()).host).toBe(`${host.name}:${host.port}`);
    await context.close();
  });
});
