/**
 * Issue 11, "a fresh machine": the README's examples run as written after `npm ci` (no bare
 * `sitecrf`, which is not on PATH), and every external program a test calls is installed by
 * `.ci/run` and named in the README.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');
const ciRun = readFileSync('.ci/run', 'utf8');

function codeBlockLines(md: string): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) inBlock = !inBlock;
    else if (inBlock) out.push(line);
  }
  return out;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'node_modules' ? [] : testFiles(p);
    return f.endsWith('.ts') ? [p] : [];
  });
}

/** The Debian package that provides each program a test may call. */
const PACKAGE_OF: Record<string, string> = {
  pdftoppm: 'poppler-utils',
  xmllint: 'libxml2-utils',
  chromium: 'chromium',
  soffice: 'libreoffice-calc-nogui',
};

describe('a fresh machine', () => {
  it('the README never calls a bare sitecrf in its examples', () => {
    const bare = codeBlockLines(readme).filter((l) => /(^|[|;&]\s*|^(\w+=\S+\s+)+)sitecrf\s/.test(l.trim()));
    expect(bare).toEqual([]);
    expect(codeBlockLines(readme).some((l) => l.includes('npx sitecrf '))).toBe(true);
  });

  it('every external program the tests spawn is installed by .ci/run and named in the README', () => {
    const spawned = new Set<string>();
    for (const f of [...testFiles('tests'), ...testFiles('main'), ...testFiles('shared')].filter((x) =>
      x.endsWith('.test.ts'),
    )) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:execFileSync|execFile|spawnSync|spawn)\(\s*'([\w.-]+)'/g))
        spawned.add(m[1]!);
    }
    spawned.add('chromium');
    for (const program of spawned) {
      if (['node', 'npx', 'npm'].includes(program)) continue;
      const pkg = PACKAGE_OF[program];
      expect(pkg, `${program}: which Debian package provides it?`).toBeDefined();
      expect(ciRun, `.ci/run installs ${pkg}`).toMatch(new RegExp(`PACKAGES\\+=\\(${pkg}\\)`));
      expect(readme, `README names ${pkg}`).toContain(pkg!);
    }
    expect(spawned.has('pdftoppm')).toBe(true);
  });
});
