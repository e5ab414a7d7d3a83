import { displayDateTime } from '../../../shared/date-display';

/** A signature's time as recorded: UTC, to the second. */
export function utcTime(iso: string): string {
  return displayDateTime(iso, { seconds: true });
}
