import type { Rule } from './patterns.js';

/**
 * Numbers written n/d that are not month/day: clinical shorthand counts durations in sevenths
 * (days of a week: "3/7"), 52nds (weeks of a year: "2/52"), 12ths (months: "6/12") and 24ths
 * (hours: "12/24"), scores in tenths ("8/10") and quantities in small fractions ("1/2 tab",
 * "rales 1/3 up"). With one of those denominators and a numerator below it, n/d is read as a date
 * only after a word that announces a date ("seen on 3/7", "appt 6/12").
 */
const CLINICAL_DENOMINATORS = new Set([2, 3, 4, 7, 10, 12, 24, 52]);
const DATE_CUE =
  /(?:^|[^a-z])(?:on|dated?|dos|dob|seen|until|till|by|due|appt|appointment|visit|booked|scheduled|since|admitted|adm|discharged|d\/c|from|before|after|next|last|born)\s{1,2}(?:the\s{1,2}|on\s{1,2})?$/i;

const COURSE_BEFORE = /(?:^|[^a-z])(?:day|cycle|course|dose|week|wk|session|round|fraction)\s{0,2}#?\s{0,2}$/i;

export function clinicalFraction(m: RegExpExecArray, text: string): boolean {
  const [n, d] = m[0].split('/').map(Number) as [number, number];
  const before = text.slice(Math.max(0, m.index - 1), m.index);
  const after = text.slice(m.index + m[0].length, m.index + m[0].length + 2);
  // part of a decimal series: "5.5/2.5/450"
  if (/[.\d]/.test(before) || /^\.\d/.test(after)) return true;
  // a count of a course: "abx day 10/14", "cycle 2/6", "dose 3/4"
  if (n <= d && COURSE_BEFORE.test(text.slice(Math.max(0, m.index - 10), m.index))) return true;
  if (!CLINICAL_DENOMINATORS.has(d) || n > d) return false;
  return !DATE_CUE.test(text.slice(Math.max(0, m.index - 24), m.index));
}

/** the latest birth year that reveals an age over 89 (Safe Harbor: such ages and their years go) */
export function oldestAgeYear(now = new Date()): number {
  return now.getUTCFullYear() - 90;
}

/** A year written as a birth year ("born in 1931", "DOB 1929", "YOB: 1930", "b. 1928") that makes
 * the person older than 89. A year alone is no date element, but this one reveals such an age. */
export const BIRTH_YEAR_RULES: Rule[] = [
  // day-first with dots and a two-digit year, as European clinicians write it: "27.04.21"
  {
    kind: 'DATE',
    re: /(?<![\d.])(?:0[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])\.\d{2}(?!\d|\.\d)/g,
    need: '.',
  },
  {
    kind: 'DATE',
    re: /\b(?:born|b\.|dob|d\.o\.b\.?|yob|date\s+of\s+birth|year\s+of\s+birth|birth\s?year)\W{0,4}(?:in\s+|on\s+)?(?:(?:circa|c\.|ca\.?|approx\.?)\s*)?((?:18|19|20)\d\d)\b(?![/.-]\d)/gi,
    group: 1,
    accept: (m) => Number(m[1]) <= oldestAgeYear(),
    at: 'born b dob d yob date year birth birthyear',
  },
];
