/**
 * Opening the sponsor's DuckDB store. A store is made by `sponsor init` for one study and says
 * so in store_meta; opening anything else (another program's DuckDB file, a store of another
 * format version) is refused before a table is touched.
 */
import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { CrfError } from '../../shared/errors';
import { SCHEMA_SQL, STORE_FORMAT, STORE_VERSION } from './schema';

export type Row = Record<string, unknown>;

export class Store {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
  ) {}

  static async open(path: string, opts: { create?: boolean } = {}): Promise<Store> {
    const exists = existsSync(path);
    if (!exists && !opts.create)
      throw new CrfError({
        code: 'NOT_FOUND',
        field: 'store',
        rule: 'exists',
        message: `${path}: no such store (make one with sitecrf sponsor init --store ${path} ...)`,
      });
    if (exists && opts.create)
      throw new CrfError({ code: 'CONFLICT', field: 'store', rule: 'new', message: `${path} already exists` });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (e) {
      throw new CrfError({
        code: 'VALIDATION',
        field: 'store',
        rule: 'duckdb',
        message: `${path}: not a DuckDB store (${(e as Error).message.split('\n')[0]})`,
      });
    }
    const store = new Store(path, instance, await instance.connect());
    if (opts.create) {
      await store.conn.run(SCHEMA_SQL);
      await store.conn.run('INSERT INTO store_meta VALUES ($1, $2), ($3, $4)', [
        'format',
        STORE_FORMAT,
        'store_version',
        String(STORE_VERSION),
      ]);
    } else {
      const meta = await store.meta().catch(() => ({}) as Record<string, string>);
      if (meta.format !== STORE_FORMAT || meta.store_version !== String(STORE_VERSION)) {
        store.close();
        throw new CrfError({
          code: 'VALIDATION',
          field: 'store',
          rule: 'format',
          message: `${path}: not a SiteCRF sponsor store of version ${STORE_VERSION}`,
        });
      }
    }
    return store;
  }

  async meta(): Promise<Record<string, string>> {
    const rows = await this.all('SELECT key, value FROM store_meta');
    return Object.fromEntries(rows.map((r) => [String(r.key), String(r.value)]));
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.conn.run('INSERT OR REPLACE INTO store_meta VALUES ($1, $2)', [key, value]);
  }

  /** The study this store pools (set by `sponsor init`). */
  async studyId(): Promise<string> {
    const id = (await this.meta()).study;
    if (!id) throw new CrfError({ code: 'VALIDATION', field: 'store', rule: 'study', message: 'store has no study' });
    return id;
  }

  async all(sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
    const r = await this.conn.runAndReadAll(sql, params);
    return r.getRowObjectsJS() as Row[];
  }

  async run(sql: string, params: DuckDBValue[] = []): Promise<void> {
    await this.conn.run(sql, params);
  }

  /** One transaction: everything or nothing (a refused file changes nothing). */
  async tx<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.conn.run('COMMIT');
      return out;
    } catch (e) {
      await this.conn.run('ROLLBACK');
      throw e;
    }
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
