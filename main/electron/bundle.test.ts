/**
 * The shell's bundle as electron-builder packs it: the sandboxed preload must carry both
 * contracts' channel names and require nothing but electron, and the native modules (SQLite
 * cipher, DuckDB's N-API binding) must stay outside main.cjs, loaded from the unpacked
 * node_modules, since a .node file cannot be bundled.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import { SPONSOR_CHANNELS } from '../../shared/ipc/sponsor-contract';

const root = join(import.meta.dirname, '..', '..');
const out = join(root, 'dist', 'electron');

describe('the Electron bundle', () => {
  it('bundles a preload with both contracts and native modules left external', () => {
    execFileSync(process.execPath, [join(root, 'build', 'bundle-electron.js')], { cwd: root, stdio: 'pipe' });
    const preload = readFileSync(join(out, 'preload.cjs'), 'utf8');
    for (const c of [...CHANNELS, ...SPONSOR_CHANNELS]) expect(preload, c).toContain(JSON.stringify(c));
    expect(preload).not.toMatch(/\bzod\b/);
    const main = readFileSync(join(out, 'main.cjs'), 'utf8');
    expect(main).toContain('require("@duckdb/node-api")');
    expect(main).toContain('require("better-sqlite3-multiple-ciphers")');
    const builder = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(builder).toContain('"**/node_modules/@duckdb/**"');
  }, 120_000);
});
