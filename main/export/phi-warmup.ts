/**
 * The PHI scanner loads its word lists (names, places, English words: several MB) on first use,
 * so the first free-text save of a session paid ~0.5–2 s for them (bench/first-save.ts). The
 * hosts (browser host, Electron) warm the scanner once, soon after they start: deferred past the
 * start itself (the login screen is served first), while the user is still typing a password.
 * It runs on the main thread (the lists are plain Sets that cannot be shared with a worker), once.
 */
import { performance } from 'node:perf_hooks';
import { redactPhi } from './phi/index';

/** Text touching every part of the scan: a name, a place, a phone, a date, clinical words. */
const SAMPLE = 'Spoke with son Jose Smith in Fall River, MA at 631-555-0123 on 03/14/2025 about back pain.';

let warmed: Promise<number> | null = null;

/** Loads the scanner now (sync) and says how long it took; later calls cost nothing. */
export function warmPhiScanner(): number {
  const t0 = performance.now();
  redactPhi(SAMPLE);
  return performance.now() - t0;
}

/** Schedules the warm-up after `delayMs`; resolves with its time in ms. One per process. */
export function warmPhiScannerSoon(delayMs = 200): Promise<number> {
  warmed ??= new Promise((resolve) => {
    const t = setTimeout(() => resolve(warmPhiScanner()), delayMs);
    // A host closing before the warm-up does not wait for it.
    t.unref();
  });
  return warmed;
}

/** The scheduled warm-up's time in ms, or null when none was scheduled in this process. */
export function scannerWarmup(): Promise<number> | null {
  return warmed;
}
