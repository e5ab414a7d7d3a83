/**
 * What the rest of the app asks of a study beyond its forms: how the index date is named, what
 * each identifier is, which derived value is the age. Read from the definition, with defaults
 * that name no study, so no code outside shared/studies/ knows a study's field names.
 */
import type { Study } from './load';
import type { DerivedDef, IdentifierRef, IdentifierRole } from './schema';

/** Safe Harbor identifier 3: ages over 89 (45 CFR 164.514(b)(2)(i)(C)); a law, not a study choice. */
export const SAFE_HARBOR_AGE_TOP = 89;

export interface IndexWording {
  /** "Procedure date". */
  label: string;
  /** "the procedure": completes "days from …". */
  anchor: string;
  /** The export column of the index date's year. */
  yearColumn: string;
}

export function indexWording(study: Study): IndexWording {
  const d = study.def;
  const field = study.field(d.indexDate.form, d.indexDate.field);
  const label = d.index.label ?? field.label;
  return {
    label,
    anchor: d.index.anchor ?? `the ${label.toLowerCase()}`,
    yearColumn: d.index.yearColumn ?? 'index_year',
  };
}

/** "(days from the procedure)": the suffix of every day-offset column label. */
export function daysFromText(study: Study): string {
  return `days from ${indexWording(study).anchor}`;
}

export function identifierRole(study: Study, ref: IdentifierRef): IdentifierRole {
  if (ref.role) return ref.role;
  const phi = study.field(ref.form, ref.field).phi;
  return phi === 'birthdate' ? 'birthDate' : phi === 'geo' ? 'zip' : 'other';
}

/** The first identifier field declared with this role. */
export function identifierWithRole(study: Study, role: IdentifierRole): IdentifierRef | undefined {
  return study.def.identifierFields.find((r) => identifierRole(study, r) === role);
}

/**
 * The derived age at the index date: the declared `age.derived`, or else (for definitions
 * written before it existed) the top-coded yearsBetween(birth date, …).
 */
export function ageDerived(study: Study): DerivedDef | null {
  const d = study.def;
  if (d.age) return d.derived.find((x) => x.id === d.age!.derived) ?? null;
  const b = d.birthDate;
  if (!b) return null;
  return (
    d.derived.find(
      (x) =>
        x.topCode !== undefined &&
        'op' in x.expr &&
        x.expr.op === 'yearsBetween' &&
        'ref' in x.expr.from &&
        x.expr.from.ref.field === b.field &&
        x.expr.from.ref.form === b.form,
    ) ?? null
  );
}

/** Ages above this are top-coded and their index year withheld. */
export function ageTopCode(study: Study): number {
  return ageDerived(study)?.topCode ?? SAFE_HARBOR_AGE_TOP;
}
