import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { CrfError } from '../../../shared/errors';
import { runPhiScan } from '../../export/phi/cli';
import type { Study } from '../../../shared/protocol/load';
import { generateDemo, groupsText } from '../../demo/index';
import { openSession } from '../open-session';
import { SingleBar, Presets } from 'cli-progress';
import { exportSubmission } from '../../export/workbook-writer';
import { exportOdm } from '../../export/odm/index';
import { runRead } from '../../export/workbook-reader';
import { refuseNonFile } from '../../db/sqlite-faults';
import { PROFILES, isProfileId } from '../../export/profiles';
import { parseReviewFile } from '../../export/review';
import { reviewForExport, writeReviewFile } from '../../export/review-build';
import { isPeriod } from '../../../shared/period';
import { plural } from '../../../shared/plural';

/** Verbs whose engines live in other parts of main/: the PHI scanner, demo data, the workbook. */
interface ExportCliOptions {
  db: string;
  user: string;
  period: string;
  profile: string;
  out: string;
  review?: string;
  applyReview?: string;
  format: string;
  audit?: boolean;
}

/** "Adverse events 316, ": the instances of the study's repeating event (its label), if it has one. */
function repeatingText(study: Study, n: number): string {
  const labels = study.def.events.filter((e) => e.repeating).map((e) => e.label);
  if (!labels.length) return '';
  return `${labels.length === 1 ? labels[0] : 'Repeating forms'} ${n.toLocaleString('en-US')}, `;
}

