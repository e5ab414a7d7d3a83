/**
 * The one answer to "is this visit due, overdue or done?" for the subjects table, the casebook,
 * the follow-up worklist and the Summary (issue 11: four places gave four answers). A visit
 * that was not entered is not expected of a subject who withdrew or died (the study's
 * `deathCondition`): it is never due or overdue for them.
 */
import type { Casebook } from './casebook';
import { evalCondition } from './evaluate-core';
import type { Study } from './load';
import { eventWindow, type EventWindow } from './windows';

export interface SubjectFacts {
  indexDate: string | null;
  /** Main's calendar day. */
  today: string;
  status: 'active' | 'withdrawn';
  /**
   * Whether the subject died, asked only when the answer matters (a visit not entered that
   * would otherwise be upcoming, due or overdue): a table of 10,000 subjects reads no form
   * data for the subjects who have nothing outstanding.
   */
  died: () => boolean;
}

export interface VisitFacts {
  /** A form of the event is saved as more than a draft. */
  entered: boolean;
  /** The visit's date, when entered (for "done, out of window"). */
  visitDate: string | null;
}

const OUTSTANDING = new Set(['upcoming', 'due', 'overdue']);

export function visitStatus(study: Study, eventId: string, subject: SubjectFacts, visit: VisitFacts): EventWindow {
  const w = eventWindow(study, eventId, subject.indexDate, subject.today, visit.visitDate, visit.entered);
  if (!visit.entered && OUTSTANDING.has(w.state) && (subject.status !== 'active' || subject.died()))
    return { ...w, state: 'not_expected' };
  return w;
}

/** The study's death condition on a casebook (false when the study has none). */
export function subjectDied(study: Study, casebook: Casebook): boolean {
  const c = study.def.deathCondition;
  return c ? evalCondition(c, { casebook }) : false;
}

/** The forms the death condition reads: what a caller must load to answer `died`. */
export function deathConditionForms(study: Study): Set<string> {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.form === 'string') out.add(o.form);
      Object.values(o).forEach(walk);
    }
  };
  walk(study.def.deathCondition);
  return out;
}

/** `died` for SubjectFacts: worked out at most once per subject. */
export function once(f: () => boolean): () => boolean {
  let v: boolean | undefined;
  return () => (v ??= f());
}
