/**
 * The subjects table (a record status dashboard like REDCap's): one row per subject with the
 * status of every event/form, open queries and overdue follow-ups. Statuses come from the forms
 * table's covering index and the per-subject values from the subjects row's own columns, so
 * listing 10,000 subjects parses a form's data only where the death condition must be asked.
 */
import type { FormValues } from '../../shared/protocol/casebook';
import { deathConditionForms, once, subjectDied, visitStatus } from '../../shared/protocol/visit-status';
import { overdueIndexThresholds } from '../../shared/protocol/windows';
import { stmt } from '../db/statements';
import { may } from '../../shared/roles';
import type { SiteSession } from './session';
import type { Dashboard, DashboardRow } from '../../shared/ipc/schemas';
import { openColumn } from './identifier-values';

export type { Dashboard, DashboardRow } from '../../shared/ipc/schemas';

export function subjectDashboard(s: SiteSession): Dashboard {
  s.require('subject.read');
  const study = s.study;
  const def = study.def;
  const identified = may(s.user.role, 'subject.identified');
  const key = s.identifierKey();
  const columns = def.events.flatMap((ev) =>
    ev.forms.map((f) => ({
      key: `${ev.id}/${f}`,
      event: ev.id,
      form: f,
      label: `${ev.label}: ${study.form(f).label}`,
      repeating: ev.repeating || study.form(f).repeating,
    })),
  );
  const keys = new Map<string, Map<string, string>>(
    def.events.map((ev) => [ev.id, new Map(ev.forms.map((f) => [f, `${ev.id}/${f}`]))]),
  );

  const rows = new Map<number, DashboardRow & { indexDate: string | null; id: number }>();
  const subjects = stmt(
    s.db,
    'SELECT id, subject_id, status, stratum, index_date, display_name, mrn FROM subjects ORDER BY seq',
  ).all() as {
    id: number;
    subject_id: string;
    status: 'active' | 'withdrawn';
    stratum: string | null;
    index_date: string | null;
    display_name: string | null;
    mrn: string | null;
  }[];
  for (const r of subjects) {
    const row: DashboardRow & { indexDate: string | null; id: number } = {
      id: r.id,
      subjectId: r.subject_id,
      status: r.status,
      stratum: r.stratum,
      forms: {},
      counts: {},
      openQueries: 0,
      answeredQueries: 0,
      drafts: [],
      overdue: [],
      indexDate: r.index_date,
    };
    // Names and record numbers are for the site's own staff only, never a monitor.
    if (identified && key) {
      row.name = openColumn(key, r.display_name) ?? '';
      row.mrn = openColumn(key, r.mrn) ?? '';
    }
    rows.set(r.id, row);
  }
  // Statuses from the covering index: no form's data is read to draw the table.
  for (const f of stmt(s.db, 'SELECT subject, event, form, instance, status FROM forms INDEXED BY forms_status')
    .raw()
    .iterate() as IterableIterator<[number, string, string, number, string]>) {
    const row = rows.get(f[0]);
    const key = keys.get(f[1])?.get(f[2]);
    if (!row || !key) continue;
    if (f[3] === 1 || !row.forms[key]) row.forms[key] = f[4];
    row.counts[key] = (row.counts[key] ?? 0) + 1;
  }
  for (const q of stmt(
    s.db,
    `SELECT subject, status, count(*) AS n FROM queries WHERE status IN ('open', 'answered') GROUP BY subject, status`,
  ).all() as { subject: number; status: 'open' | 'answered'; n: number }[]) {
    const row = rows.get(q.subject);
    if (row && q.status === 'open') row.openQueries = q.n;
    else if (row) row.answeredQueries = q.n;
  }
  // The reader's own drafts left unsaved (after a crash): listed, so nobody has to guess the form.
  for (const d of stmt(s.db, 'SELECT subject, event, form FROM drafts WHERE user_id = ?').all(s.user.id) as {
    subject: number;
    event: string;
    form: string;
  }[]) {
    const row = rows.get(d.subject);
    const key = `${d.event}/${d.form}`;
    if (row && !row.drafts.includes(key)) row.drafts.push(key);
  }
  const thresholds = [...overdueIndexThresholds(study, s.today())].map(([ev, before]) => ({
    ev,
    before,
    keys: def.events.find((e) => e.id === ev)!.forms.map((f) => `${ev}/${f}`),
  }));
  // The death condition's forms, read only for a subject with a visit that would be overdue.
  const deathForms = [...deathConditionForms(study)];
  const deathRows = deathForms.length
    ? stmt(
        s.db,
        `SELECT event, form, instance, data FROM forms WHERE subject = ? AND form IN (${deathForms.map(() => '?').join(', ')})`,
      )
    : null;
  const died = (id: number, subjectId: string): boolean => {
    if (!deathRows) return false;
    const forms = (
      deathRows.all(id, ...deathForms) as { event: string; form: string; instance: number; data: string }[]
    ).map((f) => ({ event: f.event, form: f.form, instance: f.instance, values: JSON.parse(f.data) as FormValues }));
    return subjectDied(study, { subjectId, forms });
  };
  const today = s.today();
  const out: DashboardRow[] = [];
  for (const { indexDate, id, ...row } of rows.values()) {
    if (row.status === 'active' && indexDate) {
      const facts = { indexDate, today, status: row.status, died: once(() => died(id, row.subjectId)) };
      for (const t of thresholds) {
        // Not overdue yet by its index date: nothing to ask (the same rule as visitStatus, once per event).
        if (indexDate >= t.before) continue;
        const entered = t.keys.some((k) => {
          const st = row.forms[k];
          return st !== undefined && st !== 'draft';
        });
        if (!entered && visitStatus(study, t.ev, facts, { entered, visitDate: null }).state === 'overdue')
          row.overdue.push(t.ev);
      }
    }
    out.push(row);
  }
  const stratField = def.stratifyBy ? study.field(def.stratifyBy.form, def.stratifyBy.field) : null;
  return { columns, stratumLabel: stratField?.label ?? null, strata: stratField?.codes ?? [], rows: out };
}
