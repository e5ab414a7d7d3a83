/**
 * The analyst export's tables and typed columns, generated from the study definition and the
 * export layout of the profiles the pooled submissions were sent under: one table per data sheet
 * (form at an event, and Derived), a `site` column first. A number or date column that may hold
 * a missing-data code (or a top-coded age, `90+`) gets a `<column>_code` companion beside it, so
 * the value column keeps its type and the code is never lost.
 */
import type { Study } from '../../../shared/protocol/load';
import { MISSING_CODES, MISSING_LABELS, type FieldDef } from '../../../shared/protocol/schema';
import { exportLayout, type ColumnSpec } from '../../export/layout';
import { PROFILES, isProfileId } from '../../export/profiles';

export type AnalystType = 'text' | 'integer' | 'double' | 'date' | 'factor' | 'multi';

export interface Level {
  code: string;
  label: string;
}

export interface AnalystColumn {
  name: string;
  label: string;
  type: AnalystType;
  /** factor / multi: the codes with their labels (missing-data codes included for factors). */
  levels: Level[];
  /** The JSON key in the store's row (the workbook's column code). */
  source: string;
  /** The protocol field it comes from (`FORM.field`, `Derived.id`), if any. */
  origin: string | null;
  unit: string | null;
  /** For a value column: the companion that holds a code instead of the value. */
  companion: string | null;
  /** For a companion: the column whose code it holds. */
  codeOf: string | null;
}

export interface AnalystTable {
  name: string;
  title: string;
  repeating: boolean;
  columns: AnalystColumn[];
}

export const COMPANION_SUFFIX = '_code';

const MISSING_LEVELS: Level[] = MISSING_CODES.map((c) => ({ code: c, label: MISSING_LABELS[c] }));
const YESNO: Level[] = [
  { code: 'Y', label: 'Yes' },
  { code: 'N', label: 'No' },
];

function col(p: Partial<AnalystColumn> & Pick<AnalystColumn, 'name' | 'label' | 'type'>): AnalystColumn {
  return { levels: [], source: p.name, origin: null, unit: null, companion: null, codeOf: null, ...p };
}

function valueType(f: FieldDef): { type: AnalystType; levels: Level[] } {
  switch (f.type) {
    case 'int':
      return { type: 'integer', levels: [] };
    case 'decimal':
      return { type: 'double', levels: [] };
    case 'date':
      return { type: 'date', levels: [] };
    case 'yesno':
      return { type: 'factor', levels: [...YESNO, ...MISSING_LEVELS] };
    case 'choice':
      return { type: 'factor', levels: [...(f.codes ?? []), ...MISSING_LEVELS] };
    case 'multi':
      return { type: 'multi', levels: [...(f.codes ?? [])] };
    default:
      // Free text and computed values: kept as text, whatever they hold.
      return { type: 'text', levels: [] };
  }
}

/** The typed column(s) one workbook column becomes. */
function columnsOf(c: ColumnSpec, form: string | undefined): AnalystColumn[] {
  const s = c.source;
  if (s.kind === 'subject') return [col({ name: c.code, label: c.label, type: 'text' })];
  if (s.kind === 'instance' || s.kind === 'indexYear') return [col({ name: c.code, label: c.label, type: 'integer' })];
  let main: AnalystColumn;
  let codes: Level[];
  if (s.kind === 'derived') {
    const d = s.def;
    const origin = `Derived.${d.id}`;
    if (d.type === 'yesno') return [col({ name: c.code, label: c.label, type: 'factor', levels: YESNO, origin })];
    main = col({ name: c.code, label: c.label, type: d.type === 'int' ? 'integer' : 'double', origin });
    main.unit = d.unit ?? null;
    codes = d.topCode !== undefined ? [{ code: `${d.topCode + 1}+`, label: `over ${d.topCode} (top-coded)` }] : [];
    if (!codes.length) return [main];
  } else {
    const f = s.field;
    const origin = `${form}.${f.id}`;
    const t = s.rule === 'dayOffset' ? { type: 'integer' as const, levels: [] } : valueType(f);
    if (s.rule === 'zip3' || s.rule === 'zip5' || s.rule === 'phiScan' || s.rule === 'isoDate')
      Object.assign(t, { type: 'text', levels: [] });
    main = col({
      name: c.code,
      label: c.label,
      ...t,
      origin,
      unit: s.rule === 'dayOffset' ? 'days' : (f.unit ?? null),
    });
    if (t.type === 'factor' || t.type === 'multi' || t.type === 'text' || f.type === 'computed') return [main];
    codes = MISSING_LEVELS;
  }
  const companion = col({
    name: `${c.code}${COMPANION_SUFFIX}`,
    label: `${c.label}: code instead of a value`,
    type: 'factor',
    levels: codes,
    source: c.code,
    origin: main.origin,
    codeOf: c.code,
  });
  main.companion = companion.name;
  return [main, companion];
}

/**
 * The tables of the profiles given (those of the pooled submissions): a sheet's columns are the
 * union over the profiles, in the order of the first profile that has each.
 */
export function analystTables(study: Study, profiles: string[]): AnalystTable[] {
  const ids = profiles.filter(isProfileId);
  const layouts = (ids.length ? ids : (['safe-harbor'] as const)).map((p) => exportLayout(study, PROFILES[p]));
  const tables: AnalystTable[] = [];
  for (const layout of layouts)
    for (const sh of layout.sheets) {
      let t = tables.find((x) => x.name === sh.name);
      if (!t) {
        const title = sh.form
          ? `${study.form(sh.form).label}${sh.event ? ` at ${study.event(sh.event).label}` : ''}`
          : 'Derived values';
        t = {
          name: sh.name,
          title,
          repeating: sh.repeating,
          columns: [col({ name: 'site', label: 'Site', type: 'text' })],
        };
        tables.push(t);
      }
      for (const c of sh.columns)
        for (const a of columnsOf(c, sh.form)) if (!t.columns.some((x) => x.name === a.name)) t.columns.push(a);
    }
  return tables;
}
