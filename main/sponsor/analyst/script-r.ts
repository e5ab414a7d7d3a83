/**
 * The R script that loads the analyst export with its types, factor levels and variable labels
 * (the `label` attribute that Hmisc, haven and labelled read), as REDCap's R export does. Base R
 * only for the CSVs; the arrow package for Parquet.
 */
import type { AnalystColumn, AnalystTable } from './columns';

/** An R string literal (JSON's escapes are R's). */
const rs = (s: string): string => JSON.stringify(s);

const R_CLASS: Record<AnalystColumn['type'], string> = {
  text: 'character',
  integer: 'integer',
  double: 'numeric',
  date: 'Date',
  factor: 'character',
  multi: 'character',
};

function tableBlock(t: AnalystTable, format: 'csv' | 'parquet'): string[] {
  const out: string[] = [`# ${t.name}: ${t.title}`];
  if (format === 'csv') {
    const classes = t.columns.map((c) => `${rs(c.name)} = ${rs(R_CLASS[c.type])}`).join(',\n    ');
    out.push(
      `d <- utils::read.csv(file.path(sitecrf_dir, ${rs(`${t.name}.csv`)}), na.strings = "", check.names = FALSE,`,
      `  stringsAsFactors = FALSE, encoding = "UTF-8", colClasses = c(\n    ${classes}))`,
    );
  } else {
    out.push(
      `d <- if (dir.exists(file.path(sitecrf_dir, ${rs(t.name)}))) as.data.frame(arrow::open_dataset(file.path(sitecrf_dir, ${rs(t.name)}))) else data.frame()`,
    );
  }
  out.push('if (nrow(d) > 0) {');
  for (const c of t.columns)
    if (c.type === 'factor')
      out.push(
        `  d[[${rs(c.name)}]] <- factor(d[[${rs(c.name)}]], levels = c(${c.levels.map((l) => rs(l.code)).join(', ')}),`,
        `    labels = c(${c.levels.map((l) => rs(l.label)).join(', ')}))`,
      );
    else if (format === 'parquet' && c.type === 'date') out.push(`  d[[${rs(c.name)}]] <- as.Date(d[[${rs(c.name)}]])`);
  for (const c of t.columns) out.push(`  attr(d[[${rs(c.name)}]], "label") <- ${rs(c.label)}`);
  out.push('}', `sitecrf[[${rs(t.name)}]] <- d`, '');
  return out;
}

export function rScript(study: string, tables: AnalystTable[], format: 'csv' | 'parquet'): string {
  return [
    `# SiteCRF analyst export of study ${study}: loads every table into the list \`sitecrf\`.`,
    '# Generated with the files; the dictionary (dictionary.csv) lists the same columns.',
    '# Missing-data codes are factor levels, or, for numbers and dates, the <column>_code column.',
    format === 'parquet' ? '# Needs the arrow package (install.packages("arrow")).' : '# Base R only.',
    'if (!exists("sitecrf_dir")) sitecrf_dir <- "."',
    'sitecrf <- list()',
    '',
    ...tables.flatMap((t) => tableBlock(t, format)),
  ].join('\n');
}
