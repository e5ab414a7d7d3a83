/**
 * The SQL that turns the store's generic rows (JSON keyed by column code) into one typed table
 * per analyst table, and the checks that refuse an export which would lose a value: a key the
 * table has no column for, a number column holding text that is no code, a code outside the
 * factor's levels.
 */
import { CrfError } from '../../../shared/errors';
import type { Store } from '../store';
import type { AnalystColumn, AnalystTable } from './columns';

export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
export const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

const SQL_TYPE = { integer: 'INTEGER', double: 'DOUBLE', date: 'DATE' } as const;

function raw(c: AnalystColumn): string {
  return `(data->>${lit(c.source)})`;
}

function codesOf(t: AnalystTable, c: AnalystColumn): string[] {
  const comp = c.companion ? t.columns.find((x) => x.name === c.companion) : undefined;
  return comp ? comp.levels.map((l) => l.code) : [];
}

function inList(expr: string, codes: string[]): string {
  return codes.length ? `${expr} IN (${codes.map(lit).join(', ')})` : 'false';
}

/** The typed value of a column, NULL where the cell holds a code (its companion has it). */
export function valueExpr(t: AnalystTable, c: AnalystColumn): string {
  const r = raw(c);
  if (c.codeOf)
    return `CASE WHEN ${inList(
      r,
      c.levels.map((l) => l.code),
    )} THEN ${r} END`;
  if (c.type === 'integer' || c.type === 'double' || c.type === 'date') {
    const cast = `TRY_CAST(${r} AS ${SQL_TYPE[c.type]})`;
    const codes = codesOf(t, c);
    return codes.length ? `CASE WHEN ${inList(r, codes)} THEN NULL ELSE ${cast} END` : cast;
  }
  return r;
}

/** Where a cell of this column would be lost by the typed table (NULL: nothing to check). */
function lossExpr(t: AnalystTable, c: AnalystColumn): string | null {
  if (c.codeOf || c.type === 'text' || c.type === 'multi') return null;
  const r = raw(c);
  if (c.type === 'factor')
    return `${r} IS NOT NULL AND NOT ${inList(
      r,
      c.levels.map((l) => l.code),
    )}`;
  const codes = codesOf(t, c);
  const bad =
    c.type === 'integer'
      ? `TRY_CAST(${r} AS INTEGER) IS NULL OR TRY_CAST(${r} AS DOUBLE) <> TRY_CAST(${r} AS INTEGER)`
      : `TRY_CAST(${r} AS ${SQL_TYPE[c.type]}) IS NULL`;
  return `${r} IS NOT NULL AND NOT ${inList(r, codes)} AND (${bad})`;
}

function refuse(t: AnalystTable, rule: string, message: string): never {
  throw new CrfError({ code: 'VALIDATION', field: t.name, rule, message });
}

/** Refuses the export if any current row of the table has a value its typed table would lose. */
export async function checkLossless(store: Store, t: AnalystTable): Promise<void> {
  const known = new Set(t.columns.filter((c) => c.name !== 'site' && !c.codeOf).map((c) => c.source));
  const keys = await store.all(
    'SELECT DISTINCT unnest(json_keys(data)) AS k FROM current_rows WHERE sheet = $1 ORDER BY k',
    [t.name],
  );
  const extra = keys.map((k) => String(k.k)).filter((k) => !known.has(k));
  if (extra.length)
    refuse(
      t,
      'column',
      `${t.name}: the pooled rows have column ${extra.join(', ')}, which the study definition does not export; nothing written`,
    );
  for (const c of t.columns) {
    if (c.name === 'site') continue;
    const loss = lossExpr(t, c);
    if (!loss) continue;
    const hit = await store.all(
      `SELECT site, subject_id, ${raw(c)} AS v FROM current_rows WHERE sheet = $1 AND ${loss} ORDER BY site, row_no LIMIT 1`,
      [t.name],
    );
    const h = hit[0];
    if (h)
      refuse(
        t,
        c.type,
        `${t.name}.${c.name}: site ${String(h.site)}, subject ${String(h.subject_id)} holds "${String(h.v)}", ` +
          `which is not ${c.type === 'factor' ? 'one of its codes' : `a ${c.type} or a code`}; nothing written`,
      );
  }
}

/** The typed rows of the table, pooled, ordered by site then by the sites' row order. */
export function selectSql(t: AnalystTable): string {
  const cols = t.columns.map((c) => `${c.name === 'site' ? 'site' : valueExpr(t, c)} AS ${ident(c.name)}`);
  return `SELECT ${cols.join(', ')} FROM current_rows WHERE sheet = ${lit(t.name)} ORDER BY site, row_no`;
}
