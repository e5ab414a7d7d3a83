import type { Command } from 'commander';

/** The `study` verb group, shared by every `study …` sub-command whoever registers first. */
export function studyCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'study') ??
    program.command('study').description('study definitions: check, import and export')
  );
}
