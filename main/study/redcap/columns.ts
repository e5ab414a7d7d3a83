/**
 * Workbook column names a converted field would clash with. Under a de-identified profile a date
 * becomes `<id>_day` and a ZIP code `<id>3` (main/export/layout.ts); a REDCap project that also
 * has a variable of that name would give one sheet two columns of the same name, and the read-back
 * could not tell them apart. The variable that clashes is refused, so the report names it.
 */
import { PROFILES } from '../../export/profiles';
import type { FormInput, Report } from './types';

/** The columns other than its own that a field of this PHI class can become, by profile. */
function derivedColumns(id: string, phi: FormInput['fields'][number]['phi']): string[] {
  const out = new Set<string>();
  for (const p of Object.values(PROFILES)) {
    const rule = p.rules[phi];
    if (rule === 'dayOffset') out.add(`${id}_day`);
    if (rule === 'zip3') out.add(`${id}3`);
  }
  return [...out];
}

/** Removes each clashing field from its form and returns their names. */
export function refuseColumnClashes(forms: Map<string, FormInput>, report: Report): string[] {
  const removed: string[] = [];
  for (const form of forms.values()) {
    const madeBy = new Map<string, string>();
    for (const fd of form.fields) for (const c of derivedColumns(fd.id, fd.phi)) madeBy.set(c, fd.id);
    form.fields = form.fields.filter((fd) => {
      const by = madeBy.get(fd.id);
      if (by === undefined) return true;
      report.refused.push({
        where: `${form.id}.${fd.id}`,
        what: `the de-identified workbook writes ${by} as the column ${fd.id}, so this variable would share its name; rename it`,
      });
      removed.push(fd.id);
      return false;
    });
  }
  return removed;
}

/**
 * The index date's form also carries the index year column (`index_year` unless the study names
 * it). When a variable of that form already has the name, the column is named after the index
 * date field instead, so that neither is lost.
 */
export function yearColumnFor(
  indexForm: FormInput,
  indexField: string,
  report: Report,
): { yearColumn: string } | undefined {
  const taken = new Set(indexForm.fields.flatMap((fd) => [fd.id, ...derivedColumns(fd.id, fd.phi)]));
  if (!taken.has('index_year')) return undefined;
  let name = `${indexField}_year`;
  while (taken.has(name)) name = `${name}_`;
  report.approximated.push({
    where: `${indexForm.id}.index_year`,
    what: `the form of the index date has a variable index_year: the workbook's year column is named ${name}`,
  });
  return { yearColumn: name };
}
