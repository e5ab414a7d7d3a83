/**
 * `study amend`: moves a site database to the next version of its study. The new definition is
 * checked as a study file, then as an amendment of the running one against every saved form
 * instance; stored with its SHA-256 and audited in one transaction; the session runs it next.
 */
import { requireReason } from '../services/reason';
import { CrfError } from '../../shared/errors';
import type { Study } from '../../shared/protocol/load';
import { checkStudyText } from '../../shared/protocol/study-file';
import { appendAudit } from '../services/audit';
import { openValues } from '../services/identifier-values';
import type { SiteSession } from '../services/session';
import { insertStudyVersion, studyFromText, studyVersions } from '../services/study-store';
import { checkAmendment, type AmendmentCheck, type SavedInstance } from './amendment-check';
import { plural } from '../../shared/plural';

export interface AmendResult {
  from: string;
  to: string;
  sha256: string;
  added: AmendmentCheck['added'];
}

function* savedInstances(s: SiteSession): Iterable<SavedInstance> {
  const key = s.identifierKey();
  const rows = s.db.prepare('SELECT event, form, instance, data FROM forms ORDER BY id').iterate() as Iterable<{
    event: string;
    form: string;
    instance: number;
    data: string;
  }>;
  for (const r of rows)
    yield { event: r.event, form: r.form, instance: r.instance, values: openValues(key, JSON.parse(r.data)) };
}

function checkAgainstSaved(s: SiteSession, next: Study): AmendmentCheck {
  return checkAmendment(s.study.def, next.def, savedInstances(s), {
    siteCode: s.site.code,
    knownVersions: studyVersions(s.db).map((v) => v.version),
  });
}

export interface AmendmentProblemView {
  /** a JSON path for an error in the file itself, else form/field/code as `study amend` prints it */
  where: string;
  rule: string;
  message: string;
}

/** What confirming would do, before anything is written: the problems, or what the new version adds. */
export type AmendmentPreview =
  | { ok: true; from: string; to: string; title: string; added: AmendmentCheck['added'] }
  | { ok: false; from: string; to: string | null; stage: 'file' | 'amendment'; problems: AmendmentProblemView[] };

/**
 * The admin screen's first step: the same checks as `amendStudy` (the file as a study file, then
 * as an amendment against every saved form instance), read only.
 */
export function previewAmendment(s: SiteSession, input: { text: string }): AmendmentPreview {
  s.require('site.manage');
  const from = s.study.def.version;
  const file = checkStudyText(input.text);
  if (!file.ok)
    return {
      ok: false,
      from,
      to: null,
      stage: 'file',
      problems: file.errors.map((e) => ({ where: e.path, rule: e.rule, message: e.message })),
    };
  const next = file.study.def;
  const check = checkAgainstSaved(s, file.study);
  if (check.problems.length)
    return {
      ok: false,
      from,
      to: next.version,
      stage: 'amendment',
      problems: check.problems.map((p) => ({ where: p.where, rule: p.rule, message: p.message })),
    };
  return { ok: true, from, to: next.version, title: next.title, added: check.added };
}

export function amendStudy(s: SiteSession, input: { text: string; reason: string }): AmendResult {
  s.require('site.manage');
  const reason = requireReason(input.reason, 'An amendment');
  const next = studyFromText(input.text, 'file');
  const old = s.study;
  const result = s.db.transaction((): AmendResult => {
    const check = checkAgainstSaved(s, next);
    if (check.problems.length)
      throw new CrfError({
        code: 'VALIDATION',
        field: 'file',
        rule: 'amendment',
        message: `Version ${next.def.version} is not a compatible amendment of ${old.def.version}: ${plural(check.problems.length, 'problem')} (${check.problems
          .slice(0, 3)
          .map((p) => `${p.where}: ${p.message}`)
          .join('; ')}${check.problems.length > 3 ? '; …' : ''})`,
        issues: check.problems.map((p) => ({
          field: p.where,
          rule: p.rule,
          severity: 'error' as const,
          message: p.message,
        })),
      });
    const now = s.now();
    const sha256 = insertStudyVersion(s.db, {
      text: input.text,
      version: next.def.version,
      at: now.toISOString(),
      by: s.user.username,
      reason,
    });
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'study.amend',
          field: 'protocol_version',
          oldValue: old.def.version,
          newValue: next.def.version,
          reason,
          detail: { study: next.def.id, sha256, added: check.added },
        },
      ],
      now,
    );
    return { from: old.def.version, to: next.def.version, sha256, added: check.added };
  })();
  // Only once committed: a refused or failed amendment leaves the session on its version.
  s.runStudy(next);
  return result;
}
