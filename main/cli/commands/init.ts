import type { Command } from 'commander';
import { createSiteDatabase } from '../../services/site-db';
import { DEFAULT_STUDY_ID } from '../../../shared/studies/index';
import { newSecret } from '../secrets';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'create a site database; the admin password from SITECRF_PASSWORD or the terminal; prints the recovery code once',
    )
    .requiredOption('--db <file>', 'the database file to create (it must not exist)')
    .requiredOption('--site <code>', 'the site code, e.g. MMC')
    .requiredOption('--admin <user>', "the administrator's user name")
    .option('--admin-name <name>', "the administrator's full name")
    .option('--study <id>', 'the study protocol', DEFAULT_STUDY_ID)
    .action(async (o: { db: string; site: string; admin: string; adminName?: string; study: string }) => {
      const password = await newSecret('SITECRF_PASSWORD', `New password for ${o.admin}: `);
      const { recoveryCode } = createSiteDatabase({
        path: o.db,
        siteCode: o.site,
        studyId: o.study,
        admin: { username: o.admin, fullName: o.adminName ?? o.admin, password },
      });
      process.stdout.write(
        `Created ${o.db} (site ${o.site}) with the key file ${o.db}.keys.json beside it.\n` +
          `Recovery code (shown once; print it or store it in a safe place):\n\n    ${recoveryCode}\n\n` +
          `Keep the database and its key file together; back them up with 'sitecrf backup'.\n`,
      );
    });
}
