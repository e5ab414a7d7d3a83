import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * What a migration may ask of the layers above it. A migration that moves data which only the
 * protocol can interpret (which field is the index date) calls back into the services, so that
 * main/db never imports them and the backfill still runs once, inside its migration's transaction.
 */
export interface MigrationHooks {
  /** Writes every subject's look-up columns from its forms. */
  fillSubjectColumns(db: Database): void;
  /** The definition (study file text) of a study this build ships, by its id. */
  studyText(id: string): string;
}

/** One schema step, named NNNN-verb-noun. `up` runs in one transaction with the version bump. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database, hooks: MigrationHooks): void;
}
