import type { Command } from 'commander';
import { addUser } from '../../services/users';
import { openSession } from '../open-session';
import { newSecret } from '../secrets';

export function registerUser(program: Command): void {
  const user = program.command('user').description('manage users');
  user
    .command('add')
    .description(
      "add a user; their password from SITECRF_NEW_PASSWORD or the terminal (the admin's from SITECRF_PASSWORD)",
    )
    .requiredOption('--db <file>', 'the site database')
    .requiredOption('--user <admin>', 'the administrator doing it')
    .requiredOption('--name <username>', "the new user's login name")
    .requiredOption('--role <role>', 'coordinator, investigator, monitor or admin')
    .option('--full-name <name>', "the new user's full name (default: the login name)")
    .action(async (o: { db: string; user: string; name: string; role: string; fullName?: string }) => {
      const s = await openSession(o.db, o.user);
      try {
        const password = await newSecret('SITECRF_NEW_PASSWORD', `Password for the new user ${o.name}: `);
        const u = addUser(s, { username: o.name, fullName: o.fullName ?? o.name, role: o.role, password });
        process.stdout.write(`Added ${u.username} (${u.role})\n`);
      } finally {
        s.close();
      }
    });
}
