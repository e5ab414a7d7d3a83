/**
 * The protocol definition language. A study is data checked by these schemas at load:
 * screens, validation, export, dictionary and statistics are all generated from it.
 * Conditions and expressions are structured objects, never strings that get evaluated.
 */
import { z } from 'zod';
import { demoSpecSchemaOf } from './demo-schema';

export const MISSING_CODES = ['NA', 'UNK', 'ND'] as const;
export const missingCodeSchema = z.enum(MISSING_CODES);
export type MissingCode = z.infer<typeof missingCodeSchema>;
export const MISSING_LABELS: Record<MissingCode, string> = {
  NA: 'Not applicable',
  UNK: 'Unknown / not recorded in the chart',
  ND: 'Not done',
};

export const PHI_CLASSES = ['none', 'direct', 'date', 'birthdate', 'geo', 'freetext'] as const;
export const phiClassSchema = z.enum(PHI_CLASSES);
export type PhiClass = z.infer<typeof phiClassSchema>;

export const FIELD_TYPES = ['text', 'int', 'decimal', 'date', 'choice', 'multi', 'yesno', 'computed'] as const;
export const fieldTypeSchema = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof fieldTypeSchema>;

const idSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'identifier: a letter then letters, digits or _');

/** A value as stored: text, number, ISO date string, code, code list, or a missing-data code. */
export type FieldValue = string | number | string[] | { missing: MissingCode } | null;
export const fieldValueSchema: z.ZodType<FieldValue> = z.union([
  z.string(),
  z.number(),
  z.array(z.string()),
  z.object({ missing: missingCodeSchema }).strict(),
  z.null(),
]);

/**
 * A reference to a field. Without `form` it names a field of the same form instance; with
 * `form` (and `event` when the form occurs at several events) a field elsewhere in the
 * subject's casebook. A reference to a repeating form means "any instance".
 */
export const fieldRefSchema = z
  .object({ field: idSchema, form: idSchema.optional(), event: idSchema.optional() })
  .strict();
export type FieldRef = z.infer<typeof fieldRefSchema>;

const scalarSchema = z.union([z.string(), z.number()]);

/**
 * Ordered comparisons with a constant (REDCap's `< <= > >=`): a number for a number field, an ISO
 * date for a date field. A blank or coded-missing value never satisfies one.
 */
export const COMPARE_KEYS = ['lt', 'le', 'gt', 'ge'] as const;
export type CompareKey = (typeof COMPARE_KEYS)[number];

