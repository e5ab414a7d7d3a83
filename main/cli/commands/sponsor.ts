/** `sitecrf sponsor ...`: the sponsor's pooled DuckDB store (main/sponsor). */
import type { Command } from 'commander';
import { CrfError } from '../../../shared/errors';
import { plural } from '../../../shared/plural';
import type { Store } from '../../sponsor/store';

// Each verb loads only its own service when it runs (a dynamic import at the point of use):
// `init` and `learn` bring the study loader, the others need none of it, and the import's
// peak memory is what it loads (issue 13).

async function withStore<T>(path: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const { Store } = await import('../../sponsor/store');
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
    .option(
      '--study <file>',
      "the study's definition file, for a study SiteCRF does not ship (its SHA-256 must be the workbook's)",
    )
    .action(async (o: { store: string; from: string; study?: string }) => {
      const { initStore } = await import('../../sponsor/init');
      const s = await initStore(o.store, o.from, { studyFile: o.study });
      const m = await s.meta();
      s.close();
      process.stdout.write(`Store ${o.store} made for study ${m.study}\n`);
    });
  sp.command('learn')
    .description("teach the store another protocol version (an amendment) from a verified workbook's Dictionary")
    .requiredOption('--store <file>', 'the store')
    .requiredOption('--from <file>', 'a submission workbook of that version')
    .option('--study <file>', "that version's definition file, for a study SiteCRF does not ship")
    .action(async (o: { store: string; from: string; study?: string }) => {
      const { learnFrom } = await import('../../sponsor/init');
      const r = await withStore(o.store, (s) => learnFrom(s, o.from, { studyFile: o.study }));
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
      // Before DuckDB loads: the import returns each workbook's freed memory at once (allocator.ts).
      (await import('../../sponsor/allocator')).returnFreedMemoryAtOnce();
      const { importWorkbook } = await import('../../sponsor/import');
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
          message: `${refused} of ${plural(files.length, 'file')} refused; nothing was taken from them`,
        });
    });
  sp.command('status')
    .description('sites × periods: what each submission holds, and any chain problem (gap, fork, restart)')
    .requiredOption('--store <file>', 'the store')
    .option('--json', 'as JSON')
    .action(async (o: { store: string; json?: boolean }) => {
      const { storeStatus, statusText } = await import('../../sponsor/status');
      const st = await withStore(o.store, storeStatus);
      process.stdout.write(o.json ? `${JSON.stringify(st, null, 2)}\n` : statusText(st));
    });
  sp.command('query')
    .description('raise a query on a pooled subject; it reaches the site in its next queries file')
    .requiredOption('--store <file>', 'the store')
    .requiredOption('--subject <id>', 'the subject ID')
    .requiredOption('--event <event>', 'the event')
    .requiredOption('--form <form>', 'the form')
    .option('--field <field>', 'the field')
    .option('--instance <n>', 'the instance of a repeating form')
    .requiredOption('--text <text>', 'the question')
    .option('--user <name>', 'who raises it (kept in the store\'s query row; the site sees "sponsor")')
    .action(
      async (o: {
        store: string;
        subject: string;
        event: string;
        form: string;
        field?: string;
        instance?: string;
        text: string;
        user?: string;
      }) => {
        const instance = o.instance === undefined ? undefined : Number(o.instance);
        if (instance !== undefined && (!Number.isInteger(instance) || instance < 1))
          throw new CrfError({
            code: 'VALIDATION',
            field: 'instance',
            rule: 'range',
            message: '--instance is a whole number from 1',
          });
        const { raiseQuery } = await import('../../sponsor/queries');
        const r = await withStore(o.store, (s) => raiseQuery(s, { ...o, instance, by: o.user }));
        process.stdout.write(`Sponsor query #${r.id} raised on ${o.subject} (site ${r.site})\n`);
      },
    );
  sp.command('queries')
    .description("write a site's sponsor queries to a file for the site (it carries its hash, study and site)")
    .requiredOption('--store <file>', 'the store')
    .requiredOption('--site <code>', 'the site')
    .requiredOption('--out <file>', 'the file to write (never overwritten)')
    .action(async (o: { store: string; site: string; out: string }) => {
      const { writeQueriesFile } = await import('../../sponsor/queries');
      const n = await withStore(o.store, (s) => writeQueriesFile(s, o.site, o.out));
      process.stdout.write(`${plural(n, 'sponsor query', 'sponsor queries')} for ${o.site} written to ${o.out}\n`);
    });
  for (const [verb, to] of [
    ['close-query', 'closed'],
    ['reopen-query', 'open'],
  ] as const)
    sp.command(verb)
      .description(to === 'closed' ? 'close a sponsor query' : 're-open a sponsor query, saying why')
      .requiredOption('--store <file>', 'the store')
      .requiredOption('--id <n>', 'the sponsor query')
      .option('--text <text>', to === 'closed' ? 'a closing note' : 'why it is re-opened (required)')
      .option('--user <name>', 'who does it (kept in the store)')
      .action(async (o: { store: string; id: string; text?: string; user?: string }) => {
        const { setQueryStatus } = await import('../../sponsor/queries');
        await withStore(o.store, (s) => setQueryStatus(s, Number(o.id), to, o.text, new Date(), o.user));
        process.stdout.write(`Sponsor query #${o.id} ${to === 'closed' ? 'closed' : 're-opened'}\n`);
      });
  return sp;
}
