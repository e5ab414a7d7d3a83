/** One subject's casebook as the screens show it: events and windows, forms, rules, derived values. */
import type { Casebook, FormValues } from '../../shared/protocol/casebook';
import { resolveOne } from '../../shared/protocol/evaluate-core';
import { evaluateSubject } from '../../shared/protocol/subject';
import { once, subjectDied, visitStatus } from '../../shared/protocol/visit-status';
import { visitDateField } from '../../shared/protocol/windows';
import { may } from '../../shared/roles';
import type {
  CasebookEvent,
  CasebookForm,
  CasebookView,
  SignatureInfo,
  SignatureRecord,
} from '../../shared/ipc/casebook-schemas';
import { casebookOf, type FormRow } from './forms';
import type { SiteSession } from './session';
import { openColumn } from './identifier-values';
import { studyVersionSha256 } from './study-store';
import { subjectRow, summarize, type SubjectRow } from './subjects';

export type { CasebookEvent, CasebookForm, CasebookView, SignatureInfo, SignatureRecord };

export function getCasebook(s: SiteSession, subjectId: string): CasebookView {
  s.require('subject.read');
  const subject = subjectRow(s, subjectId);
  return casebookView(s, subject, casebookOf(s, subject));
}

/** The view of a subject whose forms the caller has read already (forms.context reads them once). */
export function casebookView(
  s: SiteSession,
  subject: SubjectRow,
  { casebook, rows }: { casebook: Casebook; rows: FormRow[] },
): CasebookView {
  const study = s.study;
  const today = s.today();
  const evaluation = evaluateSubject(study, casebook, today);
  const indexRaw = resolveOne(study.def.indexDate, { casebook });
  const indexDate = typeof indexRaw === 'string' ? indexRaw : null;
  const facts = { indexDate, today, status: subject.status, died: once(() => subjectDied(study, casebook)) };
  // "Open" is a query awaiting the site; an answered one awaits the monitor and is counted apart.
  const queries = s.db
    .prepare(
      `SELECT event, form, instance, status, count(*) AS n FROM queries WHERE subject = ? AND status != 'closed' GROUP BY event, form, instance, status`,
    )
    .all(subject.id) as {
    event: string | null;
    form: string | null;
    instance: number | null;
    status: string;
    n: number;
  }[];
  const queryCount = (event: string, form: string, instance: number, status: 'open' | 'answered'): number =>
    queries
      .filter((q) => q.status === status && q.event === event && q.form === form && (q.instance ?? 1) === instance)
      .reduce((a, q) => a + q.n, 0);
  const total = (status: 'open' | 'answered') =>
    queries.filter((q) => q.status === status).reduce((a, q) => a + q.n, 0);
  // The reader's own unsaved drafts (kept after a crash), so the casebook can point at them.
  const drafts = s.db
    .prepare('SELECT event, form, instance, updated_at AS updatedAt FROM drafts WHERE user_id = ? AND subject = ?')
    .all(s.user.id, subject.id) as { event: string; form: string; instance: number; updatedAt: string }[];

  const events: CasebookEvent[] = study.def.events.map((ev) => {
    const forms: CasebookForm[] = [];
    for (const formId of ev.forms) {
      const formDef = study.form(formId);
      const stored = rows.filter((r) => r.event === ev.id && r.form === formId).sort((a, b) => a.instance - b.instance);
      const list = stored.length || formDef.repeating || ev.repeating ? stored : [undefined];
      for (const r of list) {
        const instance = r?.instance ?? 1;
        const issues = evaluation.formIssues.filter(
          (i) => i.form.event === ev.id && i.form.form === formId && i.form.instance === instance,
        );
        forms.push({
          form: formId,
          label: formDef.label,
          instance,
          status: r?.status ?? 'empty',
          version: r?.version ?? 0,
          updatedAt: r?.updated_at ?? null,
          updatedBy: r?.updated_by ?? null,
          protocolVersion: r?.protocol_version ?? null,
          errors: issues.filter((i) => i.severity === 'error').length,
          warnings: issues.filter((i) => i.severity === 'warning').length,
          openQueries: queryCount(ev.id, formId, instance, 'open'),
          answeredQueries: queryCount(ev.id, formId, instance, 'answered'),
          draft: drafts.some((d) => d.event === ev.id && d.form === formId && d.instance === instance),
        });
      }
    }
    const visitForm = ev.forms.find((f) => visitDateField(study, f));
    const rec = visitForm ? rows.find((r) => r.event === ev.id && r.form === visitForm) : undefined;
    const dateField = visitForm ? visitDateField(study, visitForm) : null;
    const visitDate =
      rec && dateField ? (((JSON.parse(rec.data) as FormValues)[dateField] as string | undefined) ?? null) : null;
    const entered = rows.some((r) => r.event === ev.id && r.status !== 'draft');
    return {
      id: ev.id,
      label: ev.label,
      repeating: ev.repeating,
      window: visitStatus(study, ev.id, facts, {
        entered,
        visitDate: typeof visitDate === 'string' ? visitDate : null,
      }),
      forms,
    };
  });

  const signatures = (
    s.db
      .prepare(
        'SELECT id, username, full_name, role, meaning, signed_at, voided_at, voided_by, void_reason FROM signatures WHERE subject = ? ORDER BY id DESC',
      )
      .all(subject.id) as {
      id: number;
      username: string;
      full_name: string;
      role: string;
      meaning: string;
      signed_at: string;
      voided_at: string | null;
      voided_by: string | null;
      void_reason: string | null;
    }[]
  ).map((r): SignatureRecord => ({
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    role: r.role,
    meaning: r.meaning,
    signedAt: r.signed_at,
    voidedAt: r.voided_at,
    voidedBy: r.voided_by,
    voidReason: r.void_reason,
  }));
  const current = signatures.find((x) => x.voidedAt === null);
  // The subjects row already carries the name and record number (subject-columns.ts).
  const key = s.identifierKey();
  const identity: CasebookView['identity'] =
    may(s.user.role, 'subject.identified') && key && (subject.display_name !== null || subject.mrn !== null)
      ? { name: openColumn(key, subject.display_name) ?? '', mrn: openColumn(key, subject.mrn) ?? '' }
      : null;
  return {
    subject: summarize(subject),
    identity,
    indexDate,
    events,
    protocol: { version: study.def.version, sha256: studyVersionSha256(s.db, study.def.version) },
    rules: evaluation.rules,
    derived: evaluation.derived,
    signature: current
      ? {
          username: current.username,
          fullName: current.fullName,
          role: current.role,
          meaning: current.meaning,
          signedAt: current.signedAt,
        }
      : null,
    signatures,
    openQueries: total('open'),
    answeredQueries: total('answered'),
    drafts,
  };
}
