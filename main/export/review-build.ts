/**
 * The review of a `safe-harbor-text` export (review.ts), built from the same snapshot, rules and
 * scanner as the export itself: every free-text value of the forms and every query text the
 * workbook would carry, with the redactions marked in place. It holds the raw text, so it is PHI:
 * only roles with identified access may build it, and the CLI writes it readable by its owner only.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CrfError } from '../../shared/errors';
import { appendAudit } from '../services/audit';
import type { SiteSession } from '../services/session';
import { deidentifySubject } from './deidentify';
import { exportLayout } from './layout';
import { PROFILES } from './profiles';
import { FreeTextReview, planOfFile, REVIEW_FORMAT, type ReviewFile } from './review';
import { queriesSheet } from './sheet-queries';
import { iterateSubjects, openSnapshot } from './source';

export function buildReview(session: SiteSession, opts: { period: string; cutoff?: Date }): ReviewFile {
  session.require('export.identified');
  const profile = PROFILES['safe-harbor-text'];
  const study = session.study;
  const snap = openSnapshot(session, opts.cutoff ?? session.now());
  const review = new FreeTextReview();
  try {
    const layout = exportLayout(study, profile);
    for (const s of iterateSubjects(snap)) deidentifySubject(study, profile, s.casebook, { layout, review });
    for (const _row of queriesSheet(study, profile, snap, {}, review).rows());
  } finally {
    snap.close();
  }
  return {
    format: REVIEW_FORMAT,
    version: 1,
    study: study.def.id,
    site: session.site.code,
    period: opts.period,
    profile: 'safe-harbor-text',
    items: [...review.items.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}

/** A reviewed file ready for the export: same study, site and period; the acting user's role decides about removals. */
export function reviewForExport(session: SiteSession, file: ReviewFile, period: string): FreeTextReview {
  for (const [field, want, got] of [
    ['study', session.study.def.id, file.study],
    ['site', session.site.code, file.site],
    ['period', period, file.period],
  ] as const)
    if (want !== got)
      throw new CrfError({
        code: 'VALIDATION',
        field,
        rule: 'match',
        message: `the review file is for ${field} ${got}, this export for ${want}`,
      });
  return new FreeTextReview(planOfFile(file), { username: session.user.username, role: session.user.role });
}

/** Writes the review (owner-only, never over an existing file) and audits it like any PHI file. */
export function writeReviewFile(session: SiteSession, period: string, file: string): { file: string; items: number } {
  const review = buildReview(session, { period });
  if (existsSync(file))
    throw new CrfError({ code: 'CONFLICT', field: 'review', rule: 'exists', message: `${file} already exists` });
  const json = JSON.stringify(review, null, 2) + '\n';
  writeFileSync(file, json, { mode: 0o600, flag: 'wx' });
  const sha256 = createHash('sha256').update(json).digest('hex');
  session.db.transaction(() =>
    appendAudit(
      session.db,
      [
        {
          user: session.user.username,
          action: 'export.review',
          detail: { file: basename(file), period, items: review.items.length, sha256, profile: 'identified' },
        },
      ],
      session.now(),
    ),
  )();
  return { file, items: review.items.length };
}
