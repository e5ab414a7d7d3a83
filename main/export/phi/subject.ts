import type { PhiSpan, SubjectIdentifiers } from './types.js';
import { lists } from './lists.js';
import { isCommonWord } from './names.js';
import { BoundedPattern } from './bounded.js';
import { MONTH_NAMES } from '../../../shared/dates.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  // any separator a person types between digit groups: "718/555/0142", "718_555_0142", "718\\555"
  return `(?:\\+?1[\\s./_-]{0,2})?` + [...d].join(`[\\s().+/_\\\\-]{0,3}`);
}

/** Two or three initials of a name in both orders, each optionally with a dot and a space. */
function initialPatterns(names: string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    const letters = name
      .split(/[^\p{L}'’-]+/u)
      .filter((w) => w.length > 0)
      .map((w) => w[0]!.toUpperCase());
    if (letters.length < 2 || letters.length > 3) continue;
    const join = (ls: string[]): string => ls.map((c) => `${escape(c)}\\.?`).join('\\s?');
    out.add(join(letters));
    out.add(join([letters[letters.length - 1]!, ...letters.slice(0, -1)]));
  }
  return [...out];
}

/** Every common way a US clinician writes a given date. */
function datePatterns(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return [];
  const [, y, mm, dd] = m as unknown as [string, string, string, string];
  const mo = Number(mm);
  const d = Number(dd);
  const yy = y.slice(2);
  const month = MONTH_NAMES[mo - 1];
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

/** What a text must contain for a pattern to have any chance (exact necessary conditions, cheap). */
interface TextViews {
  lower(): string;
  alnum(): string;
  digits(): string;
}
type Need = (t: TextViews) => boolean;
type Compiled = { kind: PhiSpan['kind']; re: BoundedPattern; need: Need }[];

function views(text: string): TextViews {
  let lower: string | undefined;
  let alnum: string | undefined;
  let digits: string | undefined;
  return {
    lower: () => (lower ??= text.toLowerCase()),
    alnum: () => (alnum ??= text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')),
    digits: () => (digits ??= text.replace(/\D/g, '')),
  };
}
const always: Need = () => true;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]$/u;
function letterOrDigitBefore(text: string, i: number): boolean {
  return i > 0 && LETTER_OR_DIGIT.test(text.slice(Math.max(0, i - 2), i));
}
/** Some word of the list, in any case: only for ASCII words, where lowercasing is exact. */
function anyWord(words: string[]): Need {
  const ascii = words.map((w) => w.toLowerCase());
  if (ascii.some((w) => /[^\x00-\x7f]/.test(w))) return always;
  return (t) => ascii.some((w) => t.lower().includes(w));
}

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
  const v = views(text);
  for (const { kind, re, need } of compiled(subject)) {
    // Most notes never mention the subject's own identifiers: skip the costly Unicode regex then.
    if (!need(v)) continue;
    let from = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text, from)) !== null) {
      // The left word boundary is checked here rather than by a leading lookbehind, which keeps
      // V8 from scanning fast; a match that fails it is retried one position later (same result).
      if (m[0].length === 0 || letterOrDigitBefore(text, m.index)) {
        from = m.index + 1;
        continue;
      }
      from = m.index + m[0].length;
      out.push({ start: m.index, end: from, kind });
    }
  }
}

