/**
 * The sponsor's pooled store: one DuckDB file per study. Every imported workbook is kept whole
 * (its Cover, sheet hashes and every row), so the history of a site is the list of its
 * submissions and the pooled study is each site's current submission. The rows are generic
 * (`data` is the row as a JSON object keyed by the sheet's column codes): the store knows no
 * study's field names, it learns them from the Dictionary sheet. Documented in
 * /work/notes/sponsor.md and the README ("The sponsor's store").
 */
export const STORE_FORMAT = 'sitecrf-sponsor-store';
export const STORE_VERSION = 1;

/** Sheets every submission workbook has that are not subject data (submission-workbook.md). */
export const STRUCTURAL_SHEETS = ['Cover', 'Summary', 'Changes', 'Queries', 'Dictionary'] as const;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS protocol_versions (
  version VARCHAR PRIMARY KEY,
  learned_from VARCHAR NOT NULL,
  dictionary_sha256 VARCHAR NOT NULL,
  learned_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS dictionary (
  version VARCHAR NOT NULL, row_no INTEGER NOT NULL, form VARCHAR NOT NULL, field VARCHAR NOT NULL,
  label VARCHAR, type VARCHAR, unit VARCHAR, codes VARCHAR, range VARCHAR, required VARCHAR,
  show_if VARCHAR, phi VARCHAR, export_rule VARCHAR, export_columns VARCHAR,
  PRIMARY KEY (version, form, field)
);
CREATE SEQUENCE IF NOT EXISTS submission_ids START 1;
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY DEFAULT nextval('submission_ids'),
  site VARCHAR NOT NULL, site_name VARCHAR NOT NULL, period VARCHAR NOT NULL,
  protocol_version VARCHAR NOT NULL, profile VARCHAR NOT NULL,
  cutoff VARCHAR NOT NULL, exported_at VARCHAR NOT NULL, app_version VARCHAR NOT NULL,
  schema_version INTEGER NOT NULL, subjects INTEGER NOT NULL,
  file_name VARCHAR NOT NULL, file_sha256 VARCHAR NOT NULL UNIQUE, cover_sha256 VARCHAR NOT NULL,
  previous_period VARCHAR, previous_file VARCHAR, previous_sha256 VARCHAR,
  previous_id INTEGER,
  is_current BOOLEAN NOT NULL,
  imported_at TIMESTAMP NOT NULL,
  cover JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS submission_sheets (
  submission_id INTEGER NOT NULL, sheet VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, rows INTEGER NOT NULL,
  PRIMARY KEY (submission_id, sheet)
);
CREATE TABLE IF NOT EXISTS sheet_rows (
  submission_id INTEGER NOT NULL, site VARCHAR NOT NULL, sheet VARCHAR NOT NULL, row_no INTEGER NOT NULL,
  subject_id VARCHAR, instance INTEGER, data JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS row_changes (
  submission_id INTEGER NOT NULL, previous_id INTEGER NOT NULL, site VARCHAR NOT NULL, sheet VARCHAR NOT NULL,
  subject_id VARCHAR NOT NULL, instance INTEGER, column_code VARCHAR, change VARCHAR NOT NULL,
  in_changes_sheet BOOLEAN NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS sponsor_query_ids START 1;
CREATE TABLE IF NOT EXISTS sponsor_queries (
  id INTEGER PRIMARY KEY DEFAULT nextval('sponsor_query_ids'),
  site VARCHAR NOT NULL, subject_id VARCHAR NOT NULL, event VARCHAR NOT NULL, form VARCHAR NOT NULL,
  instance INTEGER, field VARCHAR, text VARCHAR NOT NULL,
  status VARCHAR NOT NULL, raised_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
  round INTEGER NOT NULL DEFAULT 1, site_query_id INTEGER, seen_in_submission INTEGER,
  raised_by VARCHAR
);
CREATE TABLE IF NOT EXISTS sponsor_query_events (
  query_id INTEGER NOT NULL, happened_at TIMESTAMP NOT NULL, action VARCHAR NOT NULL, detail VARCHAR,
  actor VARCHAR
);
CREATE OR REPLACE VIEW current_rows AS
  SELECT r.* FROM sheet_rows r JOIN submissions s ON s.id = r.submission_id WHERE s.is_current;
`;
