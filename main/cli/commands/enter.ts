import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CrfError } from '../../../shared/errors';
import { applyEntries } from '../../services/entries';
import { openSession } from '../open-session';

export function registerEnter(program: Command): void {
  program
    .command('enter')
    .description(
      'scripted data entry from a JSON file, through the same services and rules as the screens (format: README)',
    )
    .requiredOption('--db <file>', 'the site database')
    .requiredOption('--user <name>', 'a coordinator or investigator')
    .requiredOption('--file <entries.json>', 'the entries file')
    .action(async (o: { db: string; user: string; file: string }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(o.file, 'utf8'));
      } catch (e) {
        throw new CrfError({
          code: 'VALIDATION',
          field: 'file',
          rule: 'json',
          message: `${o.file} is not readable JSON: ${(e as Error).message}`,
        });
      }
      const s = await openSession(o.db, o.user);
      try {
        const { results, aliases } = applyEntries(s, raw);
        const rejected = results.filter((r) => !r.ok);
        for (const r of rejected)
          process.stderr.write(
            `rejected entry ${r.index + 1}: subject ${r.subjectId ?? '-'} form ${r.form ?? '-'}${r.event ? ` (${r.event})` : ''} field ${r.field ?? '-'} rule ${r.rule ?? '-'}: ${r.message}\n`,
          );
        for (const r of results)
          for (const w of r.warnings ?? [])
            process.stderr.write(`warning entry ${r.index + 1}: ${r.subjectId} ${r.form}: ${w}\n`);
        process.stdout.write(
          JSON.stringify({ applied: results.length - rejected.length, rejected: rejected.length, subjects: aliases }) +
            '\n',
        );
        if (rejected.length)
          throw new CrfError({
            code: 'VALIDATION',
            message: `${rejected.length} of ${results.length} entries rejected (listed above); the others were applied`,
          });
      } finally {
        s.close();
      }
    });
}
