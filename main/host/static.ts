/**
 * The built renderer (dist/renderer) as files under one root. A URL path can name only a
 * regular file inside that root: no `..`, no dot-files, no symlink that leads out of it.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { CONTENT_TYPES } from './headers';

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Vite's hashed assets never change under the same name; index.html does. */
  immutable: boolean;
}

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root + sep);
}

function readInside(root: string, rel: string): StaticFile | null {
  const full = resolve(root, rel);
  if (!inside(root, full) || !existsSync(full)) return null;
  const real = realpathSync(full);
  if (!inside(realpathSync(root), real) || !statSync(real).isFile()) return null;
  const ext = extname(real).toLowerCase();
  return {
    body: readFileSync(real),
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    immutable: rel.startsWith('assets/'),
  };
}

/**
 * The file for a URL path, or index.html for an app route (a path whose last segment has no
 * extension: the renderer routes on the client), or null.
 */
export function resolveRendererFile(rendererDir: string, urlPath: string): StaticFile | null {
  const root = resolve(rendererDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p.length > 0);
  if (parts.some((p) => p === '..' || p.startsWith('.'))) return null;
  const rel = parts.join('/');
  if (rel === '' || rel === 'index.html') return readInside(root, 'index.html');
  const file = readInside(
    root,
    join(...parts)
      .split(sep)
      .join('/'),
  );
  if (file) return file;
  const last = parts[parts.length - 1] ?? '';
  return extname(last) === '' ? readInside(root, 'index.html') : null;
}

export const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>SiteCRF</title>
<p>The SiteCRF screens are not built yet: run <code>npm run build:renderer</code> and reload.</p>`;
