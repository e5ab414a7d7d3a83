/**
 * De-identification by construction (deidentification.md): the only source of data-sheet rows.
 * Every cell comes from a column of the layout, and every column reads its field's value through
 * the rule of the field's PHI class under the profile; the sheet writers never see a raw record.
 */
import { daysBetween } from '../../shared/dates';
import type { Casebook, FormRecord } from '../../shared/protocol/casebook';
import { resolveOne } from '../../shared/protocol/evaluate-core';
import { identifierRole, SAFE_HARBOR_AGE_TOP } from '../../shared/protocol/knowledge';
import type { Study } from '../../shared/protocol/load';
import type { DerivedDef, FieldDef, FieldValue, IdentifierRole } from '../../shared/protocol/schema';
import { evaluateDerived } from '../../shared/protocol/subject';
import { isBlank, isMissing } from '../../shared/protocol/values';
import { redactPhi, type PhiKind, type SubjectIdentifiers } from './phi/index';
import { zip3 } from './geo';
import { exportLayout, type Cell, type ColumnSpec, type DataSheetSpec, type ExportLayout } from './layout';
import type { Profile } from './profiles';
import type { FreeTextReview } from './review';

export type PhiCounts = Partial<Record<PhiKind, number>>;

declare const deidentified: unique symbol;
/**
 * A data-sheet row made by deidentifySubject, every cell through its column's rule. Nothing else
 * makes one (the brand exists only in the type system), so a function that takes only these,
 * such as the export's spool (spool.ts), cannot be handed a raw record.
 */
export type DeidentifiedRow = readonly Cell[] & { readonly [deidentified]: true };

export interface ExportRows {
  /** Sheet name → rows of cells in the sheet's column order. */
  sheets: Map<string, DeidentifiedRow[]>;
  /** Findings the PHI scan replaced in this subject's free text, per kind (never the values). */
  phiCounts: PhiCounts;
}

export interface DeidentifyContext {
  /** The profile's layout, computed once per export (exportLayout) rather than per subject. */
  layout?: ExportLayout;
  /** Build only this sheet's rows (the writer makes one pass per sheet). */
  only?: string;
  /** Collects the free text for a review, or applies a reviewed file's decisions (review.ts). */
  review?: FreeTextReview;
}

/** Text as written: XML cannot carry most control characters, and \r\n would not survive a re-read. */
export function cleanText(s: string): string {
  // Most values (codes, short answers) have nothing to clean: one test instead of two replaces.
  if (!/[\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s)) return s;
  return s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

const DAY_MS = 86_400_000;

/**
 * Whole days from 1970-01-01 of a `YYYY-MM-DD` text, taken as Date.UTC takes its parts (as
 * shared/dates.ts takes them for a local date); null for any other text.
 */
function isoDayNumber(s: string): number | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  let y = 0;
  let m = 0;
  let d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
    if (i < 4) y = y * 10 + c;
    else if (i < 7) m = m * 10 + c;
    else d = d * 10 + c;
  }
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/**
 * daysBetween (shared/dates.ts) for two ISO dates, without date-fns: whole calendar days as the
 * difference of the two dates at UTC midnight, which is what differenceInCalendarDays gives for
 * local dates (it corrects for daylight saving). Anything else goes through daysBetween itself.
 */
export function dayOffset(fromIso: string, toIso: string, fromDay: number | null = isoDayNumber(fromIso)): number {
  const to = fromDay === null ? null : isoDayNumber(toIso);
  return fromDay === null || to === null ? daysBetween(fromIso, toIso) : to - fromDay;
}

