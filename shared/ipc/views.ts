/**
 * What the report, worklist and export channels answer, as schemas: the contract checks main's
 * answers against them (dispatch `checkOutput`), and the renderer takes its types from them
 * (`z.infer`) instead of keeping copies that drift. Each one mirrors the main-side type named
 * in its comment; tests/integration/ipc-views.test.ts proves it on a demo database.
 */
import { z } from 'zod';
import { PHI_CLASSES } from '../protocol/schema';
import type { WindowState } from '../protocol/windows';

export const WINDOW_STATES = [
  'no_index',
  'upcoming',
  'due',
  'overdue',
  'done',
  'done_out_of_window',
  'not_expected',
  'none',
] as const;
export const windowStateSchema = z.enum(WINDOW_STATES);
// Both directions: a state added to shared/protocol/windows.ts must be added here too.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const windowStatesMatch: Same<z.infer<typeof windowStateSchema>, WindowState> = true;
void windowStatesMatch;

/** main/export/summary.ts `OutcomeStat`: one outcome measure in one stratum. */
export const outcomeStatSchema = z.object({
  measure: z.string(),
  label: z.string(),
  /** The outcome's name and the time point's, as data: the screen never splits `label`. */
  outcome: z.string(),
  point: z.string(),
  stratum: z.string(),
  n: z.number(),
  /** Rounded to 2 decimals by main, as in the workbook. */
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  /** Paired t-test against the pre value (subjects with both); null for the pre row. */
  pairedN: z.number().nullable(),
  /** To 3 significant digits. */
  p: z.number().nullable(),
});
export type OutcomeStat = z.infer<typeof outcomeStatSchema>;

/** main/export/summary.ts `Summary`: reports.summary, the same object the workbook's Summary sheet is written from. */
export const summarySchema = z.object({
  /** The protocol's strata, then `ALL` ("All subjects"). */
  strata: z.array(z.object({ code: z.string(), label: z.string() })),
  enrollment: z.object({
    total: z.number(),
    thisPeriod: z.number(),
    withdrawn: z.number(),
    byStratum: z.record(z.string(), z.number()),
    /** Registrations per calendar month (YYYY-MM), oldest first. */
    byMonth: z.array(z.object({ month: z.string(), n: z.number() })),
  }),
  completeness: z.array(z.object({ event: z.string(), form: z.string(), complete: z.number(), expected: z.number() })),
  outcomes: z.array(outcomeStatSchema),
  counts: z.array(
    z.object({ form: z.string(), field: z.string(), code: z.string(), stratum: z.string(), n: z.number() }),
  ),
  complications: z.array(
    z.object({ stratum: z.string(), major: z.number(), minor: z.number(), subjectsWithMajor: z.number() }),
  ),
  queries: z.object({ open: z.number(), answered: z.number() }),
  overdue: z.array(z.object({ event: z.string(), n: z.number() })),
});
export type Summary = z.infer<typeof summarySchema>;
/** The stratum code of the whole-site rows of a summary (main/export/summary.ts `ALL`). */
export const ALL_SUBJECTS = 'ALL';

/**
 * main/services/worklist.ts `WorklistRow`: one follow-up visit to call about. Identified (the
 * contact fields' values): site roles only. worklist.followUp lists only `due` and `overdue`.
 */
export const worklistRowSchema = z.object({
  subjectId: z.string(),
  event: z.string(),
  eventLabel: z.string(),
  state: windowStateSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  overdueAfter: z.string().nullable(),
  /** Contact field id → value ('' when not entered). */
  contact: z.record(z.string(), z.string()),
});
export type WorklistRow = z.infer<typeof worklistRowSchema>;

/** main/export/profiles.ts `PROFILE_IDS`. */
export const EXPORT_PROFILES = ['safe-harbor', 'safe-harbor-text', 'limited', 'identified'] as const;
export const exportProfileSchema = z.enum(EXPORT_PROFILES);
export type ExportProfileId = z.infer<typeof exportProfileSchema>;
/** What an export writes: the submission workbook, or CDISC ODM 1.3.2 XML. */
export const EXPORT_FORMATS = ['xlsx', 'odm'] as const;
export const exportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** main/ipc/export-channels.ts `export.profiles`: a profile this user may run, with its rules in words. */
export const profileInfoSchema = z.object({
  id: exportProfileSchema,
  purpose: z.string(),
  /** Only a submission becomes "the previous submission" the next one's Changes start after. */
  submission: z.boolean(),
  /** A limited or identified export: a PHI banner in every sheet and PHI in the file name. */
  phi: z.boolean(),
  /** What the profile does to each PHI class, in the words of the workbook's Cover sheet. */
  rules: z.record(z.enum(PHI_CLASSES), z.string()),
  /** Dates leave as entered: only then may the ODM audit trail (its timestamps) go with the file. */
  keepsDates: z.boolean(),
});
export type ProfileInfo = z.infer<typeof profileInfoSchema>;
