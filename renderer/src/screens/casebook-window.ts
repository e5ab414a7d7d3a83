/** An event's visit window in words: the state's chip and the date range, in the one date format. */
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { displayDate } from '../../../shared/date-display';

export type EventView = ChannelOutput<'casebook.get'>['events'][number];

export const WINDOW_TEXT: Record<
  EventView['window']['state'],
  { label: string; color: 'default' | 'success' | 'warning' | 'error' | 'info' }
> = {
  // The label names the study's own index date (indexWording), filled in where it is shown.
  no_index: { label: 'Awaiting', color: 'default' },
  upcoming: { label: 'Upcoming', color: 'info' },
  due: { label: 'Due now', color: 'warning' },
  overdue: { label: 'Overdue', color: 'error' },
  done: { label: 'Done', color: 'success' },
  done_out_of_window: { label: 'Done, out of window', color: 'warning' },
  not_expected: { label: 'Not expected (withdrawn or died)', color: 'default' },
  none: { label: '', color: 'default' },
};

export function windowRange(w: EventView['window']): string {
  const d = (x: string | null) => displayDate(x);
  if (!w.from && !w.to) return '';
  if (w.from && w.to) return w.from === w.to ? `on ${d(w.from)}` : `${d(w.from)} – ${d(w.to)}`;
  if (w.from) return `from ${d(w.from)}${w.overdueAfter ? ` (overdue after ${d(w.overdueAfter)})` : ''}`;
  return `by ${d(w.to)}`;
}