export type Condition =
  | (FieldRef & { eq: string | number })
  | (FieldRef & { ne: string | number })
  | (FieldRef & { in: (string | number)[] })
  | (FieldRef & { filled: boolean })
  | (FieldRef & { lt: number | string })
  | (FieldRef & { le: number | string })
  | (FieldRef & { gt: number | string })
  | (FieldRef & { ge: number | string })
  | { formExists: { form: string; event?: string } }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    fieldRefSchema.extend({ eq: scalarSchema }).strict(),
    fieldRefSchema.extend({ ne: scalarSchema }).strict(),
    fieldRefSchema.extend({ in: z.array(scalarSchema).min(1) }).strict(),
    fieldRefSchema.extend({ filled: z.boolean() }).strict(),
    fieldRefSchema.extend({ lt: scalarSchema }).strict(),
    fieldRefSchema.extend({ le: scalarSchema }).strict(),
    fieldRefSchema.extend({ gt: scalarSchema }).strict(),
    fieldRefSchema.extend({ ge: scalarSchema }).strict(),
    z.object({ formExists: z.object({ form: idSchema, event: idSchema.optional() }).strict() }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

/** The binary arithmetic of computed fields, and their rounding functions. */
export const ARITH_OPS = ['sub', 'add', 'mul', 'div', 'pow'] as const;
export type ArithOp = (typeof ARITH_OPS)[number];
export const ROUND_OPS = ['round', 'roundup', 'rounddown'] as const;
export type RoundOp = (typeof ROUND_OPS)[number];

/** Expressions for computed fields and derived values: a tiny structured language, no eval. */
export type Expr =
  | { ref: FieldRef }
  | { const: number | string }
  | { op: 'subjectId' }
  | { op: ArithOp; args: [Expr, Expr] }
  | { op: RoundOp; arg: Expr; digits: number }
  | { op: 'abs'; arg: Expr }
  | { op: 'daysBetween'; from: Expr; to: Expr }
  | { op: 'yearsBetween'; from: Expr; to: Expr }
  | { op: 'le' | 'lt' | 'ge' | 'gt' | 'eq'; args: [Expr, Expr] }
  | { op: 'allEq'; args: Expr[]; value: string };

export const isArith = (e: Expr): e is Extract<Expr, { op: ArithOp }> =>
  'op' in e && (ARITH_OPS as readonly string[]).includes(e.op);
export const isRoundOp = (name: string): name is RoundOp => (ROUND_OPS as readonly string[]).includes(name);

export const exprSchema: z.ZodType<Expr> = z.lazy(() =>
  z.union([
    z.object({ ref: fieldRefSchema }).strict(),
    z.object({ const: scalarSchema }).strict(),
    z.object({ op: z.literal('subjectId') }).strict(),
    z.object({ op: z.enum(ARITH_OPS), args: z.tuple([exprSchema, exprSchema]) }).strict(),
    z
      .object({
        op: z.enum(ROUND_OPS),
        arg: exprSchema,
        digits: z.number().int().min(0).max(10),
      })
      .strict(),
    z.object({ op: z.literal('abs'), arg: exprSchema }).strict(),
    z.object({ op: z.enum(['daysBetween', 'yearsBetween']), from: exprSchema, to: exprSchema }).strict(),
    z.object({ op: z.enum(['le', 'lt', 'ge', 'gt', 'eq']), args: z.tuple([exprSchema, exprSchema]) }).strict(),
    z.object({ op: z.literal('allEq'), args: z.array(exprSchema).min(1), value: z.string() }).strict(),
  ]),
) as z.ZodType<Expr>;

export const severitySchema = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof severitySchema>;

/** Per-field checks beyond type, range and codes. */
export const fieldCheckSchema = z.discriminatedUnion('rule', [
  z
    .object({
      rule: z.literal('compare'),
      op: z.enum(['<', '<=', '>', '>=']),
      ref: fieldRefSchema,
      severity: severitySchema.default('error'),
      message: z.string().optional(),
    })
    .strict(),
  z.object({ rule: z.literal('notFuture'), severity: severitySchema.default('error') }).strict(),
  z
    .object({
      rule: z.literal('ageAt'),
      ref: fieldRefSchema,
      min: z.number().int(),
      max: z.number().int(),
      severity: severitySchema.default('error'),
    })
    .strict(),
  /** The date must fall inside the window of the event the form is entered at. */
  z.object({ rule: z.literal('eventWindow'), severity: severitySchema.default('warning') }).strict(),
  /** Choosing this code excludes every other code of a multi field. */
  z.object({ rule: z.literal('exclusiveCode'), code: z.string() }).strict(),
]);
export type FieldCheck = z.infer<typeof fieldCheckSchema>;

export const codeSchema = z.object({ code: z.string().min(1), label: z.string().min(1) }).strict();
export type Code = z.infer<typeof codeSchema>;

export const fieldSchema = z
  .object({
    id: idSchema,
    label: z.string().min(1),
    type: fieldTypeSchema,
    phi: phiClassSchema,
    unit: z.string().optional(),
    help: z.string().optional(),
    codes: z.array(codeSchema).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    decimals: z.number().int().min(0).max(6).optional(),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().positive().optional(),
    pattern: z.object({ regex: z.string(), description: z.string() }).strict().optional(),
    required: z.boolean().default(false),
    requiredIf: conditionSchema.optional(),
    showIf: conditionSchema.optional(),
    checks: z.array(fieldCheckSchema).default([]),
    compute: exprSchema.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if ((f.type === 'choice' || f.type === 'multi') && !f.codes?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['codes'],
        params: { rule: 'codesRequired' },
        message: `field ${f.id}: a ${f.type} field needs codes`,
      });
    if (f.type === 'computed' && !f.compute)
      ctx.addIssue({
        code: 'custom',
        path: ['compute'],
        params: { rule: 'computeRequired' },
        message: `field ${f.id}: a computed field needs compute`,
      });
    if (f.type !== 'computed' && f.compute)
      ctx.addIssue({
        code: 'custom',
        path: ['compute'],
        params: { rule: 'computeNotAllowed' },
        message: `field ${f.id}: only computed fields take compute`,
      });
  });
