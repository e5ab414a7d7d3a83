/**
 * Numbered migrations, applied in order, each in its own transaction. A database whose schema
 * is newer than this build knows is refused rather than opened (style.md).
 */
import { up as m0001 } from './0001-create-core';
import { up as m0002 } from './0002-create-conduct';
import { up as m0003 } from './0003-subject-columns';

export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'create-core', sql: m0001 },
  { version: 2, name: 'create-conduct', sql: m0002 },
  { version: 3, name: 'subject-columns', sql: m0003 },
];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
