/**
 * How DuckDB's allocator gives memory back, for the sponsor import's process. DuckDB's Linux
 * library links jemalloc, which keeps the pages a transaction or a checkpoint freed, in
 * per-thread arenas, and returns them to the system only as they "decay" while that arena is
 * busy. Measured on `sitecrf sponsor import` of six 10,000-subject workbooks in one process
 * (issue 13): the JavaScript heap stayed near 50 MB and DuckDB's own accounting
 * (duckdb_memory()) near 40 MB, yet the process grew by about 50 MB per workbook, to a peak of
 * 370–400 MB: each workbook's rows were freed at its commit but their pages were kept. Returning
 * freed pages at once (decay 0) keeps the process at its working size, a peak of about 325–340
 * MB, for about 5% more CPU. DuckDB's own settings did not reach it: memory_limit bounds the
 * buffer pool, not these pages, and allocator_flush_threshold and allocator_background_threads
 * purge DuckDB's worker threads, not the threads the Node bindings call it from.
 *
 * Only the import asks for it: the report's queries free and reuse large hash tables, and
 * returning those pages at once cost it about 15% more CPU (first report on 60,000 subjects).
 *
 * jemalloc reads its configuration once, when DuckDB's library is loaded: this must run before
 * @duckdb/node-api is first imported in the process. A configuration the user set (DuckDB's
 * documented DUCKDB_JE_MALLOC_CONF) is kept.
 */
import { createRequire } from 'node:module';

export const RETURN_AT_ONCE = 'dirty_decay_ms:0,muzzy_decay_ms:0';

/** Whether DuckDB's native library is loaded in this process already. */
const duckdbLoaded = (): boolean =>
  Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/@duckdb/node-bindings'));

/**
 * Asks DuckDB's allocator to return freed pages at once; false when it is too late (DuckDB was
 * loaded before) or the user chose their own allocator configuration.
 */
export function returnFreedMemoryAtOnce(): boolean {
  if (duckdbLoaded() || process.env.DUCKDB_JE_MALLOC_CONF !== undefined) return false;
  process.env.DUCKDB_JE_MALLOC_CONF = RETURN_AT_ONCE;
  return true;
}