function roundTo(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

/** A kept value as a cell: codes not labels, multi codes joined by `;`, numbers as numbers. */
export function plainCell(f: FieldDef | undefined, v: FieldValue | undefined): Cell {
  if (v === undefined || isBlank(v)) return null;
  if (isMissing(v)) return v.missing;
  if (Array.isArray(v)) return v.join(';');
  if (typeof v === 'number') {
    if (f?.type === 'int') return Math.round(v);
    if (f?.type === 'decimal' && f.decimals !== undefined) return roundTo(v, f.decimals);
    return v;
  }
  return cleanText(String(v));
}

/** The subject's own identifiers, by their declared roles, for the PHI scan of their free text. */
export function subjectIdentifiers(study: Study, cb: Casebook): SubjectIdentifiers {
  const out: Required<SubjectIdentifiers> = { names: [], mrn: [], phones: [], birthDates: [], zips: [], other: [] };
  const into: Record<IdentifierRole, string[]> = {
    recordNumber: out.mrn,
    lastName: out.names,
    firstName: out.names,
    fullName: out.names,
    phone: out.phones,
    birthDate: out.birthDates,
    zip: out.zips,
    other: out.other,
  };
  for (const ref of study.def.identifierFields) {
    const v = resolveOne(ref, { casebook: cb });
    if (typeof v !== 'string' || v === '') continue;
    into[identifierRole(study, ref)].push(v);
  }
  return out;
}

interface SubjectFacts {
  subjectId: string;
  indexDate: string | null;
  /** The index date as a day number (isoDayNumber), worked out once per subject. */
  indexDay: number | null;
  derived: Record<string, string | number | null>;
  /** Age at the index date; null when it cannot be computed. */
  age: number | null;
  /** Ages above this withhold the index year (the age's top code). */
  ageTop: number;
  identifiers: SubjectIdentifiers | null;
  counts: PhiCounts;
  review: FreeTextReview | undefined;
}

function topCoded(def: DerivedDef, v: string | number | null, on: boolean): Cell {
  if (v === null) return null;
  // Safe Harbor identifier 3: ages over 89 are aggregated into a single category, 90+.
  if (on && def.topCode !== undefined && typeof v === 'number' && v > def.topCode) return `${def.topCode + 1}+`;
  return v;
}

function valueCell(col: ColumnSpec, rec: FormRecord | null, facts: SubjectFacts, profile: Profile): Cell {
  const src = col.source;
  switch (src.kind) {
    case 'subject':
      // The subject ID stays: a re-identification code not derived from the person (164.514(c)).
      return facts.subjectId;
    case 'instance':
      return rec?.instance ?? null;
    case 'indexYear': {
      if (!facts.indexDate) return null;
      // A year alone is allowed, except for subjects aged 90+, whose year is withheld too; an
      // unknown age cannot rule that out, so it withholds the year as well.
      if (facts.age === null || facts.age > facts.ageTop) return null;
      return Number(facts.indexDate.slice(0, 4));
    }
    case 'derived':
      return topCoded(src.def, facts.derived[src.def.id] ?? null, profile.topCodeAges);
    case 'value': {
      const v = rec?.values[src.field.id];
      if (v === undefined || isBlank(v)) return null;
      // A missing-data code says "looked, not there": it carries no identifier under any rule.
      if (isMissing(v)) return v.missing;
      switch (src.rule) {
        case 'drop':
        case 'ageTopCoded':
          return null;
        case 'keep':
        case 'zip5':
        case 'isoDate':
          return plainCell(src.field, v);
        case 'dayOffset':
          // Safe Harbor identifier 3: no element of a date but its distance from the index date.
          return typeof v === 'string' && facts.indexDate ? dayOffset(facts.indexDate, v, facts.indexDay) : null;
        case 'zip3':
          return typeof v === 'string' ? zip3(v) : null;
        case 'phiScan': {
          if (typeof v !== 'string') return null;
          const text = cleanText(v);
          const ids = facts.identifiers ?? undefined;
          const r = facts.review
            ? facts.review.scan(
                `${facts.subjectId}/${rec!.event}/${rec!.form}/${rec!.instance}/${src.field.id}`,
                facts.subjectId,
                `${rec!.event} ${rec!.form}#${rec!.instance} ${src.field.id}`,
                text,
                ids,
              )
            : redactPhi(text, ids);
          for (const [k, n] of Object.entries(r.counts))
            facts.counts[k as PhiKind] = (facts.counts[k as PhiKind] ?? 0) + (n ?? 0);
          return r.text;
        }
      }
    }
  }
}

function rowsOf(sheet: DataSheetSpec, cb: Casebook, facts: SubjectFacts, profile: Profile): DeidentifiedRow[] {
  if (!sheet.form)
    return [sheet.columns.map((c) => valueCell(c, null, facts, profile)) as readonly Cell[] as DeidentifiedRow];
  const recs = cb.forms
    .filter((f) => f.form === sheet.form && f.event === sheet.event)
    .sort((a, b) => a.instance - b.instance);
  return recs.map(
    (rec) => sheet.columns.map((c) => valueCell(c, rec, facts, profile)) as readonly Cell[] as DeidentifiedRow,
  );
}

const scans = new WeakMap<Profile, boolean>();
function scansText(profile: Profile): boolean {
  let v = scans.get(profile);
  if (v === undefined) scans.set(profile, (v = Object.values(profile.rules).includes('phiScan')));
  return v;
}

/** The single source of data-sheet rows: one subject's casebook through the profile's rules. */
export function deidentifySubject(
  study: Study,
  profile: Profile,
  casebook: Casebook,
  ctx: DeidentifyContext = {},
): ExportRows {
  const layout = ctx.layout ?? exportLayout(study, profile);
  if (layout.profile !== profile) throw new Error('deidentifySubject: the layout was built for another profile');
  const idx = resolveOne(study.def.indexDate, { casebook });
  const derived = evaluateDerived(study, casebook);
  const ageDef = layout.ageDerived;
  const age = ageDef ? derived[ageDef.id] : null;
  const facts: SubjectFacts = {
    subjectId: casebook.subjectId,
    indexDate: typeof idx === 'string' && idx !== '' ? idx : null,
    indexDay: typeof idx === 'string' ? isoDayNumber(idx) : null,
    derived,
    age: typeof age === 'number' ? age : null,
    ageTop: ageDef?.topCode ?? SAFE_HARBOR_AGE_TOP,
    identifiers: null,
    counts: {},
    review: ctx.review,
  };
  // The scan looks for this subject's own declared identifiers in their text.
  if (scansText(profile)) facts.identifiers = subjectIdentifiers(study, casebook);
  const sheets = new Map<string, DeidentifiedRow[]>();
  for (const sheet of layout.sheets) {
    if (ctx.only && sheet.name !== ctx.only) continue;
    sheets.set(sheet.name, rowsOf(sheet, casebook, facts, profile));
  }
  return { sheets, phiCounts: facts.counts };
}
