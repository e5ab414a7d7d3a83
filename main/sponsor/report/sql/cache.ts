/**
 * The report's frame kept in the store between reports. Parsing the rows' JSON is most of a
 * report's work, and the current rows change only when an import makes another submission
 * current (rows are only ever appended, a submission's never changed), so the frame is made
 * once per set of current submissions and read again by every report until then. The key is a
 * hash of the frame's own statements (so a change of the specification or of this code makes a
 * new frame), the current submissions' ids and the number of current rows. The key is written
 * last and cleared first, so a frame left half made by a crash is never taken for a whole one.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../../store';
import type { TablesSpec } from '../spec';
import { planFrame, type Frame } from './frame';

const META_KEY = 'report_frame';

const state = z.object({
  ids: z.string().nullable(),
  rows: z.union([z.bigint(), z.number()]).transform(Number),
});

async function keyOf(store: Store, signature: string): Promise<string> {
  const [raw] = await store.all(
    `SELECT (SELECT string_agg(id::VARCHAR, ',' ORDER BY id) FROM submissions WHERE is_current) AS ids,
            (SELECT count(*) FROM current_rows) AS rows`,
  );
  const s = state.parse(raw);
  return createHash('sha256')
    .update(signature)
    .update(`\0${s.ids ?? ''}\0${s.rows}`)
    .digest('hex');
}

const busy = new WeakMap<Store, Promise<unknown>>();

/**
 * Runs fn alone on this store: two reports on one connection (the sponsor screen asking twice)
 * would otherwise make and read the same kept tables at once.
 */
export function oneAtATime<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  const run = (busy.get(store) ?? Promise.resolve()).then(fn, fn);
  busy.set(
    store,
    run.catch(() => undefined),
  );
  return run;
}

/** The frame of the store's current rows: the one kept, or made now and kept. */
export async function cachedFrame(store: Store, spec: TablesSpec): Promise<Frame & { fromCache: boolean }> {
  const plan = planFrame(spec, 'cache', true);
  const key = await keyOf(store, plan.signature);
  const fromCache = (await store.meta())[META_KEY] === key;
  if (!fromCache) {
    await store.run('DELETE FROM store_meta WHERE key = $1', [META_KEY]);
    await plan.build(store);
    await store.setMeta(META_KEY, key);
  }
  return {
    subjects: plan.subjects,
    events: plan.events,
    of: plan.of,
    // Kept for the next report.
    drop: async () => {},
    fromCache,
  };
}
