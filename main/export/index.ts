/** The export's public API: the submission workbook, its read-back, and the profiles. */
export { exportSubmission, submissionFileName, type ExportOptions, type ExportResult } from './workbook-writer';
export { readSubmission, runRead, type ReadResult, type HashMismatch } from './workbook-reader';
export {
  PROFILES,
  PROFILE_IDS,
  DEFAULT_PROFILE,
  ruleTexts,
  isProfileId,
  type Profile,
  type ProfileId,
} from './profiles';
export { deidentifySubject, type ExportRows } from './deidentify';
export { computeSummary, type Summary, type SummarySubject, type SummaryContext } from './summary';
export { APP_LABEL, APP_VERSION } from './app-version';
