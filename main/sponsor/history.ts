/**
 * What changed between a site's previous current submission and the new one, computed from the
 * data (row by row, column by column, over the data sheets) and cross-checked against the new
 * workbook's Changes sheet, which the site writes from its audit trail: a value that changed
 * without a Changes row, or a Changes row whose value did not change in the data, is counted.
 */
import type { Cell } from '../export/layout';

export type Row = Record<string, Cell>;

export interface RowChange {
  sheet: string;
  subjectId: string;
  instance: number | null;
  /** null: the whole row is new or gone. */
  column: string | null;
  change: 'new' | 'modified' | 'deleted';
  inChangesSheet: boolean;
}

export interface HistoryResult {
  changes: RowChange[];
  /** Changed values of form sheets the Changes sheet does not list. */
  notInChangesSheet: number;
  /** Changes rows of an exported column whose value is the same in both submissions. */
  changesWithoutDataChange: number;
}

/** Dictionary `export_columns` ("PROC.cement_ml PROC.x") → sheet.column → its form and field. */
export function columnFields(dictionary: readonly Row[]): Map<string, { form: string; field: string }> {
  const out = new Map<string, { form: string; field: string }>();
  for (const d of dictionary) {
    const cols = typeof d.export_columns === 'string' ? d.export_columns.split(/\s+/) : [];
    for (const c of cols) if (c) out.set(c, { form: String(d.form), field: String(d.field) });
  }
  return out;
}

const keyOf = (r: Row): string => `${String(r.subject_id)}\u0000${typeof r.instance === 'number' ? r.instance : ''}`;
const same = (a: Cell | undefined, b: Cell | undefined): boolean => (a ?? null) === (b ?? null);

export function diffSubmissions(
  before: ReadonlyMap<string, readonly Row[]>,
  after: ReadonlyMap<string, readonly Row[]>,
  changesSheet: readonly Row[],
  dictionary: readonly Row[],
): HistoryResult {
  const cols = columnFields(dictionary);
  // What the Changes sheet lists: sheet, subject, instance (1 when the form does not repeat), field.
  const listed = new Set<string>();
  const listedRows = new Set<string>();
  for (const c of changesSheet) {
    const inst = typeof c.instance === 'number' ? c.instance : 1;
    listed.add(`${String(c.sheet)}\u0000${String(c.subject_id)}\u0000${inst}\u0000${String(c.field)}`);
    listedRows.add(`${String(c.sheet)}\u0000${String(c.subject_id)}`);
  }
  const formSheet = (sheet: string): boolean =>
    [...cols].some(([k, v]) => k.startsWith(`${sheet}.`) && v.form !== 'Derived');
  const changes: RowChange[] = [];
  const matched = new Set<string>();
  let notIn = 0;
  for (const sheet of new Set([...before.keys(), ...after.keys()])) {
    const old = new Map((before.get(sheet) ?? []).map((r) => [keyOf(r), r]));
    const checks = formSheet(sheet);
    for (const r of after.get(sheet) ?? []) {
      const k = keyOf(r);
      const subjectId = String(r.subject_id);
      const instance = typeof r.instance === 'number' ? r.instance : null;
      const o = old.get(k);
      old.delete(k);
      if (!o) {
        const inSheet = listedRows.has(`${sheet}\u0000${subjectId}`);
        changes.push({ sheet, subjectId, instance, column: null, change: 'new', inChangesSheet: inSheet });
        if (checks && !inSheet) notIn++;
        continue;
      }
      for (const col of new Set([...Object.keys(o), ...Object.keys(r)])) {
        if (same(o[col], r[col])) continue;
        const field = cols.get(`${sheet}.${col}`)?.field ?? col;
        const key = `${sheet}\u0000${subjectId}\u0000${instance ?? 1}\u0000${field}`;
        const inSheet = listed.has(key);
        if (inSheet) matched.add(key);
        const change = (o[col] ?? null) === null ? 'new' : (r[col] ?? null) === null ? 'deleted' : 'modified';
        changes.push({ sheet, subjectId, instance, column: col, change, inChangesSheet: inSheet });
        if (checks && !inSheet) notIn++;
      }
    }
    for (const r of old.values())
      changes.push({
        sheet,
        subjectId: String(r.subject_id),
        instance: typeof r.instance === 'number' ? r.instance : null,
        column: null,
        change: 'deleted',
        inChangesSheet: listedRows.has(`${sheet}\u0000${String(r.subject_id)}`),
      });
  }
  let without = 0;
  const wholeRows = new Set(changes.filter((x) => x.column === null).map((x) => `${x.sheet}\u0000${x.subjectId}`));
  const exported = new Set([...cols].map(([k, v]) => `${k.split('.')[0]}\u0000${v.field}`));
  for (const c of changesSheet) {
    const inst = typeof c.instance === 'number' ? c.instance : 1;
    const key = `${String(c.sheet)}\u0000${String(c.subject_id)}\u0000${inst}\u0000${String(c.field)}`;
    const rowNew = wholeRows.has(`${String(c.sheet)}\u0000${String(c.subject_id)}`);
    if (!matched.has(key) && !rowNew && exported.has(`${String(c.sheet)}\u0000${String(c.field)}`)) without++;
  }
  return { changes, notInChangesSheet: notIn, changesWithoutDataChange: without };
}
