import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CrfError } from '../../../shared/errors';
import { createSiteDatabase } from '../../services/site-db';
import { sha256Hex } from '../../services/study-store';
import { DEFAULT_STUDY_ID, STUDIES } from '../../../shared/studies/index';
import { newSecret } from '../secrets';

/** `--study` names a study this build ships (SACRO) or a study file; the file is read once, here. */
function studyText(study: string): string | undefined {
  if (Object.hasOwn(STUDIES, study)) return undefined;
  try {
    return readFileSync(study, 'utf8');
  } catch (e) {
    throw new CrfError({
      code: 'VALIDATION',
      field: 'study',
      rule: 'file',
      message: `${study} is neither a study this build ships (${Object.keys(STUDIES).join(', ')}) nor a readable study file: ${(e as Error).message}`,
    });
  }
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'create a site database running a study file (or the shipped study); the admin password from SITECRF_PASSWORD or the terminal; prints the recovery code once',
    )
    .requiredOption('--db <file>', 'the database file to create (it must not exist)')
    .requiredOption('--site <code>', 'the site code, e.g. MMC')
    .requiredOption('--admin <user>', "the administrator's user name")
    .option('--admin-name <name>', "the administrator's full name")
    .option(
      '--study <FILE|id>',
      'the study file (JSON, checked like `study check`; stored in the database with its SHA-256), or a shipped study id',
      DEFAULT_STUDY_ID,
    )
    .action(async (o: { db: string; site: string; admin: string; adminName?: string; study: string }) => {
      const text = studyText(o.study);
      const password = await newSecret('SITECRF_PASSWORD', `New password for ${o.admin}: `);
      let recoveryCode: string;
      try {
        ({ recoveryCode } = createSiteDatabase({
          path: o.db,
          siteCode: o.site,
          ...(text === undefined ? { studyId: o.study } : { studyText: text }),
          admin: { username: o.admin, fullName: o.adminName ?? o.admin, password },
        }));
      } catch (e) {
        // Every error of the study file, each with its JSON path, as `study check` lists them.
        if (e instanceof CrfError && e.rule === 'studyFile')
          for (const i of e.issues ?? []) process.stdout.write(`${i.field}: ${i.rule}: ${i.message}\n`);
        throw e;
      }
      process.stdout.write(
        `Created ${o.db} (site ${o.site}) with the key file ${o.db}.keys.json beside it.\n` +
          (text === undefined ? '' : `Study file ${o.study} stored, SHA-256 ${sha256Hex(text)}.\n`) +
          `Recovery code (shown once; print it or store it in a safe place):\n\n    ${recoveryCode}\n\n` +
          `Keep the database and its key file together; back them up with 'sitecrf backup'.\n`,
      );
    });
}
