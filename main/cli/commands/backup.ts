import type { Command } from 'commander';
import { backupDatabase, restoreDatabase } from '../../services/backup';
import { newCodeText, openSession } from '../open-session';
import { secretFrom } from '../secrets';
import { plural } from '../../../shared/plural';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write an encrypted backup (same key, with its key slots) and verify it')
    .requiredOption('--db <file>', 'the site database')
    .requiredOption('--user <name>', 'an administrator')
    .requiredOption('--out <file>', 'the backup file to create')
    .action(async (o: { db: string; user: string; out: string }) => {
      const s = await openSession(o.db, o.user);
      try {
        const r = backupDatabase(s, o.out);
        process.stdout.write(
          `Backup written to ${r.file} (and ${r.file}.keys.json), ${r.auditRows} audit rows, verified\nSHA-256 ${r.sha256}\n`,
        );
      } finally {
        s.close();
      }
    });
  program
    .command('restore')
    .description(
      'restore a backup to a new database file, with a password (SITECRF_PASSWORD) or the recovery code (--recovery, SITECRF_RECOVERY_CODE)',
    )
    .requiredOption('--from <file>', 'the backup file')
    .requiredOption('--db <file>', 'the database file to create')
    .requiredOption('--user <name>', 'a user of the backed-up database (an administrator with --recovery)')
    .option('--recovery', 'use the recovery code instead of a password')
    .action(async (o: { from: string; db: string; user: string; recovery?: boolean }) => {
      const cred = o.recovery
        ? { username: o.user, recoveryCode: await secretFrom('SITECRF_RECOVERY_CODE', 'Recovery code: ') }
        : { username: o.user, password: await secretFrom('SITECRF_PASSWORD', `Password for ${o.user}: `) };
      const r = restoreDatabase(o.from, o.db, cred);
      process.stdout.write(`Restored ${o.from} to ${o.db}; audit trail verified (${plural(r.auditRows, 'row')})\n`);
      if (r.newRecoveryCode) process.stderr.write(newCodeText(r.newRecoveryCode));
    });
}
