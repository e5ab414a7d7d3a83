/** Shapes that cross the boundary, shared by the contract's inputs and outputs. */
import { z } from 'zod';
import { fieldValueSchema } from '../protocol/schema';
import { ROLES } from '../roles';
import { FORM_STATUSES, QUERY_STATUSES } from '../status';

export const id = z.string().min(1).max(64);
export const subjectIdSchema = z.string().regex(/^[A-Z]{2,6}-\d{4,}$/, 'a subject id like MMC-0042');
export const text = (max: number) => z.string().max(max);
export const roleSchema = z.enum(ROLES);
export const formStatusSchema = z.enum(['empty', ...FORM_STATUSES]);

export const formKeySchema = z
  .object({ subjectId: subjectIdSchema, event: id, form: id, instance: z.number().int().min(1).max(10_000).optional() })
  .strict();

/** Raw values as typed: anything the engine's normaliser accepts; main validates them field by field. */
export const rawValuesSchema = z.record(
  z.string().max(64),
  z.union([
    z.string().max(10_000),
    z.number(),
    z.array(z.string().max(200)).max(50),
    z.object({ missing: z.string().max(8) }).strict(),
    z.null(),
  ]),
);

export const issueSchema = z.object({
  field: z.string().optional(),
  label: z.string().optional(),
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

export const formStateSchema = z.object({
  subjectId: z.string(),
  event: z.string(),
  form: z.string(),
  instance: z.number(),
  status: formStatusSchema,
  values: z.record(z.string(), fieldValueSchema),
  version: z.number(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** The last save of its data (the row's updatedBy may be a monitor's verification). */
  saved: z.object({ at: z.string(), by: z.string() }).nullable(),
  /** The verification in force, when the form is verified. */
  verified: z.object({ at: z.string(), by: z.string() }).nullable(),
  /** The protocol version the instance was last saved under (null: never saved). */
  protocolVersion: z.string().nullable(),
  visible: z.record(z.string(), z.boolean()),
  issues: z.array(issueSchema),
  /** Identifier fields this role may not see: their values are left out. */
  withheld: z.array(z.string()),
});

export const subjectSummarySchema = z.object({
  subjectId: z.string(),
  status: z.enum(['active', 'withdrawn']),
  withdrawnReason: z.string().nullable(),
  createdAt: z.string(),
});

export const userInfoSchema = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  role: roleSchema,
  active: z.boolean(),
  lockMinutes: z.number(),
  createdAt: z.string(),
});

export const password = z.string().min(1).max(200);
export const reason = z.string().max(500);

/** A query with its thread, as every screen and the CLI see it. */
export const queryMessageSchema = z.object({
  id: z.number(),
  username: z.string(),
  at: z.string(),
  action: z.string(),
  text: z.string(),
});
export const queryViewSchema = z.object({
  id: z.number(),
  subjectId: z.string(),
  event: z.string().nullable(),
  form: z.string().nullable(),
  instance: z.number().nullable(),
  field: z.string().nullable(),
  rule: z.string().nullable(),
  status: z.enum(QUERY_STATUSES),
  openedBy: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  messages: z.array(queryMessageSchema),
});
export type QueryMessage = z.infer<typeof queryMessageSchema>;
export type QueryView = z.infer<typeof queryViewSchema>;

/** The subjects table: one row per subject with each form's status (a record status dashboard). */
export const dashboardSchema = z.object({
  columns: z.array(
    z.object({ key: z.string(), event: z.string(), form: z.string(), label: z.string(), repeating: z.boolean() }),
  ),
  stratumLabel: z.string().nullable(),
  strata: z.array(z.object({ code: z.string(), label: z.string() })),
  rows: z.array(
    z.object({
      subjectId: z.string(),
      status: z.enum(['active', 'withdrawn']),
      stratum: z.string().nullable(),
      forms: z.record(z.string(), z.string()),
      counts: z.record(z.string(), z.number()),
      /** Queries awaiting the site; `answeredQueries` await the monitor. */
      openQueries: z.number(),
      answeredQueries: z.number(),
      /** Column keys (`event/form`) of the reader's unsaved drafts of this subject. */
      drafts: z.array(z.string()),
      overdue: z.array(z.string()),
      name: z.string().optional(),
      mrn: z.string().optional(),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
export type DashboardRow = Dashboard['rows'][number];

/** One change of a field, from the audit trail (identifier values withheld where the role may not see them). */
export const fieldChangeSchema = z.object({
  at: z.string(),
  user: z.string(),
  action: z.string(),
  field: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  reason: z.string().nullable(),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export type SubjectSummary = z.infer<typeof subjectSummarySchema>;
