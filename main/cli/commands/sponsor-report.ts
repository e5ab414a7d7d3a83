/** `sitecrf sponsor report`: the study tables from the pooled store (main/sponsor/report). */
import type { Command } from 'commander';
import { z } from 'zod';
import { CrfError } from '../../../shared/errors';
import { plural } from '../../../shared/plural';

const reportOptions = z.object({
  store: z.string().min(1, '--store: a store file'),
  out: z.string().min(1, '--out: a folder'),
});

/** The `sponsor` command group, made here if the store's own verbs have not made it yet. */
export function sponsorCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'sponsor') ??
    program.command('sponsor').description("the sponsor's side: pool the sites' monthly workbooks in one store")
  );
}

export function registerSponsorReport(program: Command): void {
  sponsorCommand(program)
    .command('report')
    .description(
      "write the study tables (enrollment, characteristics, outcomes, complications, data quality) from the store's pooled rows: DIR/study-tables.xlsx and DIR/study-tables.json",
    )
    .requiredOption('--store <file>', 'the study store (STUDY.duckdb)')
    .requiredOption('--out <dir>', 'the folder to write to')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = reportOptions.safeParse(raw);
      if (!parsed.success)
        throw new CrfError({ code: 'VALIDATION', message: parsed.error.issues.map((i) => i.message).join('; ') });
      // Loaded when the report runs: the other sponsor verbs (the import) do not hold exceljs.
      const [{ tablesSpecOf }, { studyTablesFromStore }, { writeStudyTables }, { Store }, { studyOfStore }] =
        await Promise.all([
          import('../../sponsor/report/spec'),
          import('../../sponsor/report/sql/index'),
          import('../../sponsor/report/write'),
          import('../../sponsor/store'),
          import('../../sponsor/study-file'),
        ]);
      const store = await Store.open(parsed.data.store);
      try {
        const study = await studyOfStore(store);
        const spec = tablesSpecOf(study);
        const tables = await studyTablesFromStore(store, study, { spec });
        const { json, xlsx } = await writeStudyTables(tables, parsed.data.out);
        process.stdout.write(`${xlsx}\n${json}\n${plural(tables.tables.length, 'table')}\n`);
      } finally {
        store.close();
      }
    });
}
