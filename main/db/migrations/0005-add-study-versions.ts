/**
 * The study definition lives in the database (issue 12): every version the site has run, as the
 * file's text with its SHA-256, and each form instance names the version it was last saved under.
 * A database made before this runs the study compiled into the build by its id: that definition
 * is stored as its first version, and its forms are marked with the version the database recorded.
 * Re-runnable: a file that has the table and the column is left as it is.
 */
import { createHash } from 'node:crypto';
import type { Migration } from './migration';

const sql = `
CREATE TABLE IF NOT EXISTS study_versions (
  version TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  installed_at TEXT NOT NULL,
  installed_by TEXT NOT NULL,
  reason TEXT
) STRICT;
`;

export const migration: Migration = {
  version: 5,
  name: 'add-study-versions',
  up(db, hooks) {
    db.exec(sql);
    const cols = db.prepare(`SELECT name FROM pragma_table_info('forms')`).all() as { name: string }[];
    if (!cols.some((c) => c.name === 'protocol_version')) db.exec('ALTER TABLE forms ADD COLUMN protocol_version TEXT');
    const meta = (key: string) =>
      (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
    const study = meta('study');
    const version = meta('protocol_version');
    // A new database has no meta yet: site creation stores its definition itself.
    if (!study || !version) return;
    if (!db.prepare('SELECT 1 FROM study_versions LIMIT 1').get()) {
      const text = hooks.studyText(study);
      db.prepare(
        'INSERT INTO study_versions (version, definition, sha256, installed_at, installed_by, reason) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(
        version,
        text,
        createHash('sha256').update(text, 'utf8').digest('hex'),
        new Date().toISOString(),
        'migration',
        `the study ${study} this build shipped, stored when the database was upgraded`,
      );
    }
    db.prepare('UPDATE forms SET protocol_version = ? WHERE protocol_version IS NULL').run(version);
  },
};
