import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CrfError, isCrfError } from '../../../shared/errors';
import { applyEntries, type EntriesOutcome } from '../../services/entries';
import type { SiteSession } from '../../services/session';
import { openSession } from '../open-session';
import { plural } from '../../../shared/plural';
import { sqliteFault } from '../../db/sqlite-faults';

export function registerEnter(program: Command): void {
  program
    .command('enter')
    .description(
      'scripted data entry from a JSON file, through the same services and rules as the screens (format: README)',
    )
    .requiredOption('--db <file>', 'the site database')
    .requiredOption('--user <name>', 'a coordinator or investigator')
    .requiredOption('--file <entries.json>', 'the entries file')
    .action(async (o: { db: string; user: string; file: string }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(o.file, 'utf8'));
      } catch (e) {
        throw new CrfError({
          code: 'VALIDATION',
          field: 'file',
          rule: 'json',
          message: `${o.file} is not readable JSON: ${(e as Error).message}`,
        });
      }
      let s: SiteSession;
      try {
        s = await openSession(o.db, o.user);
      } catch (e) {
        // Opening writes too (the login's audit row): a database busy past the wait, full or
        // read-only stops the run before entry 1, and the run still says that nothing was applied.
        reportNotStarted(
          raw,
          e,
          (t) => process.stderr.write(t),
          (t) => process.stdout.write(t),
        );
        throw e;
      }
      try {
        runEnter(s, raw, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
      } finally {
        s.close();
      }
    });
}

/** The summary of a run that could not start (the session did not open): every entry not applied. */
export function reportNotStarted(raw: unknown, e: unknown, err: (t: string) => void, out: (t: string) => void): void {
  const entries = (raw as { entries?: unknown } | null)?.entries;
  // SQLite's own error named as the CLI names it on exit (busy, disk full, read-only).
  const known = isCrfError(e) ? e : sqliteFault(e);
  const message = known ? known.message : ((e as Error)?.message ?? String(e));
  const summary = enterSummary({
    results: [],
    aliases: {},
    total: Array.isArray(entries) ? entries.length : 0,
    stopped: { index: 0, fault: known, error: e, message },
  });
  err(summary.line + '\n');
  out(JSON.stringify(summary.json) + '\n');
}

/**
 * Applies the entries and always reports: every rejected entry, then one line saying what was
 * committed and what was not, then the JSON summary on stdout; throws (a non-zero exit) when an
 * entry was rejected or the run stopped at a fault part-way.
 */
export function runEnter(
  s: SiteSession,
  raw: unknown,
  io: { out(t: string): void; err(t: string): void; progress?(done: number, total: number): void },
): void {
  const outcome = applyEntries(s, raw, {
    onProgress: (done, total) => {
      if (done % 1000 === 0 && done < total) io.err(`${done} of ${plural(total, 'entry', 'entries')} done\n`);
      io.progress?.(done, total);
    },
  });
  const { results, stopped } = outcome;
  const rejected = results.filter((r) => !r.ok);
  for (const r of rejected)
    io.err(
      `rejected entry ${r.index + 1}: subject ${r.subjectId ?? '-'} form ${r.form ?? '-'}${r.event ? ` (${r.event})` : ''} field ${r.field ?? '-'} rule ${r.rule ?? '-'}: ${r.message}\n`,
    );
  for (const r of results)
    for (const w of r.warnings ?? []) io.err(`warning entry ${r.index + 1}: ${r.subjectId} ${r.form}: ${w}\n`);
  const summary = enterSummary(outcome);
  io.err(summary.line + '\n');
  io.out(JSON.stringify(summary.json) + '\n');
  if (stopped) {
    if (stopped.fault) throw stopped.fault;
    throw stopped.error;
  }
  if (rejected.length)
    throw new CrfError({
      code: 'VALIDATION',
      message: `${rejected.length} of ${plural(results.length, 'entry', 'entries')} rejected (listed above); the others were applied`,
    });
}

export function enterSummary(o: EntriesOutcome): {
  line: string;
  json: {
    applied: number;
    alreadyApplied: number;
    rejected: number;
    notApplied: number;
    stoppedAt: number | null;
    subjects: Record<string, string>;
  };
} {
  const applied = o.results.filter((r) => r.ok && !r.alreadyApplied).length;
  const already = o.results.filter((r) => r.alreadyApplied).length;
  const rejected = o.results.filter((r) => !r.ok).length;
  const notApplied = o.stopped ? o.total - o.stopped.index : 0;
  const parts = [`${applied} applied`, `${already} already applied (skipped)`, `${rejected} rejected`];
  let line = `entries: ${o.total} in the file; ${parts.join(', ')}`;
  if (o.stopped) {
    const n = o.stopped.index + 1;
    line +=
      `. STOPPED at entry ${n}: ${o.stopped.message}. Entries ${n}–${o.total} (${notApplied}) were NOT applied;` +
      ` what is counted above before entry ${n} is committed. Fix the cause and run the same file again:` +
      ' entries with a key are skipped as already applied, entries without one are applied again.';
  }
  return {
    line,
    json: {
      applied,
      alreadyApplied: already,
      rejected,
      notApplied,
      stoppedAt: o.stopped ? o.stopped.index + 1 : null,
      subjects: o.aliases,
    },
  };
}
