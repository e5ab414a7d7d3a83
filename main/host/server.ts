/**
 * The browser host: the IPC table served over HTTP on 127.0.0.1 only, with the built renderer,
 * for the end-to-end tests and for machines where the Electron runtime cannot be installed.
 *
 * HTTP shape (what the renderer's browser transport speaks):
 *   The host's address is `http://sitecrf-<hash of the token>.localhost:<port>/`: a name that only
 *   this launch answers to, so that the cookie (cookies ignore ports) never reaches another
 *   server on 127.0.0.1 (issue 10). 127.0.0.1 and localhost are still served, to the bearer only.
 *   GET  /?token=T        on the host's name: sets the cookie `sitecrf_token_<port>` (HttpOnly,
 *                         SameSite=Strict, host-only) and redirects (302) to the same path without
 *                         the token; on 127.0.0.1 or localhost: redirects to the host's name with
 *                         the token and sets no cookie. Redirects are absolute URLs on the host's
 *                         own name, so `/.//evil.com/x?token=T` stays home.
 *   GET  /<path>          the renderer's files (dist/renderer); an extension-less path is an app
 *                         route and gets index.html
 *   POST /api/<channel>   body: the channel's input as JSON (empty body = {}), any content type;
 *                         answer: the IpcResult as JSON, `{"ok":true,"value":…}` or
 *                         `{"ok":false,"error":{"code","message","field"?,"rule"?,"issues"?}}`,
 *                         status 200 for every dispatched call (also ok:false), 404 for an unknown
 *                         channel, 400 for a body that is not JSON, 413 above 1 MiB, 401 without
 *                         the token, 403 for a foreign Host or Origin, 405 for another method.
 *                         Error statuses carry the same IpcResult JSON body, so a transport can
 *                         always parse the body.
 *   The token travels in the cookie (browser, on the host's name only) or `Authorization: Bearer T`
 *   (scripts, tests; on any of the three names).
 *   Renderer side: fetch('/api/' + channel, { method: 'POST', body: JSON.stringify(input),
 *   credentials: 'same-origin' }).then((r) => r.json()).
 */
import { join } from 'node:path';
import type { KdfParams } from '../db/keyslots';
import { logout } from '../services/site-db';
import { createAppState, type AppState } from '../ipc/app-state';
import { dispatch } from '../ipc/dispatch';
import { cleanExportLeftovers } from '../export/private-file';
import { serveHttp, type HttpHost } from './http';
import { plural } from '../../shared/plural';
import { warmPhiScannerSoon } from '../export/phi-warmup';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HostOptions {
  dataDir: string;
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  rendererDir?: string;
  /** Tests and launchers may fix the token; otherwise a random one per launch. */
  token?: string;
  /** Tests only: a cheap scrypt for databases created through this host. */
  kdf?: KdfParams;
  /** Check every answer against its output schema (dev and tests). */
  checkOutput?: boolean;
  clock?: () => Date;
  log?: (line: string) => void;
  /** Load the PHI scanner's word lists soon after start (default true): the first free-text save is then instant. */
  warmScanner?: boolean;
}

export interface Host extends HttpHost {
  state: AppState;
}

export async function startHost(o: HostOptions): Promise<Host> {
  const state = createAppState({ dataDir: o.dataDir, kdf: o.kdf, clock: o.clock });
  // A crash mid-export leaves .partial and .spool files (PHI among them): gone before any export runs.
  const cleaned = cleanExportLeftovers(join(o.dataDir, 'exports'));
  if (cleaned.length > 0)
    (o.log ?? ((l: string) => process.stderr.write(l + '\n')))(
      `[sitecrf] removed ${plural(cleaned.length, 'unfinished export file')} left by an earlier run`,
    );
  const http = await serveHttp({
    port: o.port,
    token: o.token,
    rendererDir: o.rendererDir ?? join(process.cwd(), 'dist', 'renderer'),
    log: o.log,
    call: (channel, input) => dispatch(state, channel, input, { checkOutput: o.checkOutput, log: o.log }),
    bodyLimit: () => MAX_BODY_BYTES,
  });
  // After the host listens: the login screen is served first, the lists load while the user logs in.
  if (o.warmScanner !== false) void warmPhiScannerSoon();
  let closed = false;
  return {
    ...http,
    state,
    async close() {
      if (closed) return;
      closed = true;
      await http.close();
      const s = state.session;
      state.session = null;
      state.open = null;
      if (s) logout(s);
    },
  };
}
