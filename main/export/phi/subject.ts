import type { PhiSpan, SubjectIdentifiers } from './types.js';
import { lists } from './lists.js';
import { isCommonWord } from './names.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Letters and digits of a code, any punctuation or spacing allowed between them:
 * "AB-12345" finds "ab 12345", "AB12345", "A.B.12345". */
function codePattern(code: string): string | undefined {
  const chars = code.replace(/[^\p{L}\p{N}]/gu, '');
  if (chars.length < 3) return undefined;
  return [...chars].map(escape).join(`[\\s./_-]{0,2}`);
}

function phonePattern(phone: string): string | undefined {
  let d = phone.replace(/\D/g, '');
  if (d.length === 11 && d.startsWith('1')) d = d.slice(1);
  if (d.length < 7) return undefined;
  return `(?:\\+?1[\\s.-]{0,2})?` + [...d].map((c) => c).join(`[\\s().+-]{0,3}`);
}

/** Every common way a US clinician writes a given date. */
function datePatterns(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return [];
  const [, y, mm, dd] = m as unknown as [string, string, string, string];
  const mo = Number(mm);
  const d = Number(dd);
  const yy = y.slice(2);
  const month = MONTHS[mo - 1];
  if (!month) return [];
  const mon = month.slice(0, 3);
  const sep = '[/.-]';
  const mAny = `0?${mo}`;
  const dAny = `0?${d}`;
  const day = `${dAny}(?:st|nd|rd|th)?`;
  const names = `(?:${month}|${mon}\\.?${month === 'September' ? '|Sept\\.?' : ''})`;
  return [
    `${mAny}${sep}${dAny}${sep}(?:${y}|${yy})`,
    `${y}${sep}${mAny}${sep}${dAny}`,
    `${dAny}${sep}${mAny}${sep}${y}`,
    `${mm}${dd}${y}`,
    `${y}${mm}${dd}`,
    `${names}\\s{0,2}${day},?\\s{0,2}(?:${y}|'${yy})`,
    `${day}\\s{0,2}(?:of\\s+)?${names},?\\s{0,2}(?:${y}|'${yy})`,
    `${day}-${names}-(?:${y}|${yy})`,
  ];
}

type Compiled = { kind: PhiSpan['kind']; re: RegExp }[];

/**
 * Compiled patterns per subject, kept for the last few subjects: an export scans several notes
 * and queries of one subject in a row, and compiling these Unicode regexes cost more than
 * scanning (most of a safe-harbor-text export's time before this cache).
 */
const compiledCache = new Map<string, Compiled>();
const CACHE_SIZE = 64;

function compiled(subject: SubjectIdentifiers): Compiled {
  const key = JSON.stringify(subject);
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const list = compile(subject);
  compiledCache.set(key, list);
  if (compiledCache.size > CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value as string);
  return list;
}

/** The subject's own identifiers as entered on REG, matched exactly and with spacing, case and punctuation variants. */
export function findSubject(text: string, subject: SubjectIdentifiers, out: PhiSpan[]): void {
  for (const { kind, re } of compiled(subject)) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      out.push({ start: m.index, end: m.index + m[0].length, kind });
    }
  }
}

function compile(subject: SubjectIdentifiers): Compiled {
  const result: Compiled = [];
  const add = (kind: PhiSpan['kind'], source: string, flags = 'giu'): void => {
    result.push({ kind, re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, flags) });
  };

  const l = lists();
  const full: string[] = [];
  const parts = new Set<string>();
  const commonParts = new Set<string>();
  for (const name of subject.names ?? []) {
    const words = name.split(/[^\p{L}'’-]+/u).filter((w) => w.length > 0);
    if (words.length === 0) continue;
    const sepRe = `[\\s,.]{1,4}`;
    const orders = (ws: string[]): string[] => {
      const p = ws.map(escape);
      return p.length >= 2 ? [p.join(sepRe), [p[p.length - 1], ...p.slice(0, -1)].join(sepRe)] : [p.join(sepRe)];
    };
    full.push(...orders(words));
    for (const w of words) {
      if (w.length < 2) continue;
      // The subject's "Will" or "Hope" alone is theirs only when written as a name.
      if (isCommonWord(w.toLowerCase(), l)) {
        commonParts.add(escape(w[0]!.toUpperCase() + w.slice(1).toLowerCase()));
        commonParts.add(escape(w.toUpperCase()));
      }
      else parts.add(escape(w));
    }
  }
  if (full.length) add('NAME', full.join('|'));
  if (parts.size) add('NAME', [...parts].join('|'));
  if (commonParts.size) add('NAME', [...commonParts].join('|'), 'gu');

  const codes = (subject.mrn ?? []).map(codePattern).filter((s): s is string => !!s);
  if (codes.length) add('MRN', codes.join('|'));
  const phones = (subject.phones ?? []).map(phonePattern).filter((s): s is string => !!s);
  if (phones.length) add('PHONE', phones.join('|'));
  const dates = (subject.birthDates ?? []).flatMap(datePatterns);
  if (dates.length) add('DATE', dates.join('|'));
  const zips = (subject.zips ?? []).map((z) => z.replace(/\D/g, '')).filter((z) => z.length >= 5);
  if (zips.length) add('ZIP', zips.map((z) => `${z.slice(0, 5)}(?:-?\\d{4})?`).join('|'));
  const other = (subject.other ?? [])
    .map((o) => o.trim())
    .filter((o) => o.length >= 2)
    .map((o) => o.split(/\s+/).map(escape).join('\\s+'));
  if (other.length) add('ID', other.join('|'));
  return result;
}
