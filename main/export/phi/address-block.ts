import type { PhiSpan } from './types.js';
import type { WordLists } from './lists.js';

/**
 * The lines that end a postal address block: after a street line, a line of a few words is the
 * town (any name, in any language or case: "LAPPEENRANTA", "Tujetsch", "københavn k") and a number
 * alone on its line, or after the town or a region code, is the postcode ("7188", "ASKER xx 1386",
 * "> 53650"). Only lines right below a street address are read so, so a number alone on a line of a
 * note ("120") is never taken for a postcode. A country line stays (Safe Harbor keeps countries);
 * its postcode does not.
 */
const BLOCK_LINES = 4;
/** a unit line ("Suite 828", "Apt. 595") belongs to the street address, not the town */
const UNIT = /^(?:apt|apartment|suite|ste|unit|floor|fl|room|rm|bldg|building|box|po|p\.o)\b/i;
/** what may follow a street address on its line: a unit, a comma */
const LINE_END = /^[ \t,.]*(?:(?:apt|apartment|suite|ste|unit|#)\.?[ \t]*#?[ \t]*[A-Za-z0-9-]{1,6}[ \t,.]*)?$/i;
const LINE = /^[ \t>]*(\p{L}[\p{L}\p{M}'’. -]{0,40}?)?(?:[ \t]*(?:^|[ \t])(\d{3,6}(?:[ -]\d{2,4})?))?[ \t]*$/u;

export function findAddressBlocks(text: string, spans: PhiSpan[], l: WordLists): void {
  const n = spans.length;
  for (let k = 0; k < n; k++) {
    const s = spans[k]!;
    if (s.kind !== 'ADDRESS') continue;
    let at = text.indexOf('\n', s.end);
    // a block's street address ends its line ("... by Dr. Moore." is a sentence, not a block)
    if (at < 0 || !LINE_END.test(text.slice(s.end, at))) continue;
    let blank = false;
    for (let line = 0; at >= 0 && line < BLOCK_LINES; line++) {
      const start = at + 1;
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      at = nl;
      const row = text.slice(start, end);
      if (row.trim() === '') {
        blank = true;
        continue;
      }
      const m = LINE.exec(row);
      // after a blank line only a postcode line still belongs to the block ("Denmark 35018"),
      // not a heading ("SOCIAL HISTORY")
      if (!m || (!m[1] && !m[2]) || (blank && !m[2])) break;
      const words = m[1]?.trim();
      if (words && UNIT.test(words)) continue;
      if (words && !l.countries.has(words.toLowerCase())) {
        const from = start + row.indexOf(words);
        spans.push({ start: from, end: from + words.length, kind: 'LOCATION' });
      }
      if (m[2]) {
        const from = start + row.lastIndexOf(m[2]);
        spans.push({ start: from, end: from + m[2].length, kind: 'ZIP' });
        break;
      }
    }
  }
}
