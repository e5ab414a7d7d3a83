/**
 * The Stata do-file that loads each CSV of the analyst export with its types, value labels and
 * variable labels, and saves it as a .dta beside it (Stata holds one dataset at a time). Every
 * column is read as text first, so a missing-data code can never be turned into a number by
 * Stata's guessing; numbers are destrung, dates converted, codes encoded in the dictionary's
 * order.
 */
import { CrfError } from '../../../shared/errors';
import type { AnalystTable } from './columns';

/** Stata's compound double quotes take any text but a closing `"'` pair and newlines. */
const st = (s: string): string => `\`"${s.replace(/"'/g, '" \'').replace(/[\r\n]+/g, ' ')}"'`;
const STATA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
const STATA_LABEL_MAX = 80;

function checkName(t: AnalystTable, name: string): void {
  if (!STATA_NAME.test(name))
    throw new CrfError({
      code: 'VALIDATION',
      field: `${t.name}.${name}`,
      rule: 'stata-name',
      message: `${t.name}.${name}: not a Stata variable name (a letter or _, then up to 31 letters, digits or _)`,
    });
}

function tableBlock(t: AnalystTable, ti: number): string[] {
  const out = [
    `* ${t.name}: ${t.title}`,
    `import delimited using ${st(`${t.name}.csv`)}, varnames(1) case(preserve) stringcols(_all) bindquote(strict) encoding("utf-8") clear`,
  ];
  t.columns.forEach((c, ci) => {
    checkName(t, c.name);
    const v = c.name;
    if (c.type === 'integer' || c.type === 'double') out.push(`destring ${v}, replace`);
    else if (c.type === 'date')
      out.push(
        `generate __d = date(${v}, "YMD")`,
        `format __d %td`,
        `order __d, after(${v})`,
        `drop ${v}`,
        `rename __d ${v}`,
      );
    else if (c.type === 'factor') {
      const lbl = `L${ti}_${ci}`;
      out.push(`generate long __f = .`, `order __f, after(${v})`);
      c.levels.forEach((l, i) => out.push(`replace __f = ${i + 1} if ${v} == ${st(l.code)}`));
      out.push(
        `label define ${lbl} ${c.levels.map((l, i) => `${i + 1} ${st(l.label.slice(0, STATA_LABEL_MAX))}`).join(' ')}, replace`,
        `drop ${v}`,
        `rename __f ${v}`,
        `label values ${v} ${lbl}`,
      );
    }
    out.push(`label variable ${v} ${st(c.label.slice(0, STATA_LABEL_MAX))}`);
  });
  out.push(`label data ${st(t.title.slice(0, STATA_LABEL_MAX))}`, `save ${st(`${t.name}.dta`)}, replace`, '');
  return out;
}

export function stataScript(study: string, tables: AnalystTable[]): string {
  return [
    `* SiteCRF analyst export of study ${study}: run from the export's folder (cd there first).`,
    '* Each CSV becomes a labelled .dta beside it; dictionary.csv lists the same columns.',
    '* Missing-data codes are labelled values, or, for numbers and dates, the <column>_code variable.',
    'version 14',
    '',
    ...tables.flatMap((t, i) => tableBlock(t, i)),
  ].join('\n');
}