export function registerExtras(program: Command): void {
  program
    .command('demo')
    .description(
      'add synthetic subjects modelled on the published SACRO study (seeded: the same seed on the same day gives the same content)',
    )
    .requiredOption('--db <file>', 'a site database made by init')
    .requiredOption('--user <name>', 'an administrator or coordinator')
    .option('--subjects <n>', 'how many subjects', '243')
    .option('--seed <s>', 'the random seed', '1')
    .action(async (o: { db: string; user: string; subjects: string; seed: string }) => {
      const n = Number(o.subjects);
      if (!Number.isInteger(n) || n < 1)
        throw new CrfError({
          code: 'VALIDATION',
          field: 'subjects',
          rule: 'range',
          message: '--subjects must be a whole number from 1',
        });
      const s = await openSession(o.db, o.user);
      // A bar only where a person watches a long run; scripts get the summary line alone.
      const bar =
        process.stderr.isTTY && n >= 200
          ? new SingleBar(
              { format: 'demo [{bar}] {value}/{total} subjects  {eta}s left', stream: process.stderr },
              Presets.shades_classic,
            )
          : null;
      try {
        bar?.start(n, 0);
        const stats = generateDemo(s, { subjects: n, seed: o.seed, onProgress: (done) => bar?.update(done) });
        bar?.stop();
        process.stdout.write(
          `Added ${plural(stats.subjects, 'demo subject')} (${groupsText(stats.byIndication) ? `${groupsText(stats.byIndication)}; ` : ''}${plural(stats.forms, 'form')}, ${repeatingText(s.study, stats.aes)}${stats.dead} dead, ${stats.lost} lost) in ${stats.seconds.toFixed(1)} s\n`,
        );
      } finally {
        bar?.stop();
        s.close();
      }
    });
  program
    .command('export')
    .description(
      'write the monthly submission workbook, de-identified by its profile, and record the disclosure in the audit trail',
    )
    .requiredOption('--db <file>', 'the site database')
    .requiredOption('--user <name>', 'the user exporting (identified: site roles only)')
    .requiredOption('--period <YYYY-MM>', 'the reporting month')
    .option('--profile <profile>', `one of ${Object.keys(PROFILES).join(', ')}`, 'safe-harbor')
    .option('--out <dir>', 'the folder to write to', '.')
    .option(
      '--review <file.json>',
      'safe-harbor-text: write the review of every free-text value (redactions marked; PHI, mode 0600) instead of the workbook',
    )
    .option(
      '--apply-review <file.json>',
      'safe-harbor-text: export with the decisions of a reviewed file (added redactions; removals by an admin, with reasons)',
    )
    .option('--format <format>', 'xlsx (the submission workbook) or odm (CDISC ODM 1.3.2 XML)', 'xlsx')
    .option('--audit', 'with --format odm: also a Transactional ODM file of the audit trail (limited or identified)')
    .action(async (o: ExportCliOptions) => {
      if (o.format !== 'xlsx' && o.format !== 'odm')
        throw new CrfError({
          code: 'VALIDATION',
          field: 'format',
          rule: 'code',
          message: '--format must be xlsx or odm',
        });
      if (o.format === 'odm' && o.review)
        throw new CrfError({
          code: 'VALIDATION',
          field: 'format',
          rule: 'review',
          message:
            '--review writes the review file, not an export: run it without --format odm, then --apply-review it',
        });
      if (o.audit && o.format !== 'odm')
        throw new CrfError({
          code: 'VALIDATION',
          field: 'audit',
          rule: 'format',
          message: '--audit goes with --format odm',
        });
      if (!isPeriod(o.period))
        throw new CrfError({
          code: 'VALIDATION',
          field: 'period',
          rule: 'pattern',
          message: '--period must be a month as YYYY-MM',
        });
      if (!isProfileId(o.profile))
        throw new CrfError({
          code: 'VALIDATION',
          field: 'profile',
          rule: 'code',
          message: `--profile must be one of ${Object.keys(PROFILES).join(', ')}`,
        });
      if ((o.review || o.applyReview) && o.profile !== 'safe-harbor-text')
        throw new CrfError({
          code: 'VALIDATION',
          field: o.review ? 'review' : 'apply-review',
          rule: 'profile',
          message: 'a review is for --profile safe-harbor-text only',
        });
      const s = await openSession(o.db, o.user);
      if (o.format === 'odm') {
        try {
          const review = o.applyReview
            ? reviewForExport(s, parseReviewFile(readFileSync(o.applyReview, 'utf8')), o.period)
            : undefined;
          const r = await exportOdm(s, {
            period: o.period,
            profile: o.profile,
            outDir: o.out,
            audit: o.audit,
            review,
          });
          process.stdout.write(
            `${r.file}\n${plural(r.subjects, 'subject')}, ${plural(r.forms, 'form')}, profile ${o.profile}, CDISC ODM 1.3.2\nSHA-256 ${r.sha256}\n` +
              (r.auditFile
                ? `${r.auditFile}\n${r.auditRecords} audit records (${r.auditSkipped} of dropped fields left out)\n`
                : ''),
          );
        } finally {
          s.close();
        }
        return;
      }
      if (o.review) {
        try {
          const r = writeReviewFile(s, o.period, o.review);
          process.stdout.write(`${r.file}\n${r.items} free-text values to review (PHI: keep it at the site)\n`);
        } finally {
          s.close();
        }
        return;
      }
      const review = o.applyReview
        ? reviewForExport(s, parseReviewFile(readFileSync(o.applyReview, 'utf8')), o.period)
        : undefined;
      const bar = process.stderr.isTTY
        ? new SingleBar(
            { format: 'export [{bar}] {percentage}%  {eta}s left', stream: process.stderr },
            Presets.shades_classic,
          )
        : null;
      try {
        let started = false;
        const r = await exportSubmission(s, {
          period: o.period,
          profile: o.profile,
          outDir: o.out,
          review,
          onProgress: (done, total) => {
            if (!started) bar?.start(total, 0);
            started = true;
            bar?.update(done);
          },
        });
        bar?.stop();
        process.stdout.write(
          `${r.file}\n${plural(r.subjects, 'subject')}, ${plural(r.rows, 'data row')}, profile ${r.profile}\nSHA-256 ${r.sha256}\n`,
        );
      } finally {
        bar?.stop();
        s.close();
      }
    });
  program
    .command('read')
    .description(
      "read a submission workbook back (sponsor side) as JSON on stdout; checks every sheet against the Cover's hashes",
    )
    .argument('<file.xlsx>', 'the workbook')
    .action(async (file: string) => {
      refuseNonFile(file, 'a submission workbook');
      const code = await runRead(file, process.stdout, process.stderr);
      if (code !== 0)
        throw new CrfError({
          code: code === 1 ? 'DAMAGED' : 'VALIDATION',
          message:
            code === 1
              ? `${file} does not match the hashes on its Cover (sheets named above)`
              : `${file} could not be read as a submission workbook`,
        });
    });
  program
    .command('phi-scan')
    .description(
      'stdin text → stdout redacted text ([REDACTED:KIND]); counts per kind as JSON on stderr, never the values',
    )
    .option(
      '--spans',
      'print the findings as JSON lines {"start":N,"end":N,"kind":"NAME"} instead (offsets, never values)',
    )
    .action(async (o: { spans?: boolean }) => {
      const code = await runPhiScan({
        spans: !!o.spans,
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
      });
      if (code !== 0) throw new CrfError({ code: 'INTERNAL', message: 'phi-scan failed' });
    });
}
