/**
 * The file that carries a sponsor's queries to one site (`sitecrf sponsor queries --out`) and
 * that the site imports (`sitecrf queries import`, the Queries screen): its study, its site and
 * a SHA-256 over its canonical content, so a file for another site or study, or one edited by
 * hand, is refused whole.
 */
import { z } from 'zod';
import { QUERY_STATUSES } from './status';

export const SPONSOR_QUERIES_FORMAT = 'sitecrf-sponsor-queries';

const sponsorQuerySchema = z.object({
  id: z.number().int().positive(),
  subject_id: z.string().min(1),
  event: z.string().min(1),
  form: z.string().min(1),
  instance: z.number().int().positive().nullable(),
  field: z.string().min(1).nullable(),
  /** The sponsor's latest words: the question, or why it was re-opened. */
  text: z.string().min(1).max(2000),
  status: z.enum(QUERY_STATUSES),
  /** 1, and one more each time the sponsor re-opens it. */
  round: z.number().int().positive(),
});
export type SponsorQuery = z.infer<typeof sponsorQuerySchema>;

export const sponsorQueriesFileSchema = z.object({
  format: z.literal(SPONSOR_QUERIES_FORMAT),
  version: z.literal(1),
  study: z.string().min(1),
  site: z.string().min(1),
  written_at: z.string().min(1),
  queries: z.array(sponsorQuerySchema).max(100_000),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
});
export type SponsorQueriesFile = z.infer<typeof sponsorQueriesFileSchema>;

/** What the file's hash is over: every field but the hash itself, in a fixed order. */
export function sponsorQueriesCanonical(f: Omit<SponsorQueriesFile, 'sha256'>): string {
  return JSON.stringify([
    f.format,
    f.version,
    f.study,
    f.site,
    f.written_at,
    f.queries.map((q) => [q.id, q.subject_id, q.event, q.form, q.instance, q.field, q.text, q.status, q.round]),
  ]);
}

/** The rule a sponsor query carries at the site, so the site's Queries sheet names it back. */
export const sponsorRule = (id: number): string => `sponsor:${id}`;
export const sponsorRuleId = (rule: unknown): number | null => {
  const m = typeof rule === 'string' ? /^sponsor:(\d+)$/.exec(rule) : null;
  return m ? Number(m[1]) : null;
};
