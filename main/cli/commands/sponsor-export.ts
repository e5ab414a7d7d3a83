/** `sitecrf sponsor export`: the pooled study as typed CSV or Parquet files for analysts (main/sponsor/analyst). */
import type { Command } from 'commander';
import { z } from 'zod';
import { CrfError } from '../../../shared/errors';
import { plural } from '../../../shared/plural';
import { sponsorCommand } from './sponsor-report';

export function registerSponsorExport(program: Command): void {
  sponsorCommand(program)
    .command('export')
    .description(
      'write the pooled study for analysts: one table per form with a site column (CSV pooled and per site, or Parquet partitioned by site), dictionary.csv, load.R and (CSV) load.do',
    )
    .requiredOption('--store <file>', 'the study store (STUDY.duckdb)')
    .requiredOption('--format <format>', 'csv or parquet')
    .requiredOption('--out <dir>', 'a new (or empty) folder to write to')
    .action(async (raw: Record<string, unknown>) => {
      // Loaded when the export runs, not by the other sponsor verbs (the import's memory, issue 13).
      const [{ analystExport, exportOptionsSchema }, { Store }] = await Promise.all([
        import('../../sponsor/analyst/export'),
        import('../../sponsor/store'),
      ]);
      const cliOptions = exportOptionsSchema.extend({ store: z.string().min(1, '--store: a store file') });
      const parsed = cliOptions.safeParse(raw);
      if (!parsed.success)
        throw new CrfError({ code: 'VALIDATION', message: parsed.error.issues.map((i) => i.message).join('; ') });
      const store = await Store.open(parsed.data.store);
      try {
        const r = await analystExport(store, parsed.data);
        for (const t of r.tables) process.stdout.write(`${t.name}: ${plural(t.rows, 'row')}\n`);
        process.stdout.write(`${plural(r.files.length, 'file')} in ${r.out}\n`);
      } finally {
        store.close();
      }
    });
}