function compile(subject: SubjectIdentifiers): Compiled {
  const result: Compiled = [];
  const add = (kind: PhiSpan['kind'], source: string, need: Need, flags = 'giu'): void => {
    result.push({ kind, need, re: new BoundedPattern(source, flags) });
  };

  const l = lists();
  const full: string[] = [];
  const parts = new Set<string>();
  const commonParts = new Set<string>();
  const allWords: string[] = [];
  const partWords: string[] = [];
  const commonWords: string[] = [];
  for (const name of subject.names ?? []) {
    const words = name.split(/[^\p{L}'’-]+/u).filter((w) => w.length > 0);
    if (words.length === 0) continue;
    allWords.push(...words);
    const sepRe = `[\\s,.]{1,4}`;
    const orders = (ws: string[]): string[] => {
      const p = ws.map(escape);
      return p.length >= 2 ? [p.join(sepRe), [p[p.length - 1], ...p.slice(0, -1)].join(sepRe)] : [p.join(sepRe)];
    };
    full.push(...orders(words));
    // an initial and the other name: "Z. Quackenbush", "Quackenbush Z."
    if (words.length >= 2)
      for (const [a, b] of [
        [words[0]!, words[words.length - 1]!],
        [words[words.length - 1]!, words[0]!],
      ] as const)
        if (b.length >= 2)
          full.push(`${escape(a[0]!)}\\.?\\s{1,2}${escape(b)}`, `${escape(b)},?\\s{1,2}${escape(a[0]!)}\\.`);
    for (const w of words) {
      if (w.length < 2) continue;
      // The subject's "Will" or "Hope" alone is theirs only when written as a name.
      if (isCommonWord(w.toLowerCase(), l)) {
        commonParts.add(escape(w[0]!.toUpperCase() + w.slice(1).toLowerCase()));
        commonParts.add(escape(w.toUpperCase()));
        commonWords.push(w);
      } else {
        parts.add(escape(w));
        partWords.push(w);
      }
    }
  }
  // Each pattern's `need` is a condition every match implies (a name word, the code's letters and
  // digits, the number's digits), so skipping a text that lacks it never loses a finding.
  if (full.length) add('NAME', full.join('|'), anyWord(allWords));
  // the name spelled out letter by letter ("Q u a c k e n b u s h", "q.u.a.c.k..."): its letters in
  // a row are in the text once the spacing is gone
  const spelled = allWords.filter((w) => w.length >= 4);
  if (spelled.length)
    add('NAME', spelled.map((w) => [...w].map(escape).join('[\\s._*-]{1,2}')).join('|'), (t) =>
      spelled.some((w) => t.alnum().includes(w.toLowerCase())),
    );
  // initials, in capitals, in either order: "Z.Q.", "Z. Q.", "ZQ", "Q.Z."
  const initials = initialPatterns(subject.names ?? []);
  if (initials.length) add('NAME', initials.join('|'), always, 'gu');
  if (parts.size) add('NAME', [...parts].join('|'), anyWord(partWords));
  if (commonParts.size) add('NAME', [...commonParts].join('|'), anyWord(commonWords), 'gu');

  // the number of an MRN without its letters, in any grouping: "MR-4829173" as "482.9173"
  const mrnNumbers = (subject.mrn ?? []).map((m) => m.replace(/\D/g, '')).filter((d) => d.length >= 5);
  if (mrnNumbers.length)
    add('MRN', mrnNumbers.map((d) => [...d].join('[\\s./_-]{0,2}')).join('|'), (t) =>
      mrnNumbers.some((d) => t.digits().includes(d)),
    );
  const mrns = (subject.mrn ?? []).filter((m) => codePattern(m));
  const codes = mrns.map(codePattern) as string[];
  const mrnChars = mrns.map((m) => m.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''));
  if (codes.length)
    add(
      'MRN',
      codes.join('|'),
      /[^\x00-\x7f]/.test(mrnChars.join('')) ? always : (t) => mrnChars.some((c) => t.alnum().includes(c)),
    );
  const phoneDigits = (subject.phones ?? [])
    .map((p) => p.replace(/\D/g, ''))
    .map((d) => (d.length === 11 && d.startsWith('1') ? d.slice(1) : d))
    .filter((d) => d.length >= 7);
  const phones = (subject.phones ?? []).map(phonePattern).filter((s): s is string => !!s);
  if (phones.length) add('PHONE', phones.join('|'), (t) => phoneDigits.some((d) => t.digits().includes(d)));
  const years = (subject.birthDates ?? [])
    .map((d) => /^(\d{4})-/.exec(d.trim())?.[1])
    .filter((y): y is string => !!y)
    .map((y) => y.slice(2));
  const dates = (subject.birthDates ?? []).flatMap(datePatterns);
  if (dates.length) add('DATE', dates.join('|'), (t) => years.some((yy) => t.digits().includes(yy)));
  const zips = (subject.zips ?? []).map((z) => z.replace(/\D/g, '')).filter((z) => z.length >= 5);
  if (zips.length)
    add('ZIP', zips.map((z) => `${z.slice(0, 5)}(?:-?\\d{4})?`).join('|'), (t) =>
      zips.some((z) => t.digits().includes(z.slice(0, 5))),
    );
  const otherWords = (subject.other ?? []).map((o) => o.trim()).filter((o) => o.length >= 2);
  const other = otherWords.map((o) => o.split(/\s+/).map(escape).join('\\s+'));
  if (other.length) add('ID', other.join('|'), anyWord(otherWords.flatMap((o) => o.split(/\s+/))));
  return result;
}
