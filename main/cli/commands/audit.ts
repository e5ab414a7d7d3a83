import type { Command } from 'commander';
import { CrfError } from '../../../shared/errors';
import { appendAudit, verifyAuditChain } from '../../services/audit';
import { openSession } from '../open-session';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('check the hash chain of the audit trail; names the first row that does not verify')
    .requiredOption('--db <file>', 'the site database')
    .requiredOption('--user <name>', 'an administrator or monitor')
    .action(async (o: { db: string; user: string }) => {
      const s = await openSession(o.db, o.user);
      try {
        s.require('audit.read');
        const r = verifyAuditChain(s.db);
        if (!r.ok)
          throw new CrfError({
            code: 'DAMAGED',
            message: `audit trail does NOT verify: ${r.problem} (row ${r.badRow})`,
          });
        s.db.transaction(() =>
          appendAudit(s.db, [{ user: s.user.username, action: 'audit.verify', detail: { rows: r.rows } }], s.now()),
        )();
        process.stdout.write(`audit trail verified: ${r.rows} rows, chain intact\n`);
      } finally {
        s.close();
      }
    });
}
