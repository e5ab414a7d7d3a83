/**
 * Site databases are named, never addressed by path: the renderer (or anything that got hold
 * of the host's token) can open only a `*.sitecrf` that already sits in the data directory.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CrfError } from '../../shared/errors';

export const DB_SUFFIX = '.sitecrf';
/** The same rule as `site.create`'s name: no dots, no separators, so no traversal. */
const NAME = /^[A-Za-z0-9_-]{1,40}$/;

export function listDatabases(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(DB_SUFFIX))
    .map((e) => e.name.slice(0, -DB_SUFFIX.length))
    .filter((n) => NAME.test(n))
    .sort((a, b) => a.localeCompare(b));
}

/** The path of an existing database by its name. */
export function databasePath(dataDir: string, name: string): string {
  if (!NAME.test(name))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'database',
      rule: 'name',
      message: 'A database is named by letters, digits, _ or - (no path)',
    });
  // Membership in the listing (not just the pattern) keeps case-insensitive file systems honest.
  if (!listDatabases(dataDir).includes(name))
    throw new CrfError({ code: 'NOT_FOUND', field: 'database', rule: 'exists', message: `No database ${name}` });
  return join(dataDir, name + DB_SUFFIX);
}

/** The path for a new database; the file must not exist yet (createSiteDatabase checks again). */
export function newDatabasePath(dataDir: string, name: string): string {
  if (!NAME.test(name))
    throw new CrfError({
      code: 'VALIDATION',
      field: 'name',
      rule: 'pattern',
      message: 'A database name is 1–40 letters, digits, _ or -',
    });
  if (listDatabases(dataDir).some((n) => n.toLowerCase() === name.toLowerCase()))
    throw new CrfError({
      code: 'CONFLICT',
      field: 'name',
      rule: 'unique',
      message: `A database named ${name} already exists`,
    });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return join(dataDir, name + DB_SUFFIX);
}
