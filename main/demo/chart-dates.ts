/** Dates as clinicians type them in notes: the shapes the export's PHI scanner must recognise. */
import { MONTH_NAMES } from '../../shared/dates';
import type { Rng } from './random';

/** An ISO date in one of the shapes found in charts. */
export function dateInNote(rng: Rng, iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  const month = MONTH_NAMES[m - 1]!;
  return rng.weighted([
    [`${m}/${d}/${y}`, 4],
    [`${mm}/${dd}/${String(y).slice(2)}`, 3],
    [`${mm}/${dd}/${y}`, 2],
    [`${m}/${d}`, 2],
    [`${month.slice(0, 3)} ${d}`, 1],
    [`${month} ${d}, ${y}`, 1],
    [`${d} ${month.slice(0, 3)} ${y}`, 1],
    [iso, 1],
  ] as const);
}
