/**
 * Which data sheets a workbook has and which columns each carries, generated from the protocol
 * and the profile: a field's column exists only in the form its PHI-class rule gives it
 * (deidentification.md), so a dropped field has no column to leak into.
 */
import { ageDerived as findAgeDerived, daysFromText, indexWording } from '../../shared/protocol/knowledge';
import type { Study } from '../../shared/protocol/load';
import type { DerivedDef, FieldDef } from '../../shared/protocol/schema';
import type { Profile, Rule } from './profiles';

export type Cell = string | number | null;

export type ColumnSource =
  | { kind: 'subject' }
  | { kind: 'instance' }
  | { kind: 'value'; field: FieldDef; rule: Rule }
  /** The index date's year beside its day offset (a year alone is not a date element). */
  | { kind: 'indexYear' }
  | { kind: 'derived'; def: DerivedDef };

export interface ColumnSpec {
  code: string;
  label: string;
  source: ColumnSource;
  /** Excel number format: integers for VAS and day offsets, the protocol's decimals otherwise. */
  numFmt?: string;
}

export interface DataSheetSpec {
  name: string;
  /** The form and event the sheet holds; none for the Derived sheet. */
  form?: string;
  event?: string;
  repeating: boolean;
  columns: ColumnSpec[];
}

export interface ExportLayout {
  profile: Profile;
  sheets: DataSheetSpec[];
  /** The derived value that stands in for the birth date (the definition's `age`), if the protocol has one. */
  ageDerived: DerivedDef | null;
}

function numFmtOf(f: FieldDef): string | undefined {
  if (f.type === 'int') return '0';
  if (f.type === 'decimal') return f.decimals ? `0.${'0'.repeat(f.decimals)}` : undefined;
  return undefined;
}

export function indexYearCode(study: Study): string {
  return indexWording(study).yearColumn;
}

function isSubjectIdField(f: FieldDef): boolean {
  return f.type === 'computed' && !!f.compute && 'op' in f.compute && f.compute.op === 'subjectId';
}

function fieldColumns(
  study: Study,
  formId: string,
  f: FieldDef,
  profile: Profile,
  ageDerived: DerivedDef | null,
): ColumnSpec[] {
  const rule = profile.rules[f.phi];
  const src = { kind: 'value', field: f, rule } as const;
  const idx = study.def.indexDate;
  switch (rule) {
    case 'drop':
      return [];
    case 'dayOffset': {
      const cols: ColumnSpec[] = [
        { code: `${f.id}_day`, label: `${f.label} (${daysFromText(study)})`, source: src, numFmt: '0' },
      ];
      if (idx.form === formId && idx.field === f.id)
        cols.push({
          code: indexYearCode(study),
          label: `Year of the ${f.label.toLowerCase()}`,
          source: { kind: 'indexYear' },
          numFmt: '0',
        });
      return cols;
    }
    case 'ageTopCoded':
      // The birth date itself never leaves; the age at the index date takes its place.
      return ageDerived
        ? [{ code: ageDerived.id, label: ageDerived.label, source: { kind: 'derived', def: ageDerived }, numFmt: '0' }]
        : [];
    case 'zip3':
      return [{ code: `${f.id}3`, label: `${f.label} (first 3 digits)`, source: src }];
    default:
      return [{ code: f.id, label: f.label, source: src, numFmt: numFmtOf(f) }];
  }
}

/**
 * Sheet name of a form at an event: the form id, or the event id when the form is collected at
 * several. When two such forms share an event (REDCap's arms do), both words are needed; Excel
 * allows 31 characters, so a long pair is cut and numbered to stay unique.
 */
export function sheetNameOf(study: Study, formId: string, eventId: string): string {
  return sheetNames(study).get(`${eventId}/${formId}`) ?? formId;
}

const namesCache = new WeakMap<Study, Map<string, string>>();
function sheetNames(study: Study): Map<string, string> {
  let names = namesCache.get(study);
  if (names) return names;
  names = new Map();
  const taken = new Set<string>(['cover', 'summary', 'derived', 'changes', 'queries', 'dictionary']);
  const multi = (f: string): boolean => study.eventsOfForm(f).length > 1;
  for (const form of study.def.forms)
    for (const ev of study.eventsOfForm(form.id)) {
      const shared = multi(form.id) && ev.forms.filter(multi).length > 1;
      const want = !multi(form.id) ? form.id : shared ? `${ev.id.toUpperCase()}_${form.id}` : ev.id.toUpperCase();
      let name = want.slice(0, 31);
      for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${want.slice(0, 31 - String(i).length - 1)}~${i}`;
      taken.add(name.toLowerCase());
      names.set(`${ev.id}/${form.id}`, name);
    }
  namesCache.set(study, names);
  return names;
}

export function exportLayout(study: Study, profile: Profile): ExportLayout {
  const ageDerived = findAgeDerived(study);
  const sheets: DataSheetSpec[] = [];
  for (const form of study.def.forms) {
    for (const ev of study.eventsOfForm(form.id)) {
      const repeating = form.repeating || ev.repeating;
      const columns: ColumnSpec[] = [{ code: 'subject_id', label: 'Subject ID', source: { kind: 'subject' } }];
      if (repeating)
        columns.push({ code: 'instance', label: 'Instance number', source: { kind: 'instance' }, numFmt: '0' });
      for (const f of form.fields)
        if (!isSubjectIdField(f)) columns.push(...fieldColumns(study, form.id, f, profile, ageDerived));
      sheets.push({ name: sheetNameOf(study, form.id, ev.id), form: form.id, event: ev.id, repeating, columns });
    }
  }
  sheets.push({
    name: 'Derived',
    repeating: false,
    columns: [
      { code: 'subject_id', label: 'Subject ID', source: { kind: 'subject' } },
      ...study.def.derived.map((d): ColumnSpec => ({
        code: d.id,
        label: d.label,
        source: { kind: 'derived', def: d },
        numFmt: d.type === 'int' ? '0' : undefined,
      })),
    ],
  });
  return { profile, sheets, ageDerived };
}
