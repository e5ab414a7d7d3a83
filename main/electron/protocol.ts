/** app://sitecrf/… → the built renderer, with the same headers and file rules as the browser host. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SECURITY_HEADERS } from '../host/headers';
import { NOT_BUILT_PAGE, resolveRendererFile } from '../host/static';
import { APP_HOST } from './channels';

export function rendererResponse(rendererDir: string, requestUrl: string): Response {
  const url = new URL(requestUrl);
  const headers = { ...SECURITY_HEADERS };
  if (url.host !== APP_HOST) return new Response('Not found', { status: 404, headers });
  const f = resolveRendererFile(rendererDir, url.pathname);
  if (!f) {
    if (!existsSync(join(rendererDir, 'index.html')))
      return new Response(NOT_BUILT_PAGE, {
        status: 503,
        headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
      });
    return new Response('Not found', { status: 404, headers });
  }
  return new Response(new Uint8Array(f.body), { status: 200, headers: { ...headers, 'Content-Type': f.contentType } });
}
