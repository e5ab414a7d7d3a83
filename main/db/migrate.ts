import type { Database } from 'better-sqlite3-multiple-ciphers';
import { CrfError } from '../../shared/errors';
import { MIGRATIONS, SCHEMA_VERSION, type MigrationHooks } from './migrations/index';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database, hooks: MigrationHooks): number {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION)
    throw new CrfError({
      code: 'UNSUPPORTED',
      message: `This database uses schema version ${current}, newer than this SiteCRF knows (${SCHEMA_VERSION}): update SiteCRF before opening it`,
    });
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db, hooks);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return SCHEMA_VERSION;
}
