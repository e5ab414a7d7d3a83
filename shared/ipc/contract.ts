/**
 * The IPC contract: one table of channels, each with its input and output schema. main/ipc
 * maps each channel to a service call with its role check; main/electron and main/host are two
 * transports of this same table; the renderer uses only the typed client generated from it.
 */
import { z } from 'zod';
import { fieldValueSchema, protocolSchema } from '../protocol/schema';
import {
  formKeySchema,
  formStateSchema,
  id,
  issueSchema,
  queryViewSchema,
  dashboardSchema,
  fieldChangeSchema,
  password,
  rawValuesSchema,
  reason,
  roleSchema,
  subjectIdSchema,
  subjectSummarySchema,
  text,
  userInfoSchema,
} from './schemas';
import { casebookViewSchema, draftSchema, signatureInfoSchema } from './casebook-schemas';
import { exportFormatSchema, exportProfileSchema, profileInfoSchema, summarySchema, worklistRowSchema } from './views';
import { periodSchema } from '../period';
import { reviewDecisionsSchema, reviewPageFields, reviewViewSchema } from './review';
import { SAVE_STATUSES } from '../status';
import { studyChannels } from './study-schemas';

const empty = z.object({}).strict();
/** A study file's text as the first-run screen read it (the host takes bodies up to 1 MiB). */
const studyText = z.string().min(1).max(900_000, 'a study file of at most 900,000 characters');
const studyFileError = z.object({ path: z.string(), rule: z.string(), message: z.string() });
const ok = z.object({ ok: z.literal(true) });

const sessionInfo = z.object({
  user: z.object({
    id: z.number(),
    username: z.string(),
    fullName: z.string(),
    role: roleSchema,
    lockMinutes: z.number(),
  }),
  site: z.object({ code: z.string(), name: z.string() }),
  study: z.object({ id: z.string(), title: z.string(), version: z.string() }),
  locked: z.boolean(),
  /** The site's calendar day as main sees it: the renderer checks dates against this, not its own clock. */
  today: z.string(),
  /** What the login found wrong with the database (older than its own last export, backup or logout; a tampered counter). */
  warnings: z.array(z.string()),
});

const draftKey = z
  .object({ subjectId: subjectIdSchema, event: id, form: id, instance: z.number().int().min(0).max(10_000) })
  .strict();
