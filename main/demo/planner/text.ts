/**
 * Free text for a synthetic casebook: the study's phrase lists and templates (demo.fields[].text),
 * or, where it has none, generic chart notes that carry a person's identifiers inline, the shapes
 * the export's PHI scanner must clean. A template fills `{name}`-style slots; `{some_field}` is a
 * value of the form being planned (a date written as clinicians write dates), `{FORM.field}` one
 * planned earlier in the casebook (a fact of the visit before), `{…:label}` a code's label rather
 * than the code (a note says "Acetaminophen", not APAP), and `{@list}` one phrase of the study's
 * phrase list, itself a template.
 */
import { isIsoDate } from '../../../shared/dates';
import { TEMPLATE_SLOT } from '../../../shared/protocol/demo-schema';
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
  /** A value planned earlier in the casebook (`{FORM.field}`). */
  lookup?: (form: string, field: string) => FieldValue;
  /** A code's label (`{field:label}`, `{FORM.field:label}`); the form is the planned one when absent. */
  label?: (form: string | undefined, field: string, code: string) => string | undefined;
  /** The study's phrase lists (`{@list}`). */
  phrases?: Record<string, readonly string[]>;
}

/** Phrases may hold phrases; this deep is enough and stops a list that names itself. */
const MAX_DEPTH = 3;

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
    default:
      return written(r, c.values[name]);
  }
}

function written(r: Rng, v: FieldValue | undefined): string | null {
  if (typeof v === 'string') return isIsoDate(v) ? dateInNote(r, v) : v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.join('/');
  return null;
}

/** A field's value as a note writes it: its codes' labels with `:label`, joined as a list. */
function fieldSlot(c: TextContext, form: string | undefined, field: string, asLabel: boolean): string | null {
  const v = form === undefined ? c.values[field] : c.lookup?.(form, field);
  if (!asLabel) return form === undefined ? slot(c, field) : written(c.rng, v ?? null);
  const codes = typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
  const labels = codes.map((code) => c.label?.(form, field, code));
  if (!labels.length || labels.some((l) => l === undefined)) return null;
  return labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)!}`;
}

/** A template with its slots filled; null when a slot has nothing to fill it with. */
export function fillTemplate(c: TextContext, template: string, depth = 0): string | null {
  let unfilled = false;
  const out = template.replace(
    TEMPLATE_SLOT,
    (_, name: string, form: string | undefined, field: string | undefined, asLabel: string | undefined) => {
      let v: string | null;
      if (name.startsWith('@')) {
        const list = c.phrases?.[name.slice(1)];
        v = list && depth < MAX_DEPTH ? fillTemplate(c, c.rng.pick(list), depth + 1) : null;
      } else v = form === undefined && !asLabel ? slot(c, field!) : fieldSlot(c, form, field!, asLabel !== undefined);
      if (v === null) unfilled = true;
      return v ?? '';
    },
  );
  return unfilled ? null : out;
}

/** One of the templates, or a generic note when the study gives none. */
export function writeText(c: TextContext, templates: readonly string[] | undefined): string | null {
  return fillTemplate(c, c.rng.pick(templates ?? NOTES));
}
