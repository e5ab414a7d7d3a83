/**
 * The sponsor mode's IPC contract (`sitecrf sponsor serve --store STUDY.duckdb`): its own table
 * of channels, all named `sponsor.*`. A sponsor store holds only de-identified data and has no
 * site login, so none of these is in the site contract and no site channel is served in sponsor
 * mode (main/host/sponsor-mode.ts). The renderer tells the modes apart by asking `sponsor.info`.
 */
import { z } from 'zod';

/** A workbook uploaded from the sponsor screen, before base64 (the host caps the body to match). */
export const MAX_WORKBOOK_BYTES = 32 * 1024 * 1024;
/** The base64 text of a workbook of MAX_WORKBOOK_BYTES. */
export const MAX_WORKBOOK_BASE64 = Math.ceil(MAX_WORKBOOK_BYTES / 3) * 4;

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const code = z.string().min(1).max(64);
const name = z
  .string()
  .trim()
  .min(1, 'your name is required')
  .max(100, 'a name of at most 100 characters')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters');
const cell = z.union([z.string(), z.number(), z.null()]);

const chainKind = z.enum(['gap', 'fork', 'restart']);

export const sponsorStatusSchema = z.object({
  study: z.string(),
  versions: z.array(z.string()),
  periods: z.array(z.string()),
  sites: z.array(
    z.object({
      site: z.string(),
      name: z.string(),
      submissions: z.array(
        z.object({
          id: z.number(),
          period: z.string(),
          file: z.string(),
          profile: z.string(),
          protocolVersion: z.string(),
          subjects: z.number(),
          dataRows: z.number(),
          current: z.boolean(),
          problems: z.array(chainKind),
        }),
      ),
      problems: z.array(
        z.object({ kind: chainKind, submissionId: z.number(), period: z.string(), message: z.string() }),
      ),
    }),
  ),
});
export type SponsorStatus = z.infer<typeof sponsorStatusSchema>;

export const studyTablesSchema = z.object({
  study: z.string(),
  protocolVersion: z.string(),
  generatedAt: z.string(),
  tables: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      columns: z.array(z.object({ id: z.string(), label: z.string(), numFmt: z.string().optional() })),
      rows: z.array(z.array(cell)),
    }),
  ),
});
export type StudyTablesView = z.infer<typeof studyTablesSchema>;
export type StudyTableView = StudyTablesView['tables'][number];

export const sponsorQuerySchema = z.object({
  id: z.number(),
  site: z.string(),
  subjectId: z.string(),
  event: z.string(),
  form: z.string(),
  instance: z.number().nullable(),
  field: z.string().nullable(),
  text: z.string(),
  status: z.enum(['open', 'answered', 'closed']),
  round: z.number(),
  raisedAt: z.string(),
  updatedAt: z.string(),
  raisedBy: z.string().nullable(),
});
export type SponsorQueryRow = z.infer<typeof sponsorQuerySchema>;

export const sponsorContract = {
  /** What is open, and who the user said they are (null until the "Your name" prompt). */
  'sponsor.info': {
    input: empty,
    output: z.object({
      study: z.string(),
      title: z.string(),
      store: z.string(),
      versions: z.array(z.string()),
      user: z.string().nullable(),
    }),
  },
  /** The "Your name" prompt at open: the author of the queries raised, closed or re-opened here. */
  'sponsor.setUser': { input: z.object({ name }).strict(), output: z.object({ user: z.string() }) },
  'sponsor.status': { input: empty, output: sponsorStatusSchema },
  /** One workbook, as `sitecrf sponsor import` takes it; a refusal is an error whose message says why. */
  'sponsor.import': {
    input: z
      .object({
        name: z
          .string()
          .min(1)
          .max(200, 'a file name of at most 200 characters')
          .regex(/\.xlsx$/i, 'a workbook (.xlsx)'),
        data: z
          .string()
          .min(1, 'the workbook is empty')
          .max(MAX_WORKBOOK_BASE64, `a workbook of at most ${MAX_WORKBOOK_BYTES / 1024 / 1024} MiB`)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
      })
      .strict(),
    output: z.object({
      status: z.enum(['imported', 'duplicate']),
      message: z.string(),
      site: z.string(),
      period: z.string(),
      submissionId: z.number(),
    }),
  },
  'sponsor.tables': { input: empty, output: studyTablesSchema },
  /** What a query can be raised on: the pooled subjects, the study's events and the Dictionary's forms. */
  'sponsor.queryTargets': {
    input: empty,
    output: z.object({
      subjects: z.array(z.object({ id: z.string(), site: z.string() })),
      events: z.array(z.object({ id: z.string(), label: z.string(), forms: z.array(z.string()) })),
      forms: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
    }),
  },
  'sponsor.queries': { input: empty, output: z.array(sponsorQuerySchema) },
  'sponsor.raiseQuery': {
    input: z
      .object({
        subject: code,
        event: code,
        form: code,
        field: code.optional(),
        instance: z.number().int().min(1).max(10_000).optional(),
        text: z.string().trim().min(1, 'the query needs text').max(2000, 'at most 2000 characters'),
      })
      .strict(),
    output: z.object({ id: z.number(), site: z.string() }),
  },
  'sponsor.setQueryStatus': {
    input: z
      .object({
        id: z.number().int().positive(),
        to: z.enum(['closed', 'open']),
        text: z.string().max(2000, 'at most 2000 characters').optional(),
      })
      .strict(),
    output: ok,
  },
  /** The file `sitecrf sponsor queries --site` writes, as text for the screen to download. */
  'sponsor.queriesFile': {
    input: z.object({ site: code }).strict(),
    output: z.object({ name: z.string(), text: z.string(), queries: z.number() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type SponsorContract = typeof sponsorContract;
export type SponsorChannel = keyof SponsorContract;
export type SponsorInput<C extends SponsorChannel> = z.input<SponsorContract[C]['input']>;
export type SponsorOutput<C extends SponsorChannel> = z.output<SponsorContract[C]['output']>;
export const SPONSOR_CHANNELS = Object.keys(sponsorContract) as SponsorChannel[];
