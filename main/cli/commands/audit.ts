import type { Command } from 'commander';
import { CrfError } from '../../../shared/errors';
import { appendAudit } from '../../services/audit';
import { verifyAudit } from '../../services/audit-verify';
import { openSession } from '../open-session';
import { plural } from '../../../shared/plural';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description(
      'check the file (integrity_check), the signed user records, the hash chain and its signatures, the data against the trail, and the signed chain heads; names each problem',
    )
    .requiredOption('--db <file>', 'the site database')
    .requiredOption('--user <name>', 'an administrator or monitor')
    .action(async (o: { db: string; user: string }) => {
      const s = await openSession(o.db, o.user);
      try {
        const r = verifyAudit(s);
        if (!r.ok)
          throw new CrfError({
            code: 'DAMAGED',
            message: `audit trail does NOT verify:\n${r.problems.map((p) => `  - ${p}`).join('\n')}`,
          });
        s.db.transaction(() =>
          appendAudit(s.db, [{ user: s.user.username, action: 'audit.verify', detail: { rows: r.rows } }], s.now()),
        )();
        const note = r.unchecked
          ? ` (${r.unchecked} identifier values not compared: this role holds no identified access)`
          : '';
        process.stdout.write(
          `audit trail verified: ${plural(r.rows, 'row')}, chain intact, signatures valid, data matches the trail${note}\n`,
        );
      } finally {
        s.close();
      }
    });
}
