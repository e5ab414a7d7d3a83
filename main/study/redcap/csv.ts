/** CSV files as REDCap writes them: UTF-8 with or without a BOM, comma or tab, quoted multi-line cells. */
import { parse } from 'csv-parse/sync';

export class RedcapFileError extends Error {}

/** The delimiter of the header line: REDCap writes commas, spreadsheets saved as text use tabs. */
function sniffDelimiter(text: string): ',' | '\t' | ';' {
  let inQuote = false;
  const counts = { ',': 0, '\t': 0, ';': 0 };
  for (const ch of text) {
    if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && (ch === '\n' || ch === '\r')) break;
    else if (!inQuote && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[','] && counts[';'] > counts['\t']) return ';';
  return ',';
}

/** Rows of cells, header included; cells keep their inner line breaks. */
export function readCsv(input: Buffer | string, what: string): string[][] {
  let text = typeof input === 'string' ? input : input.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) throw new RedcapFileError(`${what}: the file is empty`);
  try {
    const rows = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][];
    return rows.filter((r) => r.some((c) => c.trim() !== ''));
  } catch (e) {
    throw new RedcapFileError(`${what}: not a readable CSV file (${(e as Error).message})`);
  }
}

/** Rows as objects keyed by the header's column names (lower case), for the small event files. */
export function readCsvObjects(input: Buffer | string, what: string): Record<string, string>[] {
  const [header, ...rows] = readCsv(input, what);
  const keys = (header ?? []).map((h) => h.trim().toLowerCase());
  return rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, (r[i] ?? '').trim()])));
}
