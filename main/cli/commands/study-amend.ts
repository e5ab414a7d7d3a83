/** `sitecrf study amend`: move the site to the next version of its study (an administrator, with a reason). */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CrfError } from '../../../shared/errors';
import { amendStudy } from '../../study/amend';
import { openSession } from '../open-session';
import { studyCommand } from './study-group';
import { plural } from '../../../shared/plural';

export function registerStudyAmend(program: Command): void {
  studyCommand(program)
    .command('amend')
    .description(
      'install the next version of the study: refused with every problem listed if it would orphan or invalidate saved data',
    )
    .requiredOption('--db <file>', 'the site database')
    .requiredOption('--user <name>', 'an administrator')
    .requiredOption('--file <STUDY.json>', 'the new version of the study file')
    .requiredOption('--reason <text>', 'why (recorded in the audit trail)')
    .action(async (o: { db: string; user: string; file: string; reason: string }) => {
      let text: string;
      try {
        text = readFileSync(o.file, 'utf8');
      } catch (e) {
        throw new CrfError({
          code: 'VALIDATION',
          field: 'file',
          rule: 'file',
          message: `cannot read ${o.file}: ${(e as Error).message}`,
        });
      }
      const s = await openSession(o.db, o.user);
      try {
        const r = amendStudy(s, { text, reason: o.reason });
        const a = r.added;
        process.stdout.write(
          `${s.study.def.id}: version ${r.from} → ${r.to} (SHA-256 ${r.sha256}); added ` +
            `${plural(a.forms.length, 'form')}, ${plural(a.fields.length, 'field')}, ${plural(a.codes.length, 'code')}, ${plural(a.events.length, 'event')}\n`,
        );
      } catch (e) {
        if (e instanceof CrfError && (e.rule === 'amendment' || e.rule === 'studyFile'))
          for (const i of e.issues ?? []) process.stdout.write(`${i.field}: ${i.rule}: ${i.message}\n`);
        throw e;
      } finally {
        s.close();
      }
    });
}
