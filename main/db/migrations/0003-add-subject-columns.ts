/**
 * The subjects table carries the few values the subjects table screen needs (stratum, index
 * date, and for site staff the name and MRN), kept in step on every save, so listing 10,000
 * subjects never reads a form's data. Statuses come from a covering index.
 * Existing rows are filled once, here, by the services' writer of those columns (the protocol
 * knows which fields hold them, and main/db may not import the services that read the protocol).
 */
import type { Migration } from './migration';

const sql = `
ALTER TABLE subjects ADD COLUMN stratum TEXT;
ALTER TABLE subjects ADD COLUMN index_date TEXT;
ALTER TABLE subjects ADD COLUMN display_name TEXT;
ALTER TABLE subjects ADD COLUMN mrn TEXT;
CREATE INDEX forms_status ON forms (subject, event, form, instance, status);
`;

export const migration: Migration = {
  version: 3,
  name: 'add-subject-columns',
  up(db, hooks) {
    db.exec(sql);
    hooks.fillSubjectColumns(db);
  },
};
