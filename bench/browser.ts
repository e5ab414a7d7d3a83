/** Browser timings need the renderer's end-to-end harness; measured once it exists (see README). */
import type { Measure } from './measure';

export async function measureBrowser(_dir: string, _db: string): Promise<Measure[]> {
  return [];
}
