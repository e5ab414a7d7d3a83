/** Visit windows from the index date: when a follow-up is due, overdue, or was out of window. */
import { addDays, daysBetween } from '../dates';
import type { Study } from './load';

export type WindowState =
  | 'no_index'
  | 'upcoming'
  | 'due'
  | 'overdue'
  | 'done'
  | 'done_out_of_window'
  /** Not entered, and not expected any more: the subject withdrew or died (visit-status.ts). */
  | 'not_expected'
  | 'none';

export interface EventWindow {
  event: string;
  label: string;
  /** First and last day of the window as dates; `to` is null for an open-ended window. */
  from: string | null;
  to: string | null;
  overdueAfter: string | null;
  state: WindowState;
}

/**
 * The state of one event's window for a subject. An open-ended window (1 year: ≥ 330 days)
 * is overdue after `overdueAfterDays`; a closed one after its last day.
 */
export function eventWindow(
  study: Study,
  eventId: string,
  indexDate: string | null,
  today: string,
  visitDate: string | null,
  entered: boolean,
): EventWindow {
  const ev = study.event(eventId);
  const w = ev.window;
  const base = { event: ev.id, label: ev.label };
  if (!w || ev.repeating) return { ...base, from: null, to: null, overdueAfter: null, state: 'none' };
  if (!indexDate) return { ...base, from: null, to: null, overdueAfter: null, state: entered ? 'done' : 'no_index' };
  const from = w.minDays !== undefined ? addDays(indexDate, w.minDays) : null;
  const to = w.maxDays !== undefined ? addDays(indexDate, w.maxDays) : null;
  const overdueDays = w.maxDays ?? w.overdueAfterDays;
  const overdueAfter = overdueDays !== undefined ? addDays(indexDate, overdueDays) : null;
  let state: WindowState;
  if (entered) {
    const d = visitDate ? daysBetween(indexDate, visitDate) : null;
    const outside =
      d !== null && ((w.minDays !== undefined && d < w.minDays) || (w.maxDays !== undefined && d > w.maxDays));
    state = outside ? 'done_out_of_window' : 'done';
  } else if (from && today < from) state = 'upcoming';
  else if (overdueAfter && today > overdueAfter) state = 'overdue';
  else state = 'due';
  return { ...base, from, to, overdueAfter, state };
}

/** The date field that places a visit in its window (the one carrying the eventWindow check). */
export function visitDateField(study: Study, formId: string): string | null {
  const f = study.form(formId).fields.find((x) => x.checks.some((c) => c.rule === 'eventWindow'));
  return f?.id ?? null;
}

/**
 * For listing many subjects at once: per follow-up event, the latest index date whose visit is
 * not yet overdue today. A subject whose index date is earlier, and whose visit is not entered,
 * is overdue (the same rule as eventWindow, computed once instead of once per subject).
 */
export function overdueIndexThresholds(study: Study, today: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const ev of study.def.events) {
    const days = ev.window?.maxDays ?? ev.window?.overdueAfterDays;
    if (!ev.followUp || ev.repeating || days === undefined) continue;
    // today > index + days  ⇔  index < today − days
    out.set(ev.id, addDays(today, -days));
  }
  return out;
}
