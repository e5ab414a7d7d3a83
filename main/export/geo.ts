/**
 * ZIP code generalisation (Safe Harbor identifier 2). The restricted prefixes are data with
 * their source (data/restricted-zip3.json) so a newer census list can replace them without code.
 */
import { z } from 'zod';
import restricted from './data/restricted-zip3.json' with { type: 'json' };

const listSchema = z.object({
  source: z.string().min(1),
  retrieved: z.string().min(1),
  census: z.string().optional(),
  prefixes: z.array(z.string().regex(/^\d{3}$/)).min(1),
});

export const RESTRICTED_ZIP3 = listSchema.parse(restricted);
const RESTRICTED = new Set(RESTRICTED_ZIP3.prefixes);

/** ZIP3, or `000` when the 3-digit area has 20,000 people or fewer (or the value is not a ZIP). */
export function zip3(value: string): string {
  const m = /^\s*(\d{3})\d{2}(?:-?\d{4})?\s*$/.exec(value);
  // Anything that is not a recognisable ZIP could be a street or a town: it leaves as `000`.
  if (!m) return '000';
  return RESTRICTED.has(m[1]!) ? '000' : m[1]!;
}
