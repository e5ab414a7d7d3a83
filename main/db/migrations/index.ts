/**
 * Numbered migrations, applied in order, each in its own transaction. A database whose schema
 * is newer than this build knows is refused rather than opened (style.md).
 */
import { migration as m0001 } from './0001-create-core';
import { migration as m0002 } from './0002-create-conduct';
import { migration as m0003 } from './0003-add-subject-columns';
import { migration as m0004 } from './0004-add-signed-keys';
import { migration as m0005 } from './0005-add-study-versions';
import { migration as m0006 } from './0006-add-entry-keys';
import type { Migration } from './migration';

export type { Migration, MigrationHooks } from './migration';

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
