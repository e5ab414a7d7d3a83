/**
 * The `demo` section of a study definition: what the synthetic-data generator needs to know about
 * this study beyond its forms (issue 12). The generic planner (main/demo/planner) fills every
 * form from the definition alone; this section only adds study knowledge: distributions, shares,
 * phrase lists and the demo network's sites. Conditions are the protocol's own (`when`), so the
 * demo has no expression language of its own.
 *
 * Built by a factory that takes the protocol's schemas, so schema.ts and this module do not
 * import each other.
 */
import { z } from 'zod';
import type { Condition, FieldRef, MissingCode } from './schema';

interface Deps {
  id: z.ZodType<string>;
  fieldRef: z.ZodType<FieldRef>;
  condition: z.ZodType<Condition>;
  missingCode: z.ZodType<MissingCode>;
}

const share = z.number().min(0, 'a share is from 0 to 1').max(1, 'a share is from 0 to 1');
/** code → weight (choice, yes/no) or code → probability (multi). */
const weights = z.record(z.string().min(1), z.number().nonnegative('a weight is 0 or more'));

/** A template's placeholder: `@list`, or `[FORM.]field` with an optional `:label` (groups: form, field, label). */
export const TEMPLATE_SLOT = /\{(@[A-Za-z0-9_]+|(?:([A-Za-z0-9_]+)\.)?([A-Za-z0-9_]+)(:label)?)\}/g;

/** The ways a field's value can be drawn; one per field rule. */
export const DRAW_KINDS = ['normal', 'uniform', 'codes', 'text', 'days', 'value', 'copy', 'sets'] as const;

