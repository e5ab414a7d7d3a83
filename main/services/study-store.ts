/**
 * The study a site database runs is the definition stored in it (issue 12): stored with its
 * SHA-256 when the database is created or amended, checked and loaded at every unlock, never
 * re-read from a file or taken from the build. Every version the site has run stays stored.
 */
import { createHash } from 'node:crypto';
import { CrfError } from '../../shared/errors';
import { loadProtocol, type Study } from '../../shared/protocol/load';
import { checkStudyText } from '../../shared/protocol/study-file';
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';
import { plural } from '../../shared/plural';

export interface StudyVersionRow {
  version: string;
  sha256: string;
  installedAt: string;
  installedBy: string;
  reason: string | null;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Loaded studies by the SHA-256 of their text: unlocking again does not re-check the same file. */
const loaded = new Map<string, Study>();

/**
 * A study file's text → its study, or a VALIDATION error whose issues name every problem by its
 * JSON path (`$.forms[2].fields[0].type`) and rule, so a screen can list them all.
 */
export function studyFromText(text: string, field = 'study'): Study {
  const r = checkStudyText(text);
  if (r.ok) return r.study;
  throw new CrfError({
    code: 'VALIDATION',
    field,
    rule: 'studyFile',
    message: `The study file has ${plural(r.errors.length, 'error')}: ${r.errors
      .slice(0, 3)
      .map((e) => `${e.path}: ${e.message}`)
      .join('; ')}${r.errors.length > 3 ? '; …' : ''}`,
    issues: r.errors.map((e) => ({ field: e.path, rule: e.rule, severity: 'error' as const, message: e.message })),
  });
}

export function insertStudyVersion(
  db: Db,
  v: { text: string; version: string; at: string; by: string; reason: string | null },
): string {
  const sha = sha256Hex(v.text);
  db.prepare(
    'INSERT INTO study_versions (version, definition, sha256, installed_at, installed_by, reason) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(v.version, v.text, sha, v.at, v.by, v.reason);
  db.prepare(
    `INSERT INTO meta (key, value) VALUES ('protocol_version', ?)
              ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(v.version);
  return sha;
}

export function studyVersions(db: Db): StudyVersionRow[] {
  return (
    db
      .prepare(
        'SELECT version, sha256, installed_at, installed_by, reason FROM study_versions ORDER BY installed_at, rowid',
      )
      .all() as { version: string; sha256: string; installed_at: string; installed_by: string; reason: string | null }[]
  ).map((r) => ({
    version: r.version,
    sha256: r.sha256,
    installedAt: r.installed_at,
    installedBy: r.installed_by,
    reason: r.reason,
  }));
}

export function currentProtocolVersion(db: Db): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'protocol_version'`).get() as
    { value: string } | undefined;
  if (!row) throw new CrfError({ code: 'DAMAGED', message: 'The database records no protocol version' });
  return row.value;
}

/** The stored definition of the database's current version, its hash checked, loaded. */
export function storedStudy(db: Db): { study: Study; sha256: string; text: string } {
  const version = currentProtocolVersion(db);
  const row = db.prepare('SELECT definition, sha256 FROM study_versions WHERE version = ?').get(version) as
    { definition: string; sha256: string } | undefined;
  if (!row)
    throw new CrfError({
      code: 'DAMAGED',
      message: `The database runs protocol version ${version} but does not hold its definition`,
    });
  const sha = sha256Hex(row.definition);
  if (sha !== row.sha256)
    throw new CrfError({
      code: 'DAMAGED',
      message: `The stored definition of protocol version ${version} does not match its SHA-256: it was changed outside SiteCRF`,
    });
  let study = loaded.get(sha);
  if (!study) {
    study = loadProtocol(JSON.parse(row.definition.replace(/^\uFEFF/, '')));
    loaded.set(sha, study);
  }
  const id = (db.prepare(`SELECT value FROM meta WHERE key = 'study'`).get() as { value: string } | undefined)?.value;
  if (id !== undefined && study.def.id !== id)
    throw new CrfError({
      code: 'DAMAGED',
      message: `The database is for study ${id} but its stored definition is study ${study.def.id}`,
    });
  if (study.def.version !== version)
    throw new CrfError({
      code: 'DAMAGED',
      message: `The stored definition of protocol version ${version} says it is version ${study.def.version}`,
    });
  return { study, sha256: sha, text: row.definition };
}

/**
 * Every protocol version the site has run, in the order installed, each with its definition
 * (hash-checked like the running one): the ODM export writes a MetaDataVersion for each.
 */
export function storedStudyVersions(db: Db): { version: string; sha256: string; study: Study }[] {
  const rows = db
    .prepare('SELECT version, definition, sha256 FROM study_versions ORDER BY installed_at, rowid')
    .all() as { version: string; definition: string; sha256: string }[];
  return rows.map((row) => {
    const sha = sha256Hex(row.definition);
    if (sha !== row.sha256)
      throw new CrfError({
        code: 'DAMAGED',
        message: `The stored definition of protocol version ${row.version} does not match its SHA-256: it was changed outside SiteCRF`,
      });
    let study = loaded.get(sha);
    if (!study) {
      study = loadProtocol(JSON.parse(row.definition.replace(/^\uFEFF/, '')));
      loaded.set(sha, study);
    }
    if (study.def.version !== row.version)
      throw new CrfError({
        code: 'DAMAGED',
        message: `The stored definition of protocol version ${row.version} says it is version ${study.def.version}`,
      });
    return { version: row.version, sha256: sha, study };
  });
}

/** The SHA-256 of the stored definition of one protocol version (the casebook shows its first 12 digits). */
export function studyVersionSha256(db: Db, version: string): string {
  const row = stmt(db, 'SELECT sha256 FROM study_versions WHERE version = ?').get(version) as
    { sha256: string } | undefined;
  if (!row)
    throw new CrfError({
      code: 'DAMAGED',
      message: `The database runs protocol version ${version} but does not hold its definition`,
    });
  return row.sha256;
}

/** How many form instances were last saved under each protocol version. */
export function formsByProtocolVersion(db: Db): { version: string; forms: number }[] {
  return db
    .prepare(`SELECT coalesce(protocol_version, '') AS version, count(*) AS forms FROM forms GROUP BY 1 ORDER BY 1`)
    .all() as { version: string; forms: number }[];
}

/**
 * A save under a version the database no longer runs (another process amended the study since
 * this session opened) is refused: each instance must record the version its values obey.
 */
export function requireCurrentStudy(db: Db, running: Study): void {
  const row = stmt(db, `SELECT value FROM meta WHERE key = 'protocol_version'`).get() as { value: string } | undefined;
  if (row?.value !== running.def.version)
    throw new CrfError({
      code: 'CONFLICT',
      rule: 'protocolVersion',
      message: `The study was amended to version ${row?.value ?? '?'} since you logged in (this session runs ${running.def.version}): log in again`,
    });
}
