/** A sponsor store holding workbooks, made and filled the way `sitecrf sponsor init` and `import` do. */
import { join } from 'node:path';
import { importWorkbook } from '../../main/sponsor/import';
import { initStore } from '../../main/sponsor/init';
import type { Store } from '../../main/sponsor/store';

export async function pooledStore(dir: string, files: string[], name = 'study.duckdb'): Promise<Store> {
  const store = await initStore(join(dir, name), files[0]!);
  // In the order given: each site's months oldest first, as the monthly workbooks arrive.
  for (const f of files) await importWorkbook(store, f);
  return store;
}
