/**
 * The casebook as the screens receive it: one subject's events, windows, forms, rules, derived
 * values and signatures, and a kept draft. The services take their types from these schemas
 * (z.infer), so the answer and its contract cannot drift apart.
 */
import { z } from 'zod';
import { formStatusSchema, subjectSummarySchema } from './schemas';
import { windowStateSchema } from './views';

export const windowSchema = z.object({
  event: z.string(),
  label: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  overdueAfter: z.string().nullable(),
  state: windowStateSchema,
});
export const ruleResultSchema = z.object({
  id: z.string(),
  severity: z.enum(['error', 'warning']),
  ok: z.boolean(),
  message: z.string(),
  where: z.array(z.string()).optional(),
});
export const signatureInfoSchema = z.object({
  username: z.string(),
  fullName: z.string(),
  role: z.string(),
  meaning: z.string(),
  signedAt: z.string(),
});
/** A signature as recorded; voidedAt, voidedBy (a username) and voidReason are set once an edit voided it. */
export const signatureRecordSchema = signatureInfoSchema.extend({
  id: z.number(),
  voidedAt: z.string().nullable(),
  voidedBy: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export const casebookViewSchema = z.object({
  subject: subjectSummarySchema,
  identity: z.object({ name: z.string(), mrn: z.string() }).nullable(),
  indexDate: z.string().nullable(),
  events: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      repeating: z.boolean(),
      window: windowSchema,
      forms: z.array(
        z.object({
          form: z.string(),
          label: z.string(),
          instance: z.number(),
          status: formStatusSchema,
          version: z.number(),
          updatedAt: z.string().nullable(),
          updatedBy: z.string().nullable(),
          /** The protocol version this instance was last saved under (null: never saved). */
          protocolVersion: z.string().nullable(),
          errors: z.number(),
          warnings: z.number(),
          /** Queries awaiting the site; answered ones (awaiting the monitor) are counted apart. */
          openQueries: z.number(),
          answeredQueries: z.number(),
          /** The reader has an unsaved draft of this form (kept after a crash or a closed window). */
          draft: z.boolean(),
        }),
      ),
    }),
  ),
  /** The protocol version the site runs and the SHA-256 of its stored definition (the screen shows 12 digits). */
  protocol: z.object({ version: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  rules: z.array(ruleResultSchema),
  derived: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** The signature in force. */
  signature: signatureInfoSchema.nullable(),
  /** Every signature of the subject, newest first, voided ones included. */
  signatures: z.array(signatureRecordSchema),
  openQueries: z.number(),
  answeredQueries: z.number(),
  /** The reader's unsaved drafts of this subject (instance 0: a new repeating instance). */
  drafts: z.array(z.object({ event: z.string(), form: z.string(), instance: z.number(), updatedAt: z.string() })),
});
export const draftSchema = z.object({
  subjectId: z.string(),
  event: z.string(),
  form: z.string(),
  instance: z.number(),
  values: z.record(z.string(), z.unknown()),
  baseVersion: z.number(),
  updatedAt: z.string(),
  differs: z.array(z.string()),
});

export type CasebookView = z.infer<typeof casebookViewSchema>;
export type CasebookEvent = CasebookView['events'][number];
export type CasebookForm = CasebookEvent['forms'][number];
export type SignatureInfo = z.infer<typeof signatureInfoSchema>;
export type SignatureRecord = z.infer<typeof signatureRecordSchema>;
export type DraftView = z.infer<typeof draftSchema>;
