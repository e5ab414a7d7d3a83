/**
 * `sitecrf enter` entries may carry a `key` (issue 11): the keys of applied entries are kept,
 * in the same transaction as the entry's own writes, so that a rerun after a fault part-way
 * skips what was committed instead of registering its subjects again. The subject an entry
 * registered is kept too, so that a skipped `register` still gives its alias to later entries.
 * Re-runnable: a file that has the table is left as it is.
 */
import type { Migration } from './migration';

const sql = `
CREATE TABLE IF NOT EXISTS entry_keys (
  key TEXT PRIMARY KEY,
  subject_id TEXT,
  applied_at TEXT NOT NULL,
  applied_by TEXT NOT NULL
) STRICT;
`;

export const migration: Migration = {
  version: 6,
  name: 'add-entry-keys',
  up(db) {
    db.exec(sql);
  },
};
