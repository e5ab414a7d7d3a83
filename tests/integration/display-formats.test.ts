/**
 * What the screens and the CLI write, scanned in the source (issue 11, "Smaller things"): every
 * date and time goes through shared/date-display.ts, so no screen can fall back to the
 * browser's locale (3/14/2025, 10:05:00 AM) or to a hand-made slice of an ISO string; every
 * count with its noun goes through shared/plural.ts, so nothing says "1 subjects" or "form(s)".
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
const code = (text: string): string =>
  text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).replace(/^\s*\/\/.*$/gm, '');

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

/** Nouns that follow a count in the app's messages. */
const COUNTED =
  'subjects|forms|rows|queries|entries|errors|warnings|values|files|sites|submissions|redactions|changes|fields|problems|visits|drafts|seconds|minutes|codes|events|workbooks|items|users|signatures|findings|checks|records|instances|versions|periods|messages|subjects|hours|tables|sheets|columns|cells|months|AEs';

/** Lines the scans would flag that are not a count of one gone wrong, each with why. */
const ALLOWED = [
  // a form's name before "fields", not a count
  '${form.label} fields',
  // a REDCap field type ("file fields"), not a count
  '${type} fields are not supported',
  // constants far above one
  '${MAX_COVER_ROWS} rows',
  // a reader's limits (maxRows, maxColumns…), all far above one
  '${limits.max',
  // cli-progress's own template: "12/3000 subjects" counts against the total
  '{value}/{total} subjects',
  // an exit code, not a count
  "code === 1 ? 'DAMAGED'",
];

describe('plurals through the helper', () => {
  const dirs = ['renderer/src', 'main', 'bin'];
  const skip = (h: string) =>
    h.startsWith('main/electron/types/') || h.startsWith('main/export/phi/data/') || ALLOWED.some((a) => h.includes(a));

  it('no count is written with a fixed plural noun ("${n} subjects" says "1 subjects")', () => {
    const pattern = new RegExp(`\\{[^{}]+\\} (${COUNTED})\\b(?!=)`);
    expect(hits(dirs, pattern).filter((h) => !skip(h))).toEqual([]);
  });

  it('no hand-made plural: no "(s)", no "=== 1 ? \'\' : \'s\'"', () => {
    const pattern = /[a-z]\(s\) [a-z]|[=!]== -?1 \? ['"`]/;
    expect(hits(dirs, pattern).filter((h) => !skip(h))).toEqual([]);
  });

  it('the scans see what they look for', () => {
    const counted = new RegExp(`\\{[^{}]+\\} (${COUNTED})\\b(?!=)`);
    expect('`${n} subjects`').toMatch(counted);
    expect('<b>{s.subjects} subjects</b>').toMatch(counted);
    expect("plural(n, 'subject')").not.toMatch(counted);
    expect('<Mark status={s} queries={n} />').not.toMatch(counted);
    expect(code('/* a\nb */\nx')).toBe('\n\nx');
    expect('`${n} form(s) are drafts`').toMatch(/[a-z]\(s\) [a-z]/);
    expect("n === 1 ? '' : 's'").toMatch(/[=!]== -?1 \? ['"`]/);
  });
});
