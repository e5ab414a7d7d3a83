/**
 * The dates of a synthetic casebook: the index date within the study's span before today, each
 * visit inside its window from the index date (a few just outside a window that only warns),
 * a birth date that gives an age the protocol accepts, and each other date placed so that the
 * field's own comparisons hold and none is after today.
 */
import { addDays } from '../../../shared/dates';
import type { EventDef, FieldDef } from '../../../shared/protocol/schema';
import type { Rng } from '../random';

/** The day, from the index date, on which this visit happens. */
export function visitDay(rng: Rng, ev: EventDef): number {
  const w = ev.window;
  if (!w) return 0;
  // A window open at its start (screening "on or before the index date") reaches a month back.
  const min = w.minDays ?? (w.maxDays !== undefined ? Math.min(0, w.maxDays - 30) : 0);
  const max = w.maxDays ?? w.overdueAfterDays ?? min + 60;
  // A few follow-up visits fall just after a window that only warns, as in any registry.
  if (ev.followUp && w.severity !== 'error' && rng.chance(0.06))
    return max + rng.int(1, Math.max(3, Math.round((max - min) / 4)));
  return rng.int(min, max);
}

/** The age range a birth date field's ageAt check allows (default adults to 89). */
export function ageRange(birth: FieldDef | undefined): [number, number] {
  const c = birth?.checks.find((x) => x.rule === 'ageAt');
  return c && c.rule === 'ageAt' ? [c.min, c.max] : [18, 89];
}

/** A birth date giving exactly `age` whole years on the index date. */
export function birthDateFor(rng: Rng, indexDate: string, age: number): string {
  const [y, md] = [Number(indexDate.slice(0, 4)), indexDate.slice(4)];
  // The birthday `age` years back (29 February falls back to the 28th), then up to 360 days earlier.
  const anniversary = `${String(y - age).padStart(4, '0')}${md === '-02-29' ? '-02-28' : md}`;
  return addDays(anniversary, -rng.int(0, 360));
}

/** Moves `date` so the field's comparisons with other dates hold; `lookup` reads a referenced date. */
export function keepComparisons(
  rng: Rng,
  f: FieldDef,
  date: string,
  lookup: (ref: Extract<FieldDef['checks'][number], { rule: 'compare' }>['ref']) => string | null,
): string {
  let d = date;
  for (const c of f.checks) {
    if (c.rule !== 'compare') continue;
    const ref = lookup(c.ref);
    if (!ref) continue;
    if (c.op === '>=' && d < ref) d = addDays(ref, rng.int(0, 7));
    else if (c.op === '>' && d <= ref) d = addDays(ref, rng.int(1, 7));
    else if (c.op === '<=' && d > ref) d = addDays(ref, -rng.int(0, 7));
    else if (c.op === '<' && d >= ref) d = addDays(ref, -rng.int(1, 7));
  }
  return d;
}
