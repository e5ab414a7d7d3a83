/** Long exports give the event loop a turn now and then, so the app keeps answering while they run. */
import { setImmediate as immediate } from 'node:timers/promises';

export const YIELD_EVERY = 200;

export function yieldToEventLoop(): Promise<void> {
  return immediate();
}
