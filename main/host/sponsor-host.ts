/**
 * `sitecrf sponsor serve --store STUDY.duckdb`: the browser host in sponsor mode. The same HTTP
 * side as the site host (http.ts: launch token, cookie on the host's own name, Host and Origin
 * checks, the built renderer), with the sponsor contract's channels and no site channel.
 */
import { join } from 'node:path';
import { serveHttp, type HttpHost } from './http';
import { openSponsorMode, type SponsorMode } from './sponsor-mode';

export interface SponsorHostOptions {
  store: string;
  port?: number;
  token?: string;
  rendererDir?: string;
  checkOutput?: boolean;
  clock?: () => Date;
  log?: (line: string) => void;
}

export interface SponsorHost extends HttpHost {
  mode: SponsorMode;
}

export async function startSponsorHost(o: SponsorHostOptions): Promise<SponsorHost> {
  const mode = await openSponsorMode(o.store, { checkOutput: o.checkOutput, log: o.log, clock: o.clock });
  let http: HttpHost;
  try {
    http = await serveHttp({
      port: o.port,
      token: o.token,
      rendererDir: o.rendererDir ?? join(process.cwd(), 'dist', 'renderer'),
      log: o.log,
      call: (channel, input) => mode.call(channel, input),
      bodyLimit: (channel) => mode.bodyLimit(channel),
    });
  } catch (e) {
    await mode.close();
    throw e;
  }
  let closed = false;
  return {
    ...http,
    mode,
    async close() {
      if (closed) return;
      closed = true;
      await http.close();
      await mode.close();
    },
  };
}
