import type { Command } from 'commander';
import { CrfError } from '../../../shared/errors';
import { runPhiScan } from '../../export/phi/cli';

/** Verbs whose engines live in other parts of main/: the PHI scanner, demo data, the workbook. */
export function registerExtras(program: Command): void {
  program
    .command('phi-scan')
    .description('stdin text → stdout redacted text ([REDACTED:KIND]); counts per kind as JSON on stderr, never the values')
    .option('--spans', 'print the findings as JSON lines {"start":N,"end":N,"kind":"NAME"} instead (offsets, never values)')
    .action(async (o: { spans?: boolean }) => {
      const code = await runPhiScan({ spans: !!o.spans, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
      if (code !== 0) throw new CrfError({ code: 'INTERNAL', message: 'phi-scan failed' });
    });
}
