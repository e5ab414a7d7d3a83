/**
 * The follow-up worklist: 1-month and 1-year visits due or overdue by the protocol windows,
 * sorted by due date, with what a coordinator needs to call the patient. Identified: site roles only.
 */
import { once, subjectDied, visitStatus } from '../../shared/protocol/visit-status';
import type { SiteSession } from './session';
import { openValues } from './identifier-values';
import type { WorklistRow } from '../../shared/ipc/views';

export type { WorklistRow } from '../../shared/ipc/views';

export function followUpWorklist(s: SiteSession): WorklistRow[] {
  s.require('worklist.read');
  const def = s.study.def;
  const today = s.today();
  const followUps = def.events.filter((e) => e.followUp);
  const out: WorklistRow[] = [];
  const subjects = s.db.prepare(`SELECT id, subject_id FROM subjects WHERE status = 'active' ORDER BY seq`).all() as {
    id: number;
    subject_id: string;
  }[];
  const formsOf = s.db.prepare('SELECT event, form, status, data FROM forms WHERE subject = ?');
  const key = s.identifierKey();
  for (const sub of subjects) {
    const forms = (formsOf.all(sub.id) as { event: string; form: string; status: string; data: string }[]).map((f) => ({
      ...f,
      values: openValues(key, JSON.parse(f.data) as Record<string, unknown>),
    }));
    const valueOf = (ref: { form: string; event?: string; field: string }): unknown => {
      const f = forms.find((x) => x.form === ref.form && (!ref.event || x.event === ref.event));
      return f ? f.values[ref.field] : undefined;
    };
    const index = valueOf(def.indexDate);
    if (typeof index !== 'string') continue;
    const casebook = {
      subjectId: sub.subject_id,
      forms: forms.map((f) => ({
        event: f.event,
        form: f.form,
        instance: 1,
        values: f.values,
      })),
    };
    const facts = {
      indexDate: index,
      today,
      status: 'active' as const,
      died: once(() => subjectDied(s.study, casebook)),
    };
    for (const ev of followUps) {
      const entered = forms.some((f) => f.event === ev.id && f.status !== 'draft');
      const w = visitStatus(s.study, ev.id, facts, { entered, visitDate: null });
      if (w.state !== 'due' && w.state !== 'overdue') continue;
      const contact: Record<string, string> = {};
      for (const r of def.contactFields) {
        const v = valueOf(r);
        contact[r.field] = typeof v === 'string' ? v : '';
      }
      out.push({
        subjectId: sub.subject_id,
        event: ev.id,
        eventLabel: ev.label,
        state: w.state,
        from: w.from,
        to: w.to,
        overdueAfter: w.overdueAfter,
        contact,
      });
    }
  }
  return out.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? '') || a.subjectId.localeCompare(b.subjectId));
}
