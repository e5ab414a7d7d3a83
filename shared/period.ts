/** A reporting period: one calendar month, `YYYY-MM`. The submission, its Cover and the CLI all say so. */
import { z } from 'zod';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export const periodSchema = z.string().regex(PERIOD, 'a month as YYYY-MM');

export function isPeriod(v: unknown): v is string {
  return typeof v === 'string' && PERIOD.test(v);
}