export function demoSpecSchemaOf(d: Deps) {
  const fieldRule = z
    .object({
      form: d.id,
      event: d.id.optional(),
      field: d.id,
      /** The rule applies when this holds in the subject's casebook so far (first matching rule wins). */
      when: d.condition.optional(),
      /** The rule applies only to the subjects a scenario's quota chose (demo.scenarios). */
      scenario: d.id.optional(),
      /**
       * Observed mean and SD (an integer with a range is calibrated so the rounded, clamped draws have
       * them); `min` and `max` narrow the field's range for the draw (cement volumes stay 2–10 mL
       * where the form accepts 0.5–30).
       */
      normal: z
        .object({ mean: z.number(), sd: z.number().positive(), min: z.number().optional(), max: z.number().optional() })
        .strict()
        .optional(),
      uniform: z.object({ min: z.number(), max: z.number() }).strict().optional(),
      /** Choice or yes/no: a weight per code. Multi: the chance that each code is ticked. */
      codes: weights.optional(),
      /**
       * Phrases or templates: `{first}`, `{last}`, `{age}`, `{mrn}`, `{phone}`, `{doctor}`, `{field_id}`
       * (this form's), `{FORM.field}` (planned before), `{…:label}` (a code's label), `{@list}` (demo.phrases).
       */
      text: z.array(z.string().min(1)).min(1).optional(),
      /** A date this many days after (negative: before) `from`, by default the index date. */
      days: z.object({ min: z.number().int(), max: z.number().int(), from: d.fieldRef.optional() }).strict().optional(),
      /**
       * Another field's value planned before (a chain: the analgesics after are those before); for a
       * multi, with codes taken away and added. Nothing to copy, or nothing left: drawn as usual.
       */
      copy: z
        .object({
          from: d.fieldRef,
          remove: z.array(z.string().min(1)).optional(),
          add: z.array(z.string().min(1)).optional(),
        })
        .strict()
        .optional(),
      /** Multi: whole combinations of codes, each with a weight (a scan is MRI, or MRI and CT, …). */
      sets: z
        .array(
          z
            .object({ codes: z.array(z.string().min(1)).min(1, 'a set has a code'), weight: z.number().nonnegative() })
            .strict(),
        )
        .min(1)
        .optional(),
      /** A fixed value. */
      value: z.union([z.string(), z.number(), z.array(z.string())]).optional(),
      /** The share answered when the field is optional (default 0.85). */
      fill: share.optional(),
      /** A share of the answers given as a missing-data code instead. */
      missing: z.object({ code: d.missingCode, share }).strict().optional(),
    })
    .strict()
    .superRefine((r, ctx) => {
      const kinds = DRAW_KINDS.filter((k) => r[k] !== undefined);
      if (kinds.length > 1)
        ctx.addIssue({
          code: 'custom',
          path: [kinds[1]!],
          params: { rule: 'oneDraw' },
          message: `one way to draw a value per rule, not ${kinds.join(' and ')}`,
        });
      if (r.uniform && r.uniform.min > r.uniform.max)
        ctx.addIssue({ code: 'custom', path: ['uniform'], params: { rule: 'range' }, message: 'min ≤ max' });
      if (r.normal?.min !== undefined && r.normal.max !== undefined && r.normal.min > r.normal.max)
        ctx.addIssue({ code: 'custom', path: ['normal'], params: { rule: 'range' }, message: 'min ≤ max' });
      if (r.days && r.days.min > r.days.max)
        ctx.addIssue({ code: 'custom', path: ['days'], params: { rule: 'range' }, message: 'min ≤ max' });
    });

  const eventRule = z
    .object({
      /** The share of subjects whose visit is entered once it is due (default 0.92). */
      entered: share.optional(),
      /** Repeating events: how many instances a subject has, as count → weight (default none). */
      count: z.record(z.string().regex(/^\d+$/, 'a count is a whole number'), z.number().nonnegative()).optional(),
      /**
       * Repeating events: instances added for each subject a scenario chose, planned under that
       * scenario's field rules (which apply to those instances only).
       */
      scenarios: z
        .record(d.id, z.number().int('a whole number of instances').positive('1 or more instances'))
        .optional(),
      /**
       * The visit's day from the index date as weighted ranges (most visits in the window, a few
       * outside it, as sites keep them); by default a day within the event's window.
       */
      days: z
        .array(
          z
            .object({ min: z.number().int(), max: z.number().int(), weight: z.number().nonnegative() })
            .strict()
            .refine((r) => r.min <= r.max, { path: ['min'], params: { rule: 'range' }, message: 'min ≤ max' }),
        )
        .min(1, 'at least one range')
        .optional(),
      /** The share of subjects no longer followed after this visit (lost to follow-up). */
      lost: share.optional(),
    })
    .strict();

  /** Exactly `count` subjects per `per`, and at least one in a run of `atLeastOneFrom` or more. */
  const quota = z
    .object({
      count: z.number().int('count: a whole number').positive('count: 1 or more').default(1),
      per: z.number().int('per: a whole number').positive('per: 1 or more'),
      atLeastOneFrom: z.number().int('atLeastOneFrom: a whole number').positive('atLeastOneFrom: 1 or more').optional(),
    })
    .strict()
    .refine((q) => q.count <= q.per, { path: ['count'], params: { rule: 'range' }, message: 'count ≤ per' });

  const network = z
    .object({
      /** The sites and their share of the cohort. */
      sites: z
        .array(z.object({ code: z.string().regex(/^[A-Z]{2,6}$/), share: z.number().positive() }).strict())
        .min(1),
      /** The cohort's size by default. */
      subjects: z.number().int().positive(),
      /** Exact counts per code of the grouping field (`stratifyBy`), scaled to the cohort's size. */
      groups: z.record(z.string().min(1), z.number().int().nonnegative()).optional(),
    })
    .strict();

  const siteShape = z
    .object({
      code: z.string().regex(/^[A-Z]{2,6}$/, 'a site code: 2 to 6 capital letters'),
      /** The hospital's name, as notes mention it. */
      hospital: z.string().min(1),
      /** How the hospital writes a record number: `#` a digit, `%` a digit 1–9, anything else as written. */
      mrn: z.string().min(1).max(20),
      areaCodes: z.array(z.string().regex(/^\d{3}$/, 'an area code: 3 digits')).min(1),
      /** ZIP codes of the site's patients (the export keeps their first three digits). */
      zips: z.array(z.string().regex(/^\d{5}$/, 'a ZIP code: 5 digits')).min(1),
    })
    .strict();

  return z
    .object({
      /** A plug-in that fills this study's forms in code instead of the generic planner. */
      generator: d.id.optional(),
      /** Named parameters of that plug-in. */
      params: z.record(z.string(), z.union([z.number(), z.string(), z.array(z.number())])).default({}),
      /** Index dates fall over this many days before today (default 3 years). */
      indexSpanDays: z.number().int().positive().optional(),
      /** Age at the index date, where a birth date is planned (default: within the ageAt check). */
      age: z.object({ mean: z.number(), sd: z.number().positive() }).strict().optional(),
      /** The share of women among synthetic people (names, pronouns). */
      female: share.optional(),
      /** The field that records a person's sex, and its codes for a woman and a man. */
      sexField: z
        .object({ form: d.id, event: d.id.optional(), field: d.id, female: z.string().min(1), male: z.string().min(1) })
        .strict()
        .optional(),
      /** People by the grouping field's code (stratifyBy): the group is drawn first, then the person. */
      groups: z
        .record(
          z.string().min(1),
          z
            .object({
              female: share.optional(),
              age: z.object({ mean: z.number(), sd: z.number().positive() }).strict().optional(),
            })
            .strict(),
        )
        .optional(),
      /** The share of subjects withdrawn after entry, and the reasons given. */
      withdrawn: share.optional(),
      withdrawReasons: z.array(z.string().min(1)).min(1).optional(),
      /** The share of subjects with one form left as a draft (an answer missing). */
      drafts: share.optional(),
      events: z.record(d.id, eventRule).optional(),
      /** Phrase lists a text template names as `{@list}`; each phrase is itself a template. */
      phrases: z.record(d.id, z.array(z.string().min(1)).min(1, 'a phrase list has a phrase')).optional(),
      /** Rare cases given to a quota of the run's subjects; a field rule names one with `scenario`. */
      scenarios: z.record(d.id, quota).optional(),
      fields: z.array(fieldRule).default([]),
      /** Each site's patients: where they live, their phones, the shape of the hospital's record numbers. */
      sites: z.array(siteShape).optional(),
      network: network.optional(),
    })
    .strict();
}

export type DemoSpec = z.infer<ReturnType<typeof demoSpecSchemaOf>>;
export type DemoFieldRule = DemoSpec['fields'][number];
