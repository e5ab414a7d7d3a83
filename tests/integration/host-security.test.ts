import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, MAX_BODY_BYTES, type Host } from '../../main/host/server';
import { cookieName } from '../../main/host/auth';
import { api, rawRequest } from '../support/host';
import { CHEAP_KDF } from '../support/ipc';

let dir: string;
let host: Host;
const INDEX =
  '<!doctype html><title>SiteCRF test index</title><script type="module" src="/assets/app-1234.js"></script>';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-host-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), INDEX);
  writeFileSync(join(renderer, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(renderer, '.secret'), 'hidden');
  writeFileSync(join(dir, 'outside.txt'), 'outside the renderer');
  host = await startHost({ dataDir: join(dir, 'data'), rendererDir: renderer, kdf: CHEAP_KDF, checkOutput: true });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = () => ({ Authorization: `Bearer ${host.token}` });

describe('the token', () => {
  it('is 32 random bytes and changes per launch', async () => {
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
    const other = await startHost({ dataDir: join(dir, 'data'), rendererDir: join(dir, 'renderer') });
    expect(other.token).not.toBe(host.token);
    await other.close();
    expect(host.name).toMatch(/^sitecrf-[0-9a-f]{24}\.localhost$/);
    expect(other.name).not.toBe(host.name);
    expect(host.url).toBe(`http://${host.name}:${host.port}/?token=${host.token}`);
  });

  it('without it, nothing is served: 401 for /, /index.html, assets and /api', async () => {
    for (const path of [
      '/',
      '/index.html',
      '/assets/app-1234.js',
      '/subjects/MMC-0001',
      '/api/app.status',
      '/?token=wrong',
    ]) {
      const r = await rawRequest(host.port, { path, method: path.startsWith('/api') ? 'POST' : 'GET' });
      expect(r.status, path).toBe(401);
      expect(r.body).not.toContain('SiteCRF test index');
    }
    const wrongBearer = await rawRequest(host.port, {
      path: '/',
      headers: { Authorization: `Bearer ${'x'.repeat(43)}` },
    });
    expect(wrongBearer.status).toBe(401);
    const wrongCookie = await rawRequest(host.port, {
      path: '/',
      headers: { Cookie: `${cookieName(host.port)}=${host.token}x` },
    });
    expect(wrongCookie.status).toBe(401);
    const api401 = await rawRequest(host.port, { method: 'POST', path: '/api/app.status', body: '{}' });
    expect(JSON.parse(api401.body)).toMatchObject({ ok: false, error: { code: 'AUTH' } });
  });

  const onName = () => ({ Host: `${host.name}:${host.port}` });

  it('the first load on the host name sets a host-only HttpOnly SameSite=Strict cookie and redirects without the token', async () => {
    const r = await rawRequest(host.port, { path: `/?token=${host.token}`, headers: onName() });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`http://${host.name}:${host.port}/`);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`${cookieName(host.port)}=${host.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Domain=/i);
    const page = await rawRequest(host.port, {
      path: '/',
      headers: { ...onName(), Cookie: `other=1; ${cookieName(host.port)}=${host.token}` },
    });
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX);
    const viaCookie = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/app.status',
      headers: { ...onName(), Cookie: `${cookieName(host.port)}=${host.token}` },
      body: '{}',
    });
    expect(JSON.parse(viaCookie.body)).toMatchObject({ ok: true, value: { databases: [] } });
  });

  it('on 127.0.0.1 or localhost sets no cookie and sends the browser to the host name', async () => {
    for (const h of [`127.0.0.1:${host.port}`, `localhost:${host.port}`]) {
      const r = await rawRequest(host.port, { path: `/subjects?page=2&token=${host.token}`, headers: { Host: h } });
      expect(r.status, h).toBe(302);
      expect(r.headers['set-cookie'], h).toBeUndefined();
      expect(r.headers.location, h).toBe(`http://${host.name}:${host.port}/subjects?page=2&token=${host.token}`);
      // A cookie there is never taken: only the host name's own cookie counts.
      const viaCookie = await rawRequest(host.port, {
        path: '/',
        headers: { Host: h, Cookie: `${cookieName(host.port)}=${host.token}` },
      });
      expect(viaCookie.status, h).toBe(401);
    }
  });

  it('never redirects off the host name (no open redirect)', async () => {
    for (const path of [
      `/.//evil.com/x?token=${host.token}`,
      `//evil.com/x?token=${host.token}`,
      `/\\evil.com/x?token=${host.token}`,
      `/./\\/evil.com?token=${host.token}`,
    ]) {
      for (const headers of [onName(), {}]) {
        const r = await rawRequest(host.port, { path, headers });
        expect(r.status, path).toBe(302);
        const to = new URL(String(r.headers.location));
        expect(to.host, path).toBe(`${host.name}:${host.port}`);
        expect(to.pathname.startsWith('//'), path).toBe(false);
      }
    }
  });

  it('accepts the bearer header', async () => {
    const r = await api(host.port, host.token, 'app.status', {});
    expect(r).toMatchObject({ status: 200, json: { ok: true, value: { session: null } } });
  });
});

