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

/**
 * Whether the Changes sheet lists a change of a cell (its sheet, subject, instance and column;
 * a repeating form's instance 1 when it does not repeat) or, for a whole row, any change of
 * that subject in that sheet.
 */
export function listedInChanges(
  changesSheet: readonly Row[],
  dictionary: readonly Row[],
): (sheet: string, subjectId: string, instance: number | null, column: string | null) => boolean {
  const cols = columnFields(dictionary);
  const listed = new Set<string>();
  const listedRows = new Set<string>();
  for (const c of changesSheet) {
    const inst = typeof c.instance === 'number' ? c.instance : 1;
    listed.add(`${String(c.sheet)}\u0000${String(c.subject_id)}\u0000${inst}\u0000${String(c.field)}`);
    listedRows.add(`${String(c.sheet)}\u0000${String(c.subject_id)}`);
  }
  return (sheet, subjectId, instance, column) =>
    column === null
      ? listedRows.has(`${sheet}\u0000${subjectId}`)
      : listed.has(
          `${sheet}\u0000${subjectId}\u0000${instance ?? 1}\u0000${cols.get(`${sheet}.${column}`)?.field ?? column}`,
        );
}

const keyOf = (r: Row): string => `${String(r.subject_id)}\u0000${typeof r.instance === 'number' ? r.instance : ''}`;
const same = (a: Cell | undefined, b: Cell | undefined): boolean => (a ?? null) === (b ?? null);

/**
 * The diff built one sheet at a time (the import holds one sheet of each submission, never a
 * whole workbook); `result()` adds the Changes rows that no data change matched.
 */
export class SubmissionDiff {
  private readonly cols: Map<string, { form: string; field: string }>;
  /** What the Changes sheet lists: sheet, subject, instance (1 when the form does not repeat), field. */
  private readonly listed = new Set<string>();
  private readonly listedRows = new Set<string>();
  private readonly matched = new Set<string>();
  private readonly changes: RowChange[] = [];
  private notIn = 0;

  constructor(
    private readonly changesSheet: readonly Row[],
    dictionary: readonly Row[],
  ) {
    this.cols = columnFields(dictionary);
    for (const c of changesSheet) {
      const inst = typeof c.instance === 'number' ? c.instance : 1;
      this.listed.add(`${String(c.sheet)}\u0000${String(c.subject_id)}\u0000${inst}\u0000${String(c.field)}`);
      this.listedRows.add(`${String(c.sheet)}\u0000${String(c.subject_id)}`);
    }
  }

  private formSheet(sheet: string): boolean {
    for (const [k, v] of this.cols) if (k.startsWith(`${sheet}.`) && v.form !== 'Derived') return true;
    return false;
  }

  /** One sheet's rows in the previous submission and in the new one. */
  sheet(sheet: string, before: readonly Row[], after: readonly Row[]): void {
    const { cols, listed, listedRows, matched, changes } = this;
    const old = new Map(before.map((r) => [keyOf(r), r]));
    const checks = this.formSheet(sheet);
    for (const r of after) {
      const k = keyOf(r);
      const subjectId = String(r.subject_id);
      const instance = typeof r.instance === 'number' ? r.instance : null;
      const o = old.get(k);
      old.delete(k);
      if (!o) {
        const inSheet = listedRows.has(`${sheet}\u0000${subjectId}`);
        changes.push({ sheet, subjectId, instance, column: null, change: 'new', inChangesSheet: inSheet });
        if (checks && !inSheet) this.notIn++;
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
        if (checks && !inSheet) this.notIn++;
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

  result(): HistoryResult {
    const { changes, cols, matched } = this;
    let without = 0;
    const wholeRows = new Set(changes.filter((x) => x.column === null).map((x) => `${x.sheet}\u0000${x.subjectId}`));
    const exported = new Set([...cols].map(([k, v]) => `${k.split('.')[0]}\u0000${v.field}`));
    for (const c of this.changesSheet) {
      const inst = typeof c.instance === 'number' ? c.instance : 1;
      const key = `${String(c.sheet)}\u0000${String(c.subject_id)}\u0000${inst}\u0000${String(c.field)}`;
      const rowNew = wholeRows.has(`${String(c.sheet)}\u0000${String(c.subject_id)}`);
      if (!matched.has(key) && !rowNew && exported.has(`${String(c.sheet)}\u0000${String(c.field)}`)) without++;
    }
    return { changes, notInChangesSheet: this.notIn, changesWithoutDataChange: without };
  }
}

export function diffSubmissions(
  before: ReadonlyMap<string, readonly Row[]>,
  after: ReadonlyMap<string, readonly Row[]>,
  changesSheet: readonly Row[],
  dictionary: readonly Row[],
): HistoryResult {
  const d = new SubmissionDiff(changesSheet, dictionary);
  for (const sheet of new Set([...before.keys(), ...after.keys()]))
    d.sheet(sheet, before.get(sheet) ?? [], after.get(sheet) ?? []);
  return d.result();
}
