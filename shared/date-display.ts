/**
 * The one way a date or a time is shown, on every screen: calendar dates as ISO 8601
 * `YYYY-MM-DD`, times as `YYYY-MM-DD HH:mm UTC` (to the second where the record is kept to the
 * second: the audit trail, signatures). A multi-site study reads 03/04/2025 two ways (4 March in
 * the US, 3 April elsewhere) and YYYY-MM-DD one way; times are UTC because the audit trail and
 * the signature manifest are recorded in UTC, so a screen and the record never disagree.
 * Stored values stay ISO; this decides only what the eye sees. Typing stays free
 * (parseDateInput still takes MM/DD/YYYY).
 */
import { parseDateInput } from './dates';

/** The display format, in words, for the README, hints and placeholders. */
export const DATE_DISPLAY_FORMAT = 'YYYY-MM-DD';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;

/**
 * A calendar date as `YYYY-MM-DD`. A typed date (03/14/2025) shows as the date it is; a
 * timestamp shows its UTC day. Text that is not a date (an invalid value kept in a draft) shows as
 * typed: a display must never invent a date. Blank shows `empty`.
 */
export function displayDate(value: string | null | undefined, empty = '—'): string {
  const s = value?.trim() ?? '';
  if (s === '') return empty;
  if (TIMESTAMP.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? s : d.toISOString().slice(0, 10);
  }
  return parseDateInput(s) ?? s;
}

export interface DateTimeOptions {
  /** To the second (audit rows, signatures); otherwise to the minute. */
  seconds?: boolean;
  /** Leave off the " UTC" where a column header already says "(UTC)". */
  zone?: boolean;
}

/** A moment as `YYYY-MM-DD HH:mm UTC`; text that is not a time shows as it came. */
export function displayDateTime(
  value: string | Date | null | undefined,
  { seconds = false, zone = true }: DateTimeOptions = {},
  empty = '—',
): string {
  if (value === null || value === undefined || value === '') return empty;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const text = d
    .toISOString()
    .slice(0, seconds ? 19 : 16)
    .replace('T', ' ');
  return zone ? `${text} UTC` : text;
}