const chainResult = z.object({
  ok: z.boolean(),
  rows: z.number(),
  badRow: z.number().optional(),
  problem: z.string().optional(),
});
const auditRow = z.object({
  id: z.number(),
  at: z.string(),
  user: z.string(),
  action: z.string(),
  subjectId: z.string().nullable(),
  event: z.string().nullable(),
  form: z.string().nullable(),
  instance: z.number().nullable(),
  field: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
});
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** `public` channels run without a logged-in session (first run, open, login). */
export const contract = {
  'app.status': {
    input: empty,
    output: z.object({
      databases: z.array(z.string()),
      open: z.string().nullable(),
      session: sessionInfo.nullable(),
      sites: z.array(z.object({ code: z.string(), name: z.string() })),
      /** The study this build ships: what a new database runs unless a study file is chosen. */
      shippedStudy: z.object({ id: z.string(), title: z.string(), version: z.string() }),
    }),
    public: true,
  },
  'site.create': {
    input: z
      .object({
        name: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ or -'),
        siteCode: z.string().regex(/^[A-Z]{2,6}$/),
        admin: z.object({ username: z.string().max(32), fullName: text(100), password }).strict(),
        /** The study file chosen at first run; without it the database runs the shipped study. */
        study: studyText.optional(),
      })
      .strict(),
    output: z.object({ recoveryCode: z.string(), database: z.string() }),
    public: true,
  },
  /** First run: check a study file the admin picked, before creating the database with it. */
  'study.check': {
    input: z.object({ text: studyText }).strict(),
    output: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        study: z.object({
          id: z.string(),
          title: z.string(),
          version: z.string(),
          forms: z.number(),
          sites: z.array(z.object({ code: z.string(), name: z.string() })),
        }),
      }),
      z.object({ ok: z.literal(false), errors: z.array(studyFileError) }),
    ]),
    public: true,
  },
  'auth.login': {
    input: z.object({ database: z.string().max(80), username: z.string().max(32), password }).strict(),
    output: sessionInfo,
    public: true,
  },
  'auth.recover': {
    input: z
      .object({
        database: z.string().max(80),
        username: z.string().max(32),
        recoveryCode: z.string().max(64),
        newPassword: password,
      })
      .strict(),
    // The used recovery code is replaced: the new one is shown once (it is the site's only way back in).
    output: sessionInfo.extend({ newRecoveryCode: z.string() }),
    public: true,
  },
  'auth.logout': { input: empty, output: ok, public: true },
  'auth.lock': { input: empty, output: ok, public: true },
  'auth.unlock': { input: z.object({ password }).strict(), output: sessionInfo, public: true },
  'auth.session': { input: empty, output: sessionInfo.nullable(), public: true },

  /** The study definition as main loaded it (defaults filled in). */
  'protocol.get': { input: empty, output: protocolSchema },

  'subjects.dashboard': { input: empty, output: dashboardSchema },
  'subjects.find': { input: z.object({ query: text(100) }).strict(), output: z.array(subjectSummarySchema) },
  'subjects.register': { input: empty, output: subjectSummarySchema },
  'subjects.withdraw': {
    input: z.object({ subjectId: subjectIdSchema, reason: reason.min(1) }).strict(),
    output: subjectSummarySchema,
  },

  /** An abandoned registration (nothing saved, never exported) goes, with its reason in the audit trail. */
  'subjects.discard': {
    input: z.object({ subjectId: subjectIdSchema, reason: reason.min(1) }).strict(),
    output: z.object({ discarded: z.string() }).strict(),
  },

  'casebook.get': { input: z.object({ subjectId: subjectIdSchema }).strict(), output: casebookViewSchema },
  'forms.get': { input: formKeySchema, output: formStateSchema },
  /** What a form screen needs, in one call: the form, its casebook, the other forms, the draft. */
  'forms.context': {
    input: draftKey,
    output: z.object({
      state: formStateSchema.nullable(),
      view: casebookViewSchema,
      others: z.array(
        z.object({
          event: z.string(),
          form: z.string(),
          instance: z.number(),
          values: z.record(z.string(), fieldValueSchema),
        }),
      ),
      draft: draftSchema.nullable(),
      engineInstance: z.number().int().min(1),
    }),
  },
  'forms.save': {
    input: formKeySchema
      .extend({
        values: rawValuesSchema,
        status: z.enum(SAVE_STATUSES),
        reason: reason.optional(),
        expectedVersion: z.number().int().min(0).optional(),
      })
      .strict(),
    output: z.object({ form: formStateSchema, changed: z.array(z.string()), signatureVoided: z.boolean() }),
  },
  'forms.history': {
    input: formKeySchema.extend({ instance: z.number().int().min(1), field: id.optional() }).strict(),
    output: z.array(fieldChangeSchema),
  },
  'drafts.keep': {
    input: draftKey
      .extend({ values: z.record(z.string().max(64), z.unknown()), baseVersion: z.number().int().min(0) })
      .strict(),
    output: z.object({ updatedAt: z.string() }),
  },
  'drafts.get': { input: draftKey, output: draftSchema.nullable() },
  'drafts.discard': { input: draftKey, output: ok },

  'workflow.verify': {
    input: z
      .object({
        subjectId: subjectIdSchema,
        forms: z
          .array(z.object({ event: id, form: id, instance: z.number().int().min(1) }).strict())
          .max(1000)
          .optional(),
      })
      .strict(),
    output: z.object({
      verified: z.number(),
      /** Complete forms left unverified: a query on them is not closed. */
      skipped: z.array(
        z.object({ event: z.string(), form: z.string(), instance: z.number(), openQueries: z.number() }),
      ),
    }),
  },
  'workflow.sign': { input: z.object({ subjectId: subjectIdSchema, password }).strict(), output: signatureInfoSchema },
  'workflow.lock': {
    input: z.object({ subjectId: subjectIdSchema.optional(), reason: reason.min(1) }).strict(),
    output: z.object({ locked: z.number() }),
  },
  'workflow.unlock': {
    input: z
      .object({
        subjectId: subjectIdSchema,
        event: id,
        form: id,
        instance: z.number().int().min(1),
        reason: reason.min(1),
      })
      .strict(),
    output: z.object({ unlocked: z.number() }),
  },

  'queries.list': {
    input: z
      .object({
        status: z.enum(['open', 'answered', 'closed']).optional(),
        subjectId: subjectIdSchema.optional(),
        form: id.optional(),
      })
      .strict(),
    output: z.array(queryViewSchema),
  },
  'queries.open': {
    input: z
      .object({
        subjectId: subjectIdSchema,
        event: id.optional(),
        form: id.optional(),
        instance: z.number().int().min(1).optional(),
        field: id.optional(),
        text: z.string().min(1).max(2000),
      })
      .strict(),
    output: queryViewSchema,
  },
  'queries.reply': {
    input: z.object({ queryId: z.number().int().min(1), text: z.string().min(1).max(2000) }).strict(),
    output: queryViewSchema,
  },
  'queries.close': {
    input: z.object({ queryId: z.number().int().min(1), text: z.string().max(2000).optional() }).strict(),
    output: queryViewSchema,
  },
  'queries.reopen': {
    input: z.object({ queryId: z.number().int().min(1), text: z.string().min(1).max(2000) }).strict(),
    output: queryViewSchema,
  },
  'queries.raiseFromRules': {
    input: z.object({ subjectId: subjectIdSchema }).strict(),
    output: z.array(queryViewSchema),
  },
  /** The sponsor's queries file (its text, as the user picked it): all or nothing, hashed, for this site and study. */
  'queries.importSponsor': {
    input: z.object({ text: z.string().min(1).max(5_000_000) }).strict(),
    output: z.object({ opened: z.number(), closed: z.number(), reopened: z.number(), unchanged: z.number() }),
  },

  'users.list': { input: empty, output: z.array(userInfoSchema) },
  'users.add': {
    input: z.object({ username: z.string().max(32), fullName: text(100), role: roleSchema, password }).strict(),
    output: userInfoSchema,
  },
  'users.setRole': {
    input: z.object({ username: z.string().max(32), role: roleSchema }).strict(),
    output: userInfoSchema,
  },
  'users.setActive': {
    input: z.object({ username: z.string().max(32), active: z.boolean() }).strict(),
    output: userInfoSchema,
  },
  'users.resetPassword': {
    input: z.object({ username: z.string().max(32), newPassword: password }).strict(),
    output: ok,
  },
  'users.changePassword': {
    input: z.object({ currentPassword: password, newPassword: password }).strict(),
    output: ok,
  },
  'users.setLockMinutes': {
    input: z.object({ minutes: z.number().int().min(1).max(60) }).strict(),
    output: userInfoSchema,
  },

  'audit.list': {
    input: z
      .object({
        subjectId: subjectIdSchema.optional(),
        form: id.optional(),
        user: z.string().max(32).optional(),
        action: z.string().max(40).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        page: z.number().int().min(0).max(1_000_000).default(0),
        pageSize: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    output: z.object({ rows: z.array(auditRow), total: z.number(), chain: chainResult }),
  },
  'worklist.followUp': { input: empty, output: z.array(worklistRowSchema) },
  'reports.summary': { input: empty, output: summarySchema },
  'export.profiles': { input: empty, output: z.array(profileInfoSchema) },
  'export.run': {
    input: z
      .object({
        period: periodSchema,
        profile: exportProfileSchema.default('safe-harbor'),
        /** safe-harbor-text only, and required there: the decisions on the review `export.review` showed */
        review: reviewDecisionsSchema.optional(),
        /** the submission workbook, or the same data as one CDISC ODM 1.3.2 file (`sitecrf export --format odm`) */
        format: exportFormatSchema.default('xlsx'),
        /** odm only: also the Transactional file of the audit trail (a profile that keeps dates) */
        audit: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      format: exportFormatSchema,
      file: z.string(),
      sha256: z.string(),
      /** the workbook's data rows; an ODM file's forms */
      rows: z.number(),
      subjects: z.number(),
      /** odm with audit: the Transactional file of the audit trail and its AuditRecords */
      audit: z.object({ file: z.string(), sha256: z.string(), records: z.number() }).optional(),
      /** what the export record keeps of the review: counts of values, added and removed redactions */
      review: z.object({ items: z.number(), added: z.number(), removed: z.number() }).optional(),
    }),
  },
  /** One page of the free-text values a safe-harbor-text export of this period would send, scanned, redactions marked (raw text: identified access). */
  'export.review': {
    input: z.object({ period: periodSchema, ...reviewPageFields }).strict(),
    output: reviewViewSchema,
  },
  'export.progress': {
    input: empty,
    output: z.object({ running: z.boolean(), done: z.number(), total: z.number(), phase: z.string() }),
  },
  'export.worklist': { input: empty, output: z.object({ file: z.string(), sha256: z.string(), rows: z.number() }) },
  ...studyChannels,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType; public?: boolean }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;
export const CHANNELS = Object.keys(contract) as Channel[];

/** Every channel answers with a result, never a thrown error (custom errors do not survive IPC). */
export const errorSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  rule: z.string().optional(),
  issues: z
    .array(
      issueSchema.extend({
        form: z.string().optional(),
        event: z.string().optional(),
        instance: z.number().optional(),
      }),
    )
    .optional(),
  retryAfterSeconds: z.number().optional(),
});
export type IpcError = z.infer<typeof errorSchema>;
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export { fieldValueSchema };
