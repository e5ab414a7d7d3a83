/**
 * Wrong passwords: after five in a row the next try waits 30 s, doubling with each further
 * failure, at most 15 minutes. Logging in and unlocking an idle session both follow it.
 */
export const MAX_FAILURES = 5;

/** Seconds still to wait after `count` failures in a row, the last at `lastMs`. */
export function lockoutSeconds(count: number, lastMs: number, nowMs: number): number {
  if (count < MAX_FAILURES) return 0;
  const wait = Math.min(30 * 2 ** (count - MAX_FAILURES), 900);
  return Math.max(0, Math.ceil((lastMs + wait * 1000 - nowMs) / 1000));
}
