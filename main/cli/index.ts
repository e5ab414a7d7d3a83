/**
 * The `sitecrf` command: the same services as the screens, for scripting and the monthly job.
 * Exit 0 on success; otherwise one clear line on stderr and a non-zero exit.
 */
import { Command, CommanderError } from 'commander';
import { isCrfError, type CrfError } from '../../shared/errors';
import { sqliteFault } from '../db/sqlite-faults';
import { APP_VERSION } from '../version';

type Register = (program: Command) => unknown;

/**
 * Every command's module, by the top-level verbs it registers, loaded only when it is run (or
 * for help): the commands between them load the site database, the PHI scanner, exceljs, the
 * host and the sponsor's report, and a run of one verb should not hold the others in memory
 * (`sponsor import` at six × 10,000 subjects must stay under 400 MB, issue 13). `redactor`: the
 * command may save free text at a site, so the PHI scanner must make its redacted copies.
 */
const COMMANDS: { verbs: string[]; redactor: boolean; load: () => Promise<Register> }[] = [
  { verbs: ['init'], redactor: true, load: async () => (await import('./commands/init')).registerInit },
  { verbs: ['user'], redactor: true, load: async () => (await import('./commands/user')).registerUser },
  { verbs: ['enter'], redactor: true, load: async () => (await import('./commands/enter')).registerEnter },
  {
    verbs: ['backup', 'restore'],
    redactor: true,
    load: async () => (await import('./commands/backup')).registerBackup,
  },
  { verbs: ['audit'], redactor: true, load: async () => (await import('./commands/audit')).registerAudit },
  {
    verbs: ['demo', 'export', 'read', 'phi-scan'],
    redactor: true,
    load: async () => (await import('./commands/extras')).registerExtras,
  },
  { verbs: ['sponsor'], redactor: false, load: async () => (await import('./commands/sponsor')).registerSponsor },
  { verbs: ['queries'], redactor: true, load: async () => (await import('./commands/queries')).registerQueries },
  {
    verbs: ['demo-network'],
    redactor: true,
    load: async () => (await import('./commands/network')).registerNetwork,
  },
  {
    verbs: ['study'],
    redactor: true,
    load: async () => (await import('./commands/study-redcap')).registerStudyRedcap,
  },
  {
    verbs: ['sponsor'],
    redactor: false,
    load: async () => (await import('./commands/sponsor-report')).registerSponsorReport,
  },
  {
    verbs: ['sponsor'],
    redactor: false,
    load: async () => (await import('./commands/sponsor-export')).registerSponsorExport,
  },
  {
    verbs: ['sponsor'],
    redactor: false,
    load: async () => (await import('./commands/sponsor-serve')).registerSponsorServe,
  },
  {
    verbs: ['study'],
    redactor: true,
    load: async () => (await import('./commands/study-check')).registerStudyCheck,
  },
  {
    verbs: ['study'],
    redactor: true,
    load: async () => (await import('./commands/study-amend')).registerStudyAmend,
  },
];

/** The first operand: the verb being run (options before it take no value at the top level). */
const verbOf = (argv: string[]): string | undefined => argv.slice(2).find((a) => !a.startsWith('-'));

/** The program with the commands of the verb in argv, or all of them (help, an unknown verb). */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('sitecrf')
    .description('SiteCRF: offline, encrypted electronic case report forms for a research site')
    .version(APP_VERSION)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  const verb = verbOf(argv);
  const own = COMMANDS.filter((c) => verb !== undefined && c.verbs.includes(verb));
  const chosen = own.length ? own : COMMANDS;
  if (chosen.some((c) => c.redactor)) await import('../export/free-text-redactor');
  for (const register of await Promise.all(chosen.map((c) => c.load()))) register(program);
  for (const c of program.commands) {
    c.exitOverride();
    for (const sub of c.commands) sub.exitOverride();
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
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
