/** `sitecrf queries import`: a sponsor's queries file opened at the site (main/services/sponsor-queries). */
import type { Command } from 'commander';
import { importSponsorQueries } from '../../services/sponsor-queries';
import { openSession } from '../open-session';

export function registerQueries(program: Command): Command {
  const q = program.command('queries').description('queries at the site');
  q.command('import')
    .description("open a sponsor's queries file as queries raised by sponsor (all or nothing)")
    .requiredOption('--db <file>', 'the site database')
    .requiredOption('--user <name>', 'a coordinator or investigator')
    .requiredOption('--file <file>', 'the file from sitecrf sponsor queries')
    .action(async (o: { db: string; user: string; file: string }) => {
      const s = await openSession(o.db, o.user);
      try {
        const r = importSponsorQueries(s, o.file);
        process.stdout.write(
          `Sponsor queries: ${r.opened} opened, ${r.closed} closed, ${r.reopened} re-opened, ${r.unchanged} unchanged\n`,
        );
      } finally {
        s.close();
      }
    });
  return q;
}
