/** REDCap's events, instrument-event mapping and repeating-instrument files to our events. */
import { readCsvObjects } from './csv';
import type { EventInput, Report } from './types';

export const ID = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A REDCap name as one of our identifiers (REDCap's own names already are). */
export function asId(raw: string): string {
  const s = raw.trim().replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(s) ? s : `x_${s}`;
}
export const humanize = (id: string): string => {
  const s = id.replace(/_+/g, ' ').trim();
  return s ? s[0]!.toUpperCase() + s.slice(1) : id;
};

/** Each file as REDCap writes it, or its rows already read (keys in lower case). */
type Rows = Buffer | string | Record<string, string>[];
export interface EventFiles {
  events?: Rows;
  mapping?: Rows;
  repeating?: Rows;
}
const rowsOf = (x: Rows, what: string): Record<string, string>[] => (Array.isArray(x) ? x : readCsvObjects(x, what));

export interface EventPlan {
  events: EventInput[];
  repeatingForms: Set<string>;
}

const int = (s: string | undefined): number | undefined => {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isInteger(n) ? n : undefined;
};

/** `forms` in dictionary order; every form ends up in at least one event or is reported. */
export function planEvents(files: EventFiles, forms: string[], report: Report): EventPlan {
  const known = new Set(forms);
  const repeatingForms = new Set<string>();
  const repeatingEvents = new Set<string>();
  const repeatAt = new Map<string, Set<string>>();
  if (files.repeating) {
    for (const r of rowsOf(files.repeating, 'repeating instruments file')) {
      const ev = r['event_name'] ?? r['unique_event_name'] ?? '';
      const form = r['form_name'] ?? r['form'] ?? '';
      if (form && !known.has(form)) {
        report.approximated.push({ where: 'study', what: `repeating instruments: no form ${form}, line ignored` });
        continue;
      }
      if (!form && ev) repeatingEvents.add(asId(ev));
      if (form) {
        repeatingForms.add(form);
        if (ev) repeatAt.set(form, (repeatAt.get(form) ?? new Set()).add(asId(ev)));
      }
    }
  }

  if (!files.events) {
    if (files.mapping)
      report.approximated.push({ where: 'study', what: 'a mapping without an events file is ignored' });
    const visit = forms.filter((f) => !repeatingForms.has(f));
    const rep = forms.filter((f) => repeatingForms.has(f));
    const events: EventInput[] = [];
    if (visit.length) events.push({ id: 'visit', label: 'Visit', forms: visit });
    if (rep.length) events.push({ id: 'repeating', label: 'Any time', forms: rep, repeating: true });
    report.converted.push({
      where: 'study',
      what: `classic project: one visit${rep.length ? ` and the repeating forms ${rep.join(', ')} at any time` : ''}`,
    });
    return { events, repeatingForms };
  }

  const rows = rowsOf(files.events, 'events file');
  const arms = new Set(rows.map((r) => r['arm_num'] ?? '1'));
  if (arms.size > 1)
    report.approximated.push({
      where: 'study',
      what: `${arms.size} arms: SiteCRF has no arms, so every subject is offered the events of every arm (labels name the arm)`,
    });
  const events: EventInput[] = [];
  const byId = new Map<string, EventInput>();
  for (const r of rows) {
    const unique = r['unique_event_name'] ?? '';
    const name = r['event_name'] ?? unique;
    if (!unique) {
      report.refused.push({ where: 'study', what: `events file: the event "${name}" has no unique_event_name` });
      continue;
    }
    const id = asId(unique);
    if (byId.has(id)) {
      report.refused.push({ where: `event ${id}`, what: 'defined twice in the events file; the first is kept' });
      continue;
    }
    const arm = r['arm_num'] || '1';
    const ev: EventInput = { id, label: arms.size > 1 ? `${name || id} (arm ${arm})` : name || id, forms: [] };
    if (r['custom_event_label'])
      report.approximated.push({
        where: `event ${id}`,
        what: 'the custom event label is not carried (it is a REDCap display template)',
      });
    const day = int(r['day_offset']);
    const lo = int(r['offset_min']) ?? 0;
    const hi = int(r['offset_max']) ?? 0;
    if (day !== undefined) {
      ev.window = { minDays: day - lo, maxDays: day + hi };
      if (day + hi > 0) ev.followUp = true;
      report.converted.push({
        where: `event ${id}`,
        what: `window day ${day} −${lo}/+${hi} → ${day - lo}…${day + hi} days from the index date (REDCap counts from the first event)`,
      });
    }
    if (repeatingEvents.has(id)) {
      ev.repeating = true;
      report.approximated.push({
        where: `event ${id}`,
        what: 'a repeating event becomes an any-time event (forms added as needed)',
      });
    }
    events.push(ev);
    byId.set(id, ev);
  }
  if (files.mapping) {
    for (const r of rowsOf(files.mapping, 'instrument-event mapping file')) {
      const ev = byId.get(asId(r['unique_event_name'] ?? ''));
      const form = r['form'] ?? r['form_name'] ?? '';
      if (!ev || !known.has(form)) {
        report.approximated.push({
          where: 'study',
          what: `mapping: ${r['unique_event_name']}/${form} names no ${ev ? 'form' : 'event'}, line ignored`,
        });
        continue;
      }
      if (!ev.forms.includes(form)) ev.forms.push(form);
    }
  } else {
    report.approximated.push({
      where: 'study',
      what: 'no instrument-event mapping: every form is offered at every event',
    });
    for (const ev of events) ev.forms.push(...forms);
  }
  for (const [form, at] of repeatAt) {
    const collected = events.filter((e) => e.forms.includes(form)).map((e) => e.id);
    if (collected.some((e) => !at.has(e)))
      report.approximated.push({
        where: form,
        what: `repeats at ${[...at].join(', ')} in REDCap; here it repeats at every event that collects it`,
      });
  }
  const kept = events.filter((e) => {
    if (e.forms.length) return true;
    report.refused.push({ where: `event ${e.id}`, what: 'it collects no form' });
    return false;
  });
  return { events: kept, repeatingForms };
}