describe('loopback only', () => {
  it('listens on 127.0.0.1 and nowhere else', async () => {
    expect((host.server.address() as { address: string }).address).toBe('127.0.0.1');
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address.split('%')[0]!);
    for (const address of [...others, '::1']) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = connect({ host: address, port: host.port });
        s.setTimeout(2000, () => (s.destroy(), resolve(true)));
        s.on('connect', () => (s.destroy(), resolve(false)));
        s.on('error', () => resolve(true));
      });
      expect(refused, address).toBe(true);
    }
  });

  it('refuses a Host header that is not 127.0.0.1 or localhost with its port (DNS rebinding)', async () => {
    for (const h of [
      'evil.example',
      `evil.example:${host.port}`,
      `127.0.0.1:${host.port + 1}`,
      `127.0.0.1`,
      `localhost.evil.example:${host.port}`,
    ]) {
      const r = await rawRequest(host.port, { path: '/', headers: { ...auth(), Host: h } });
      expect(r.status, h).toBe(403);
    }
    for (const h of [`localhost:${host.port}`, `${host.name}:${host.port}`, `${host.name.toUpperCase()}:${host.port}`])
      expect((await rawRequest(host.port, { path: '/', headers: { ...auth(), Host: h } })).status, h).toBe(200);
    for (const h of [`sitecrf-000000000000000000000000.localhost:${host.port}`, `x.${host.name}:${host.port}`])
      expect((await rawRequest(host.port, { path: '/', headers: { ...auth(), Host: h } })).status, h).toBe(403);
  });

  it('refuses cross-origin and cross-site POSTs', async () => {
    const post = (headers: Record<string, string>) =>
      rawRequest(host.port, {
        method: 'POST',
        path: '/api/app.status',
        headers: { ...auth(), ...headers },
        body: '{}',
      });
    expect((await post({ Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ Origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await post({ Origin: 'null' })).status).toBe(403);
    expect((await post({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await post({ Origin: `http://127.0.0.1:${host.port}`, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
  });
});

describe('requests and responses', () => {
  it('answers 413 to a body above the limit', async () => {
    const body = JSON.stringify({ query: 'x'.repeat(MAX_BODY_BYTES) });
    const r = await rawRequest(host.port, { method: 'POST', path: '/api/subjects.find', headers: auth(), body });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect((await api(host.port, host.token, 'app.status', {})).json.ok).toBe(true);
  });

  it('puts the security headers on every response', async () => {
    const responses = [
      await rawRequest(host.port, { path: '/' }),
      await rawRequest(host.port, { path: '/', headers: auth() }),
      await rawRequest(host.port, { method: 'POST', path: '/api/app.status', headers: auth(), body: '{}' }),
      await rawRequest(host.port, { path: '/nope.js', headers: auth() }),
    ];
    for (const r of responses) {
      const csp = String(r.headers['content-security-policy']);
      for (const d of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ])
        expect(csp).toContain(d);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(responses[2]!.headers['cache-control']).toBe('no-store');
    expect(responses[2]!.headers['content-type']).toMatch(/^application\/json/);
  });

  it('serves only files inside the renderer directory', async () => {
    for (const path of [
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/..%2f..%2foutside.txt',
      '/.secret',
      '/assets/%00.js',
      '/..%5coutside.txt',
    ]) {
      const r = await rawRequest(host.port, { path, headers: auth() });
      expect(r.body, path).not.toContain('outside the renderer');
      expect(r.body, path).not.toContain('hidden');
    }
    const asset = await rawRequest(host.port, { path: '/assets/app-1234.js', headers: auth() });
    expect(asset).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    const route = await rawRequest(host.port, { path: '/subjects/MMC-0001', headers: auth() });
    expect(route).toMatchObject({ status: 200, body: INDEX });
    expect((await rawRequest(host.port, { path: '/missing.css', headers: auth() })).status).toBe(404);
  });

  it('refuses other methods, bad JSON and unknown channels with a JSON result', async () => {
    const get = await rawRequest(host.port, { path: '/api/app.status', headers: auth() });
    expect(get.status).toBe(405);
    const bad = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/app.status',
      headers: auth(),
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await api(host.port, host.token, 'no.such', {});
    expect(unknown).toMatchObject({ status: 404, json: { ok: false, error: { code: 'NOT_FOUND' } } });
    const empty = await rawRequest(host.port, { method: 'POST', path: '/api/app.status', headers: auth() });
    expect(JSON.parse(empty.body)).toMatchObject({ ok: true });
    expect((await rawRequest(host.port, { method: 'DELETE', path: '/', headers: auth() })).status).toBe(405);
  });

  it('says so when the renderer is not built', async () => {
    const h = await startHost({ dataDir: join(dir, 'data'), rendererDir: join(dir, 'no-renderer') });
    const r = await rawRequest(h.port, { path: '/', headers: { Authorization: `Bearer ${h.token}` } });
    await h.close();
    expect(r.status).toBe(503);
    expect(r.body).toContain('npm run build:renderer');
  });

  it('refuses a weak token handed in', async () => {
    await expect(startHost({ dataDir: join(dir, 'data'), token: 'short' })).rejects.toThrow(/SITECRF_TOKEN/);
  });
});
