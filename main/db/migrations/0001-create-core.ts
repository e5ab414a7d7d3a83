/** The site database's first schema: site, users, subjects, forms, the audit trail, drafts. */
import type { Migration } from './migration';

const sql = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE sites (code TEXT PRIMARY KEY, name TEXT NOT NULL) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  full_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('coordinator','investigator','monitor','admin')),
  active INTEGER NOT NULL DEFAULT 1,
  lock_minutes INTEGER NOT NULL DEFAULT 15,
  created_at TEXT NOT NULL
) STRICT;

-- Subject ids come from a counter that only grows: a withdrawn subject's id is never reused.
CREATE TABLE subjects (
  id INTEGER PRIMARY KEY,
  subject_id TEXT NOT NULL UNIQUE,
  seq INTEGER NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','withdrawn')),
  withdrawn_reason TEXT,
  withdrawn_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  lookup TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE forms (
  id INTEGER PRIMARY KEY,
  subject INTEGER NOT NULL REFERENCES subjects(id),
  event TEXT NOT NULL,
  form TEXT NOT NULL,
  instance INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft','complete','verified','signed','locked')),
  locked_from TEXT,
  signed_from TEXT,
  data TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (subject, event, form, instance)
) STRICT;

CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  action TEXT NOT NULL,
  subject_id TEXT,
  event TEXT,
  form TEXT,
  instance INTEGER,
  field TEXT,
  old_value TEXT,
  new_value TEXT,
  reason TEXT,
  detail TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_subject ON audit (subject_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- What a user typed and has not saved yet: not a recorded value, so not in the audit trail.
CREATE TABLE drafts (
  user_id INTEGER NOT NULL REFERENCES users(id),
  subject INTEGER NOT NULL REFERENCES subjects(id),
  event TEXT NOT NULL,
  form TEXT NOT NULL,
  instance INTEGER NOT NULL,
  data TEXT NOT NULL,
  base_version INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, subject, event, form, instance)
) STRICT;
`;

export const migration: Migration = { version: 1, name: 'create-core', up: (db) => db.exec(sql) };
