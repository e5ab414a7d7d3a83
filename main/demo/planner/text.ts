/**
 * Free text for a synthetic casebook: the study's phrase lists and templates (demo.fields[].text),
 * or, where it has none, generic chart notes that carry a person's identifiers inline, the shapes
 * the export's PHI scanner must clean. A template fills `{name}`-style slots; `{some_field}` is a
 * value of the form being planned (a date written as clinicians write dates).
 */
import { isIsoDate } from '../../../shared/dates';
import type { FieldValue } from '../../../shared/protocol/schema';
import { DOCTORS, isFemale, phoneInNote, relative, type Person, type Phone } from '../names';
import { dateInNote } from '../chart-dates';
import type { Rng } from '../random';

export interface TextContext {
  rng: Rng;
  person: Person;
  age: number | null;
  mrn: string;
  phone: Phone;
  hospital: string;
  /** The date of the visit being written up. */
  date: string;
  values: Record<string, FieldValue>;
}

/** Generic notes: who was seen, when, and who to call, as a coordinator copies them from a chart. */
const NOTES = [
  'Pt {name} seen {date}, {relative} called {phone}.',
  '{age_sex}, {mrn_ref}. Reviewed with {doctor} on {date}.',
  'Spoke with {relative} {relative_name} at {phone} on {date}; pt doing well.',
  '{name} {mrn_ref} - chart reviewed {date} per {doctor}.',
  'Left VM for pt at {phone} {date}. {doctor} aware.',
];

function slot(c: TextContext, name: string): string | null {
  const r = c.rng;
  const p = c.person;
  switch (name) {
    case 'first':
      return p.first;
    case 'last':
      return p.last;
    case 'initials':
      return `${p.first[0]}${p.last[0]}`.toUpperCase();
    case 'name':
      return r.pick([`${p.first} ${p.last}`, `${p.last}, ${p.first}`, `${p.first[0]}. ${p.last}`]);
    case 'age':
      return c.age === null ? null : String(c.age);
    case 'age_sex':
      return c.age === null ? (isFemale(p) ? 'female' : 'male') : r.pick([`${c.age} yo ${p.sex}`, `${c.age}${p.sex}`]);
    case 'mrn':
      return c.mrn;
    case 'mrn_ref':
      return r.pick([`MRN ${c.mrn}`, `MRN: ${c.mrn}`, `mrn#${c.mrn}`]);
    case 'phone':
      return phoneInNote(r, c.phone);
    case 'doctor':
      return `Dr. ${r.pick(DOCTORS)}`;
    case 'hospital':
      return c.hospital;
    case 'relative':
      return relative(r, p).role;
    case 'relative_name':
      return relative(r, p).first;
    case 'date':
      return dateInNote(r, c.date);
    default: {
      const v = c.values[name];
      if (typeof v === 'string') return isIsoDate(v) ? dateInNote(r, v) : v;
      if (typeof v === 'number') return String(v);
      if (Array.isArray(v)) return v.join('/');
      return null;
    }
  }
}

/** A template with its slots filled; null when a slot has nothing to fill it with. */
export function fillTemplate(c: TextContext, template: string): string | null {
  let unfilled = false;
  const out = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const v = slot(c, name);
    if (v === null) unfilled = true;
    return v ?? '';
  });
  return unfilled ? null : out;
}

/** One of the templates, or a generic note when the study gives none. */
export function writeText(c: TextContext, templates: readonly string[] | undefined): string | null {
  return fillTemplate(c, c.rng.pick(templates ?? NOTES));
}
