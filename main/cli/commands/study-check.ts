/** `sitecrf study check FILE` and `sitecrf study schema`. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CrfError } from '../../../shared/errors';
import { checkStudyText, studyJsonSchema } from '../../../shared/protocol/study-file';
import { studyCommand } from './study-group';
import { plural } from '../../../shared/plural';

export function registerStudyCheck(program: Command): void {
  const study = studyCommand(program);
  study
    .command('check')
    .description('check a study file: every error with its JSON path and rule on stdout; exit 1 on any error')
    .argument('<file>', 'the study definition (JSON)')
    .action((file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new CrfError({
          code: 'VALIDATION',
          rule: 'file',
          message: `cannot read ${file}: ${(e as Error).message}`,
        });
      }
      const r = checkStudyText(text);
      if (r.ok) {
        const d = r.study.def;
        process.stdout.write(
          `${file}: study ${d.id} version ${d.version}: ${plural(d.forms.length, 'form')}, ${plural(d.events.length, 'event')}, ` +
            `${plural(
              d.forms.reduce((n, f) => n + f.fields.length, 0),
              'field',
            )}: no errors\n`,
        );
        return;
      }
      for (const e of r.errors) process.stdout.write(`${e.path}: ${e.rule}: ${e.message}\n`);
      throw new CrfError({
        code: 'VALIDATION',
        rule: 'studyFile',
        message: `${file}: ${plural(r.errors.length, 'error')}`,
      });
    });
  study
    .command('schema')
    .description('print the JSON Schema of a study file (shared/studies/study.schema.json is this output)')
    .action(() => {
      process.stdout.write(JSON.stringify(studyJsonSchema(), null, 2) + '\n');
    });
}
