/**
 * The `sitecrf` command: the same services as the screens, for scripting and the monthly job.
 * Exit 0 on success; otherwise one clear line on stderr and a non-zero exit.
 */
import { Command, CommanderError } from 'commander';
import '../export/free-text-redactor';
import { isCrfError, type CrfError } from '../../shared/errors';
import { sqliteFault } from '../db/sqlite-faults';
import { APP_VERSION } from '../version';
import { registerAudit } from './commands/audit';
import { registerBackup } from './commands/backup';
import { registerEnter } from './commands/enter';
import { registerInit } from './commands/init';
import { registerUser } from './commands/user';
import { registerExtras } from './commands/extras';
import { registerSponsor } from './commands/sponsor';
import { registerQueries } from './commands/queries';
import { registerNetwork } from './commands/network';
import { registerStudyRedcap } from './commands/study-redcap';
import { registerSponsorReport } from './commands/sponsor-report';
import { registerSponsorExport } from './commands/sponsor-export';
import { registerSponsorServe } from './commands/sponsor-serve';
import { registerStudyCheck } from './commands/study-check';
import { registerStudyAmend } from './commands/study-amend';

export function buildProgram(): Command {
  const program = new Command('sitecrf')
    .description('SiteCRF: offline, encrypted electronic case report forms for a research site')
    .version(APP_VERSION)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerInit(program);
  registerUser(program);
  registerEnter(program);
  registerBackup(program);
  registerAudit(program);
  registerExtras(program);
  registerSponsor(program);
  registerQueries(program);
  registerNetwork(program);
  registerStudyRedcap(program);
  registerSponsorReport(program);
  registerSponsorExport(program);
  registerSponsorServe(program);
  registerStudyCheck(program);
  registerStudyAmend(program);
  for (const c of program.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : e.exitCode || 1;
    const known = isCrfError(e) ? e : sqliteFault(e);
    if (known) {
      process.stderr.write(`sitecrf: ${known.message}\n`);
      return exitCode(known);
    }
    process.stderr.write(`sitecrf: unexpected error: ${(e as Error).message}\n`);
    return 70;
  }
}

/** 75 is sysexits' EX_TEMPFAIL: a script may retry a busy database later. */
function exitCode(e: CrfError): number {
  if (e.code === 'FORBIDDEN') return 3;
  if (e.code === 'AUTH' || e.code === 'LOCKED_OUT') return 4;
  if (e.code === 'BUSY') return 75;
  return 1;
}