export type FieldDef = z.infer<typeof fieldSchema>;

export const formSchema = z
  .object({
    id: idSchema,
    label: z.string().min(1),
    repeating: z.boolean().default(false),
    fields: z.array(fieldSchema).min(1),
  })
  .strict();
export type FormDef = z.infer<typeof formSchema>;

/** A visit window in whole days relative to the index date; an open end has no bound. */
export const windowSchema = z
  .object({
    minDays: z.number().int().optional(),
    maxDays: z.number().int().optional(),
    /** For an open-ended window (≥ 330 days): when the visit counts as overdue. */
    overdueAfterDays: z.number().int().optional(),
    severity: severitySchema.default('warning'),
  })
  .strict();

export const eventSchema = z
  .object({
    id: idSchema,
    label: z.string().min(1),
    forms: z.array(idSchema).min(1),
    /** A repeating event is not a visit: its forms (such as AE) may be added at any time. */
    repeating: z.boolean().default(false),
    window: windowSchema.optional(),
    /** Shown in the casebook and in the follow-up worklist when the event has a due window. */
    followUp: z.boolean().default(false),
  })
  .strict();
export type EventDef = z.infer<typeof eventSchema>;

export const crossRuleSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('datesOnOrAfter'),
      id: idSchema,
      ref: fieldRefSchema,
      message: z.string(),
      severity: severitySchema.default('error'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('datesNotFuture'),
      id: idSchema,
      message: z.string(),
      severity: severitySchema.default('error'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('compare'),
      id: idSchema,
      left: fieldRefSchema,
      op: z.enum(['<', '<=', '>', '>=']),
      right: fieldRefSchema,
      message: z.string(),
      severity: severitySchema.default('error'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('implies'),
      id: idSchema,
      when: conditionSchema,
      then: conditionSchema,
      message: z.string(),
      severity: severitySchema.default('error'),
    })
    .strict(),
]);
export type CrossRule = z.infer<typeof crossRuleSchema>;

export const derivedSchema = z
  .object({
    id: idSchema,
    label: z.string().min(1),
    type: z.enum(['int', 'decimal', 'yesno']),
    unit: z.string().optional(),
    expr: exprSchema,
    /** Values above this are exported as `<topCode+1>+` (Safe Harbor: ages over 89). */
    topCode: z.number().int().optional(),
  })
  .strict();
export type DerivedDef = z.infer<typeof derivedSchema>;

export const siteSchema = z.object({ code: z.string().regex(/^[A-Z]{2,6}$/), name: z.string().min(1) }).strict();
export type SiteDef = z.infer<typeof siteSchema>;

type FormRef = FieldRef & { form: string };
const formRefSchema: z.ZodType<FormRef> = fieldRefSchema.required({ form: true });

/** How the index date is named wherever it is shown or counted from. */
export const indexWordingSchema = z
  .object({
    /** Shown beside the subject ("Procedure date 03/04/2025"); default: the index field's label. */
    label: z.string().min(1).optional(),
    /** Completes "days from …" in every day-offset column ("the procedure"). */
    anchor: z.string().min(1).optional(),
    /** The export column of the index date's year (default `index_year`). */
    yearColumn: idSchema.optional(),
  })
  .strict();
export type IndexWording = z.infer<typeof indexWordingSchema>;

/**
 * What an identifier is, declared rather than guessed from its field name: the PHI scan looks
 * for each kind in its own way, and the site's subject look-up shows the record number and name.
 */
export const IDENTIFIER_ROLES = [
  'recordNumber',
  'lastName',
  'firstName',
  'fullName',
  'phone',
  'birthDate',
  'zip',
  'other',
] as const;
export const identifierRoleSchema = z.enum(IDENTIFIER_ROLES);
export type IdentifierRole = z.infer<typeof identifierRoleSchema>;
export const identifierRefSchema = z
  .object({
    field: idSchema,
    form: idSchema,
    event: idSchema.optional(),
    /** Default: `birthDate` for a birthdate field, `zip` for a geo field, otherwise `other`. */
    role: identifierRoleSchema.optional(),
  })
  .strict();
export type IdentifierRef = z.infer<typeof identifierRefSchema>;

/** The age that stands in for the birth date in a de-identified export. */
export const ageSchema = z
  .object({
    /** A derived value (yearsBetween birth date and index date) that is the age; its topCode applies. */
    derived: idSchema,
  })
  .strict();

