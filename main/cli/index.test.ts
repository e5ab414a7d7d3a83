/**
 * The CLI loads only the modules of the verb it runs (issue 13: the sponsor import's memory):
 * the program built for one verb must still hold every command, option and sub-command the full
 * program has for it, and the sponsor import must run without exceljs loaded.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './index';

const ROOT = join(import.meta.dirname, '..', '..');

/** A command as its user sees it: name, options and sub-commands, recursively. */
interface Shape {
  name: string;
  options: string[];
  commands: Shape[];
}
const shape = (c: Command): Shape => ({
  name: c.name(),
  options: c.options.map((o) => o.flags),
  commands: c.commands.map(shape),
});

describe('sitecrf: one verb, its modules only', () => {
  it('builds, for each verb, the same command tree the full program has for it, and fewer verbs', async () => {
    const full = await buildProgram();
    const verbs = full.commands.map((c) => c.name());
    expect(verbs).toEqual(expect.arrayContaining(['sponsor', 'export', 'study', 'init', 'demo-network']));
    for (const verb of verbs) {
      const own = await buildProgram(['node', 'sitecrf', verb, '--help']);
      const names = own.commands.map((c) => c.name());
      // A module may register more than one verb (backup and restore): those come along.
      expect(names, verb).toContain(verb);
      expect(names.length, verb).toBeLessThan(verbs.length);
      expect(shape(own.commands.find((c) => c.name() === verb)!), verb).toEqual(
        shape(full.commands.find((c) => c.name() === verb)!),
      );
    }
  });

  it('builds the sponsor verb alone', async () => {
    expect((await buildProgram(['node', 'sitecrf', 'sponsor', 'import'])).commands.map((c) => c.name())).toEqual([
      'sponsor',
    ]);
  });

  it('builds every verb for help and for a verb it does not know (so commander names the known ones)', async () => {
    const all = (await buildProgram()).commands.map((c) => c.name());
    expect((await buildProgram(['node', 'sitecrf', '--help'])).commands.map((c) => c.name())).toEqual(all);
    expect((await buildProgram(['node', 'sitecrf', 'no-such-verb'])).commands.map((c) => c.name())).toEqual(all);
  });

  it('runs the sponsor import without loading exceljs (the report and the site export use it; the import does not)', () => {
    // A fresh process: this test's own module graph says nothing about what the CLI loads.
    const script = `
      import { createRequire } from 'node:module';
      const { buildProgram } = await import('./main/cli/index.ts');
      await buildProgram(['node', 'sitecrf', 'sponsor', 'import']);
      await import('./main/sponsor/import.ts');
      await import('./main/sponsor/store.ts');
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      process.stdout.write(JSON.stringify({ n: loaded.length, heavy: loaded.filter((k) => /node_modules\\/exceljs\\//.test(k)) }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const r = JSON.parse(out) as { n: number; heavy: string[] };
    // The import's own packages (DuckDB, yauzl, saxes) were loaded: the probe saw the real graph.
    expect(r.n).toBeGreaterThan(10);
    expect(r.heavy).toEqual([]);
  });
});
