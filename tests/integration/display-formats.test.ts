/**
 * What the screens write, scanned in the renderer's source (issue 11, "Smaller things"): every
 * date and time goes through shared/date-display.ts, so no screen can fall back to the
 * browser's locale (3/14/2025, 10:05:00 AM) or to a hand-made slice of an ISO string.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function* sources(dir: string): Generator<string> {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(n) && !/\.test\.tsx?$/.test(n)) yield p;
  }
}

/** Code only: comments may name what the code must not do. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

function hits(dirs: string[], pattern: RegExp): string[] {
  const out: string[] = [];
  for (const d of dirs)
    for (const file of sources(join(ROOT, d))) {
      code(readFileSync(file, 'utf8'))
        .split('\n')
        .forEach((line, i) => {
          if (pattern.test(line)) out.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
  return out;
}

describe('one date format on every screen', () => {
  it('no screen formats a date or time by the locale or by slicing an ISO string', () => {
    // toLocaleString() with no locale is the browser's date format; toLocaleString('en-US') of a number is fine.
    const pattern =
      /toLocaleString\(\s*\)|toLocale(Date|Time)String|formatUsDate|toISOString\(\)\s*\.slice|\.slice\(0, (10|16|19)\)\.replace\('T'/;
    expect(hits(['renderer/src'], pattern)).toEqual([]);
  });

  it('the scan sees what it looks for (a broken pattern would pass everything)', () => {
    expect(code('x = new Date(a).toLocaleString();')).toMatch(/toLocaleString\(\s*\)/);
    expect(code('// new Date(a).toLocaleString()')).not.toMatch(/toLocaleString/);
  });
});
