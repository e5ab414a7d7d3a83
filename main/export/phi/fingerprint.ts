/**
 * What the scanner is, as one hash: its rule modules and its word lists. The free-text review's
 * id (review-list.ts) includes it, so a review made by one scanner is never applied to an export
 * scanned by another: the redactions a reviewer checked would not be the ones sent.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Bumped by hand when the scanner's behaviour changes in a way its files alone would not show. */
export const SCANNER_VERSION = 1;

let cached: string | undefined;

/** The files of a folder that shape the scan: code and lists, not tests or build scripts. */
function shaping(dir: URL, pattern: RegExp): string[] {
  try {
    return readdirSync(fileURLToPath(dir))
      .filter((f) => pattern.test(f) && !/\.test\./.test(f) && !f.startsWith('build-'))
      .sort();
  } catch {
    // A bundled build may not keep the folder: the version and what is there still count.
    return [];
  }
}

export function scannerFingerprint(): string {
  if (cached) return cached;
  const h = createHash('sha256').update(`sitecrf-phi-scanner/${SCANNER_VERSION}\n`);
  const code = new URL('./', import.meta.url);
  const data = new URL('./data/', import.meta.url);
  for (const [dir, files] of [
    [code, shaping(code, /\.(?:ts|js|mjs)$/)],
    [data, shaping(data, /\.txt$/)],
  ] as const)
    for (const f of files) h.update(`${f}\n`).update(readFileSync(new URL(f, dir)));
  cached = h.digest('hex');
  return cached;
}
