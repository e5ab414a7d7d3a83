/**
 * The sponsor import asks DuckDB's allocator to return freed pages at once (allocator.ts), which
 * DuckDB reads only when its library loads: the import command must ask before DuckDB is loaded,
 * the report must not ask, a user's own setting is kept, and asking too late says so. Each case
 * is a fresh process, since a process loads DuckDB once.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RETURN_AT_ONCE } from './allocator';

const ROOT = join(import.meta.dirname, '..', '..');

interface Probe {
  asked?: boolean;
  code?: number;
  conf: string | null;
  duckdbLoaded: boolean;
}

function probe(script: string, env: Record<string, string> = {}): Probe {
  const clean = { ...process.env };
  delete clean.DUCKDB_JE_MALLOC_CONF;
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { createRequire } = await import('node:module');
      const r = {};
      ${script}
      r.conf = process.env.DUCKDB_JE_MALLOC_CONF ?? null;
      r.duckdbLoaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/@duckdb/node-bindings'));
      process.stdout.write(JSON.stringify(r));`,
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return JSON.parse(out) as Probe;
}

const cli = (args: string): string =>
  `const { main } = await import('./main/cli/index.ts');
  r.code = await main(['node', 'sitecrf', 'sponsor', ${args}]);`;

describe("DuckDB's allocator for the sponsor import", () => {
  it('is asked by `sponsor import` before the import loads DuckDB', () => {
    // No such store: the command stops at opening it, after DuckDB was loaded.
    const r = probe(cli(`'import', '--store', '/nonexistent/study.duckdb', 'x.xlsx'`));
    expect(r).toEqual({ code: 1, conf: RETURN_AT_ONCE, duckdbLoaded: true });
  });

  it('is left as DuckDB sets it by the report', () => {
    const r = probe(cli(`'report', '--store', '/nonexistent/study.duckdb', '--out', '/nonexistent/out'`));
    expect(r).toEqual({ code: 1, conf: null, duckdbLoaded: true });
  });

  it("keeps the user's own setting", () => {
    const r = probe(`r.asked = (await import('./main/sponsor/allocator.ts')).returnFreedMemoryAtOnce();`, {
      DUCKDB_JE_MALLOC_CONF: 'dirty_decay_ms:5000',
    });
    expect(r).toEqual({ asked: false, conf: 'dirty_decay_ms:5000', duckdbLoaded: false });
  });

  it('says when it is too late (DuckDB already loaded) and changes nothing', () => {
    const r = probe(`await import('@duckdb/node-api');
      r.asked = (await import('./main/sponsor/allocator.ts')).returnFreedMemoryAtOnce();`);
    expect(r).toEqual({ asked: false, conf: null, duckdbLoaded: true });
  });
});
