/**
 * The host's HTTP side, shared by the site host (server.ts) and the sponsor mode
 * (sponsor-mode.ts): the launch token (cookie on the host's own name, or bearer), Host and
 * Origin checks, `/api/<channel>` as JSON, the renderer's files. What a channel does is the
 * caller's `call`; the HTTP shape is documented in server.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IpcResult } from '../../shared/ipc/contract';
import { checkGivenToken, hasToken, hostName, newToken, sameToken, tokenCookie } from './auth';
import { SECURITY_HEADERS } from './headers';
import { NOT_BUILT_PAGE, resolveRendererFile } from './static';

export interface HttpOptions {
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  rendererDir: string;
  /** Tests and launchers may fix the token; otherwise a random one per launch. */
  token?: string;
  log?: (line: string) => void;
  /** A dispatched call: never throws for a refusal (an ok:false result). */
  call(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  /** The largest body a channel takes, in bytes. */
  bodyLimit(channel: string): number;
}

export interface HttpHost {
  /** The address to open: the host's own name, with the token. */
  url: string;
  /** `sitecrf-….localhost`, the only name a browser should use (the cookie is set for it alone). */
  name: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

type Json = IpcResult<unknown>;
const fail = (code: string, message: string): Json => ({ ok: false, error: { code, message } });

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : `${Math.round(bytes / 1024)} KiB`;

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, body: Json, extra: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store', ...extra });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return resolve('too-large');
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => over || resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function serveHttp(o: HttpOptions): Promise<HttpHost> {
  const token = o.token ? checkGivenToken(o.token) : newToken();
  const rendererDir = o.rendererDir;
  const name = hostName(token);
  let port = 0;
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  // Random per start: a page that sees it change knows its host restarted (on a stable address).
  const instance = randomUUID();

  async function api(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    res.setHeader('X-SiteCRF-Instance', instance);
    const cors = { Allow: 'POST' };
    if (req.method !== 'POST') return sendJson(res, 405, fail('VALIDATION', 'Use POST for /api'), cors);
    // A page on another origin can POST here (simple requests skip CORS preflight): refuse it.
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin))
      return sendJson(res, 403, fail('FORBIDDEN', 'Cross-origin request refused'));
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      return sendJson(res, 403, fail('FORBIDDEN', 'Cross-site request refused'));
    const limit = o.bodyLimit(channel);
    const body = await readBody(req, limit);
    if (body === 'too-large')
      return sendJson(res, 413, fail('VALIDATION', `The request is larger than ${sizeText(limit)}`), {
        Connection: 'close',
      });
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, fail('VALIDATION', 'The request body is not JSON'));
      }
    }
    const result = await o.call(channel, input);
    const status = !result.ok && result.error.code === 'NOT_FOUND' && result.error.field === 'channel' ? 404 : 200;
    sendJson(res, status, result);
  }

  function files(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
    const f = resolveRendererFile(rendererDir, path);
    if (!f) {
      if (!existsSync(join(rendererDir, 'index.html')))
        return send(res, 503, NOT_BUILT_PAGE, 'text/html; charset=utf-8', { 'Cache-Control': 'no-store' });
      return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    }
    send(res, 200, f.body, f.contentType, {
      'Cache-Control': f.immutable ? 'private, max-age=31536000, immutable' : 'no-store',
    });
  }

  /**
   * An absolute address on the host's own name. A path-relative Location would let
   * `/.//evil.com/x` (which URL parsing turns into `//evil.com/x`) send the browser elsewhere.
   */
  function homeAddress(url: URL): string {
    return `http://${name}:${port}/${url.pathname.replace(/^\/+/, '')}${url.search}`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    // DNS rebinding: a hostile name resolving to 127.0.0.1 still sends its own name as Host.
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase()))
      return send(res, 403, 'Forbidden host', 'text/plain; charset=utf-8');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return send(res, 400, 'Bad request', 'text/plain; charset=utf-8');
    }
    const isApi = url.pathname.startsWith('/api/');
    const onName = (req.headers.host ?? '').toLowerCase() === `${name}:${port}`;
    const given = url.searchParams.get('token');
    if (given !== null && !isApi && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!sameToken(given, token))
        return send(res, 401, 'Unauthorized', 'text/plain; charset=utf-8', { 'Cache-Control': 'no-store' });
      // The token leaves the address bar (and history) at once; the cookie carries it from here.
      url.searchParams.delete('token');
      if (!onName) url.searchParams.set('token', token);
      res.writeHead(302, {
        Location: homeAddress(url),
        ...(onName ? { 'Set-Cookie': tokenCookie(token, port) } : {}),
        'Cache-Control': 'no-store',
        'Content-Length': 0,
      });
      return void res.end();
    }
    if (!hasToken(req, token, port, onName)) {
      if (isApi)
        return sendJson(res, 401, fail('AUTH', 'Missing or wrong access token: open the address SiteCRF printed'));
      return send(
        res,
        401,
        'Unauthorized: open the address SiteCRF printed when it started',
        'text/plain; charset=utf-8',
        { 'Cache-Control': 'no-store' },
      );
    }
    if (isApi) return api(req, res, url.pathname.slice('/api/'.length));
    return files(req, res, url.pathname);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      (o.log ?? ((l: string) => process.stderr.write(l + '\n')))(
        `[sitecrf] host error: ${e instanceof Error ? e.name : typeof e}`,
      );
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', 'Internal error'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 literally: 'localhost' may resolve to ::1 or, misconfigured, to a LAN address.
    server.listen({ host: '127.0.0.1', port: o.port ?? 0, exclusive: true }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`${name}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://${name}:${port}`, `http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  return {
    url: `http://${name}:${port}/?token=${token}`,
    name,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
