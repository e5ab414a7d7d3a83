/** `sitecrf sponsor ...`: the sponsor's pooled DuckDB store (main/sponsor). */
import type { Command } from 'commander';
import { CrfError } from '../../../shared/errors';
import { importWorkbook } from '../../sponsor/import';
import { initStore, learnFrom } from '../../sponsor/init';
import { storeStatus, statusText } from '../../sponsor/status';
import { Store } from '../../sponsor/store';

async function withStore<T>(path: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const s = await Store.open(path);
  try {
    return await fn(s);
  } finally {
    s.close();
  }
}

export function registerSponsor(program: Command): Command {
  const sp = program
    .command('sponsor')
    .description("the sponsor's side: pool the sites' monthly workbooks in one store");
  sp.command('init')
    .description('make a store for the study of a verified workbook, learning its protocol version from the Dictionary')
    .requiredOption('--store <file>', 'the DuckDB store to create (STUDY.duckdb)')
    .requiredOption('--from <file>', 'a submission workbook of the study')
    .action(async (o: { store: string; from: string }) => {
      const s = await initStore(o.store, o.from);
      const m = await s.meta();
      s.close();
      process.stdout.write(`Store ${o.store} made for study ${m.study}\n`);
    });
  sp.command('learn')
    .description("teach the store another protocol version (an amendment) from a verified workbook's Dictionary")
    .requiredOption('--store <file>', 'the store')
    .requiredOption('--from <file>', 'a submission workbook of that version')
    .action(async (o: { store: string; from: string }) => {
      const r = await withStore(o.store, (s) => learnFrom(s, o.from));
      process.stdout.write(
        r.added ? `Protocol version ${r.version} learned\n` : `Protocol version ${r.version} was known already\n`,
      );
    });
  sp.command('import')
    .description('import submission workbooks: verified, chained per site, one transaction each')
    .requiredOption('--store <file>', 'the store')
    .option('--allow-profile', 'also take identified and limited workbooks (they keep identifiers)')
    .argument('<files...>', 'the workbooks (.xlsx)')
    .action(async (files: string[], o: { store: string; allowProfile?: boolean }) => {
      let refused = 0;
      await withStore(o.store, async (s) => {
        for (const f of files) {
          try {
            const r = await importWorkbook(s, f, { allowProfile: o.allowProfile });
            process.stdout.write(`${r.message}\n`);
          } catch (e) {
            refused++;
            process.stderr.write(`sitecrf sponsor import: ${(e as Error).message}\n`);
          }
        }
      });
      if (refused)
        throw new CrfError({
          code: 'VALIDATION',
          field: 'files',
          rule: 'importable',
          message: `${refused} of ${files.length} files refused; nothing was taken from them`,
        });
    });
  sp.command('status')
    .description('sites × periods: what each submission holds, and any chain problem (gap, fork, restart)')
    .requiredOption('--store <file>', 'the store')
    .option('--json', 'as JSON')
    .action(async (o: { store: string; json?: boolean }) => {
      const st = await withStore(o.store, storeStatus);
      process.stdout.write(o.json ? `${JSON.stringify(st, null, 2)}\n` : statusText(st));
    });
  return sp;
}
