/** Study conduct: signatures, queries and their threads, and the record of every export. */
import type { Migration } from './migration';

const sql = `
CREATE TABLE signatures (
  id INTEGER PRIMARY KEY,
  subject INTEGER NOT NULL REFERENCES subjects(id),
  username TEXT NOT NULL,
  full_name TEXT NOT NULL,
  role TEXT NOT NULL,
  meaning TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  voided_at TEXT,
  voided_by TEXT,
  void_reason TEXT
) STRICT;
CREATE INDEX signatures_subject ON signatures (subject);

CREATE TABLE queries (
  id INTEGER PRIMARY KEY,
  subject INTEGER NOT NULL REFERENCES subjects(id),
  event TEXT,
  form TEXT,
  instance INTEGER,
  field TEXT,
  rule TEXT,
  status TEXT NOT NULL CHECK (status IN ('open','answered','closed')),
  opened_by TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  answered_at TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX queries_subject ON queries (subject, status);

CREATE TABLE query_messages (
  id INTEGER PRIMARY KEY,
  query INTEGER NOT NULL REFERENCES queries(id),
  username TEXT NOT NULL,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  text TEXT NOT NULL
) STRICT;
CREATE INDEX query_messages_query ON query_messages (query);

-- An accounting of disclosures; a submission's last audit id marks where the next Changes start.
CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  profile TEXT NOT NULL,
  period TEXT NOT NULL,
  cutoff TEXT NOT NULL,
  submission INTEGER NOT NULL,
  subjects INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  sheet_hashes TEXT NOT NULL,
  last_audit_id INTEGER NOT NULL
) STRICT;
`;

export const migration: Migration = { version: 2, name: 'create-conduct', up: (db) => db.exec(sql) };
