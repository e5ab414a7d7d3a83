/** The admin screen's amendment channels: check a new study file against the site, then amend. */
import { z } from 'zod';
import { reason } from './schemas';

/** A study file's text as the screen read it (the host takes bodies up to 1 MiB). */
export const studyTextSchema = z.string().min(1).max(900_000, 'a study file of at most 900,000 characters');

const added = z.object({
  forms: z.array(z.string()),
  fields: z.array(z.string()),
  codes: z.array(z.string()),
  events: z.array(z.string()),
});

export const amendPreviewSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), from: z.string(), to: z.string(), title: z.string(), added }),
  z.object({
    ok: z.literal(false),
    from: z.string(),
    to: z.string().nullable(),
    /** `file`: not a valid study file (JSON paths); `amendment`: not a compatible next version. */
    stage: z.enum(['file', 'amendment']),
    problems: z.array(z.object({ where: z.string(), rule: z.string(), message: z.string() })),
  }),
]);

export const studyChannels = {
  /** What amending with this file would do (nothing is written): every problem, or what it adds. */
  'study.amendPreview': { input: z.object({ text: studyTextSchema }).strict(), output: amendPreviewSchema },
  /** `sitecrf study amend`'s service: stores the version, audits it, and this session runs it. */
  'study.amend': {
    input: z.object({ text: studyTextSchema, reason }).strict(),
    output: z.object({ from: z.string(), to: z.string(), sha256: z.string(), added }),
  },
} as const;