/** A time point's id becomes part of a measure name (`vas_1m`): letters, digits or _. */
const pointIdSchema = z.string().regex(/^[A-Za-z0-9_]+$/, 'time point: letters, digits or _');

/** An outcome measured before and at later time points, compared with a paired t-test. */
export const outcomeSpecSchema = z
  .object({
    id: idSchema,
    label: z.string().min(1),
    pre: formRefSchema,
    /** The label of the pre value's time point ("before"). */
    preLabel: z.string().min(1).default('before'),
    post: z.array(z.object({ id: pointIdSchema, label: z.string().min(1), ref: formRefSchema }).strict()).min(1),
  })
  .strict();

/** A responder at a time point: the outcome fell by at least `minDrop` from its pre value. */
export const responderSpecSchema = z
  .object({
    id: idSchema,
    label: z.string().min(1),
    /** The id of a post time point of the outcome. */
    post: pointIdSchema,
    minDrop: z.number(),
    /** The derived value that states the same rule per subject, when the protocol has one. */
    derived: idSchema.optional(),
  })
  .strict();

/** What the Summary sheet, the Reports screen and the sponsor's report tabulate. */
export const summarySpecSchema = z
  .object({
    outcome: outcomeSpecSchema.optional(),
    /** Choice fields counted per code and group. */
    counts: z.array(formRefSchema).default([]),
    /**
     * More patient characteristics for the sponsor's study tables (after `counts`): codes counted,
     * numbers described (n, mean, SD), by group and overall.
     */
    characteristics: z.array(formRefSchema).default([]),
    /** Categorical outcomes at the follow-ups (such as a change of medication), counted per group. */
    changes: z.array(formRefSchema).default([]),
    /**
     * How complications are graded: which codes of the grade field are major and which minor; the
     * sponsor's tables also count them by the term field and the relation field, when named.
     */
    complications: z
      .object({
        form: idSchema,
        gradeField: idSchema,
        major: z.array(z.string()).min(1),
        minor: z.array(z.string()),
        termField: idSchema.optional(),
        relationField: idSchema.optional(),
      })
      .strict()
      .optional(),
    responders: z.array(responderSpecSchema).default([]),
  })
  .strict();
export type SummarySpec = z.infer<typeof summarySpecSchema>;

/** The synthetic-data generator's knowledge of this study, where it has any (demo-schema.ts). */
export const demoSpecSchema = demoSpecSchemaOf({
  id: idSchema,
  fieldRef: fieldRefSchema,
  condition: conditionSchema,
  missingCode: missingCodeSchema,
});

export const protocolSchema = z
  .object({
    /** Where an editor finds the JSON Schema of a study file (ignored by the app). */
    $schema: z.string().optional(),
    id: idSchema,
    title: z.string().min(1),
    version: z.string().min(1),
    sites: z.array(siteSchema).min(1),
    /** The date every window and day offset is counted from (the index procedure). */
    indexDate: fieldRefSchema.required({ form: true }),
    index: indexWordingSchema.default({}),
    birthDate: fieldRefSchema.required({ form: true }).optional(),
    /** Identifiers the PHI scanner searches free text for (REG's name, MRN, phone, birth date). */
    identifierFields: z.array(identifierRefSchema).default([]),
    /** Fields used to look a subject up at the site (identified, local only). */
    lookupFields: z.array(fieldRefSchema.required({ form: true })).default([]),
    /** The field that splits the statistics and the subjects table (SACRO: the indication). */
    stratifyBy: fieldRefSchema.required({ form: true }).optional(),
    /** Fields a site user needs to call a patient for follow-up (identified, site only). */
    contactFields: z.array(fieldRefSchema.required({ form: true })).default([]),
    /** True once the subject has died: no further follow-up is due. */
    deathCondition: conditionSchema.optional(),
    events: z.array(eventSchema).min(1),
    forms: z.array(formSchema).min(1),
    crossRules: z.array(crossRuleSchema).default([]),
    derived: z.array(derivedSchema).default([]),
    age: ageSchema.optional(),
    summary: summarySpecSchema.default({ counts: [], characteristics: [], changes: [], responders: [] }),
    demo: demoSpecSchema.optional(),
  })
  .strict();
export type Protocol = z.infer<typeof protocolSchema>;
export type ProtocolInput = z.input<typeof protocolSchema>;
