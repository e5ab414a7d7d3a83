/**
 * The subjects table carries the few values the subjects table screen needs (stratum, index
 * date, and for site staff the name and MRN), kept in step on every save, so listing 10,000
 * subjects never reads a form's data. Statuses come from a covering index.
 * Existing rows are filled from the protocol's references by `backfillSubjectColumns`.
 */
export const up = `
ALTER TABLE subjects ADD COLUMN stratum TEXT;
ALTER TABLE subjects ADD COLUMN index_date TEXT;
ALTER TABLE subjects ADD COLUMN display_name TEXT;
ALTER TABLE subjects ADD COLUMN mrn TEXT;
CREATE INDEX forms_status ON forms (subject, event, form, instance, status);
INSERT INTO meta (key, value) VALUES ('subject_columns', 'pending');
`;
