/** Calendar dates as ISO `YYYY-MM-DD` strings: no time zone can shift a chart date. */
import { differenceInCalendarDays, differenceInYears, format, isValid, parse } from 'date-fns';

const ISO = 'yyyy-MM-dd';

/** The English month names, January first: the demo writes them into notes and the PHI scan looks for them. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const FORMATS = ['yyyy-MM-dd', 'MM/dd/yyyy', 'M/d/yyyy'];

/** Parses the formats coordinators type (YYYY-MM-DD, MM/DD/YYYY); null when not a real date. */
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day (no 2026-02-30): the UTC date built from the parts gives them back. */
function realDay(y: number, m: number, d: number): boolean {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function parseDateInput(text: string): string | null {
  const s = text.trim();
  // Stored values are ISO already: the hot path of every save avoids the general parser.
  const iso = ISO_RE.exec(s);
  if (iso) return realDay(Number(iso[1]), Number(iso[2]), Number(iso[3])) ? s : null;
  for (const f of FORMATS) {
    const d = parse(s, f, new Date(2000, 0, 1));
    if (isValid(d) && d.getFullYear() >= 1800 && d.getFullYear() <= 2200) {
      // A round trip through format refuses anything parse() bent into a real date.
      if (format(d, f) === s) return format(d, ISO);
    }
  }
  return null;
}

export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && parseDateInput(s) === s;
}

function toDate(iso: string): Date {
  const m = ISO_RE.exec(iso);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : parse(iso, ISO, new Date(2000, 0, 1));
}

export function daysBetween(fromIso: string, toIso: string): number {
  return differenceInCalendarDays(toDate(toIso), toDate(fromIso));
}

export function yearsBetween(fromIso: string, toIso: string): number {
  return differenceInYears(toDate(toIso), toDate(fromIso));
}

export function addDays(iso: string, days: number): string {
  const d = toDate(iso);
  d.setDate(d.getDate() + days);
  return todayIso(d);
}

/** Today's calendar date at the site (local time: the date a coordinator sees on the wall). */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function formatUsDate(iso: string): string {
  return format(toDate(iso), 'MM/dd/yyyy');
}
