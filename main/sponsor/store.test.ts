import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from './store';

const dir = mkdtempSync(join(tmpdir(), 'sitecrf-store-'));

describe('the sponsor store', () => {
  it('is created with its tables and reopens', async () => {
    const path = join(dir, 'a.duckdb');
    const s = await Store.open(path, { create: true });
    const tables = (await s.all("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).map(
      (r) => r.table_name,
    );
    expect(tables).toEqual(
      expect.arrayContaining(['submissions', 'submission_sheets', 'sheet_rows', 'row_changes', 'current_rows']),
    );
    s.close();
    const again = await Store.open(path);
    expect((await again.meta()).format).toBe('sitecrf-sponsor-store');
    again.close();
  });

  it('refuses a missing store, an existing one to create, and a file that is not a store', async () => {
    await expect(Store.open(join(dir, 'none.duckdb'))).rejects.toThrow(/no such store/);
    const path = join(dir, 'b.duckdb');
    (await Store.open(path, { create: true })).close();
    await expect(Store.open(path, { create: true })).rejects.toThrow(/already exists/);
    const junk = join(dir, 'junk.duckdb');
    writeFileSync(junk, 'not a database at all, just text'.repeat(200));
    await expect(Store.open(junk)).rejects.toThrow(/not a DuckDB store/);
  });

  it('rolls a failed transaction back whole', async () => {
    const s = await Store.open(join(dir, 'c.duckdb'), { create: true });
    await expect(
      s.tx(async () => {
        await s.run("INSERT INTO store_meta VALUES ('x', '1')");
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await s.meta()).x).toBeUndefined();
    s.close();
  });
});
