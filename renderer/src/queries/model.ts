/** Queries (discrepancy notes) as the screens see them: where they point, in words from the protocol. */
import { displayDateTime } from '../../../shared/date-display';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import type { Study } from '../../../shared/protocol/load';
import type { Route } from '../app/router';

export type Query = ChannelOutput<'queries.list'>[number];
export type QueryStatus = Query['status'];

/** Open: awaiting the site. An answered query awaits the monitor and is not counted as open. */
export const isOpen = (q: Pick<Query, 'status'>): boolean => q.status === 'open';
/** Not closed yet (open or answered): what the monitor still has to act on or the site to answer. */
export const isUnresolved = (q: Pick<Query, 'status'>): boolean => q.status !== 'closed';

export interface QueryTarget {
  event?: string;
  form?: string;
  instance?: number;
  /** Absent: the whole form (or, without a form, the casebook). */
  field?: string;
}

export function onTarget(q: Query, t: QueryTarget): boolean {
  return (
    (q.event ?? undefined) === t.event &&
    (q.form ?? undefined) === t.form &&
    (q.instance ?? 1) === (t.instance ?? 1) &&
    (q.field ?? undefined) === t.field
  );
}

const formLabel = (study: Study, form: string) => (study.hasForm(form) ? study.form(form).label : form);
const eventLabel = (study: Study, event: string) => (study.hasEvent(event) ? study.event(event).label : event);

export function fieldLabel(study: Study, form: string, field: string): string {
  if (!study.hasForm(form)) return field;
  return study.form(form).fields.find((f) => f.id === field)?.label ?? field;
}

/** "Baseline › Pain …" / "Procedure (whole form)" / "Casebook (cross-form check)". */
export function targetText(
  study: Study,
  q: QueryTarget & { instance?: number | null },
): { where: string; what: string } {
  if (!q.form) return { where: 'Casebook', what: 'Cross-form check' };
  const form = formLabel(study, q.form);
  const repeat = study.hasForm(q.form) && study.form(q.form).repeating ? ` #${q.instance ?? 1}` : '';
  const where = `${q.event ? eventLabel(study, q.event) + ' › ' : ''}${form}${repeat}`;
  return { where, what: q.field ? fieldLabel(study, q.form, q.field) : 'Whole form' };
}

export function queryRoute(q: Query): Route {
  if (q.form && q.event)
    return {
      name: 'form',
      subjectId: q.subjectId,
      event: q.event,
      form: q.form,
      instance: q.instance ?? 1,
      field: q.field ?? '_form',
    };
  return { name: 'casebook', subjectId: q.subjectId };
}

export const STATUS_TEXT: Record<QueryStatus, string> = { open: 'Open', answered: 'Answered', closed: 'Closed' };

export const ACTION_TEXT: Record<string, string> = {
  open: 'opened the query',
  reply: 'answered',
  comment: 'commented',
  close: 'closed the query',
  reopen: 're-opened the query',
};

/** Timestamps as the audit trail records them: UTC, to the minute. */
export function utc(iso: string, zone = true): string {
  return displayDateTime(iso, { zone });
}
