import { defineConfig } from 'vitest/config';

// End to end: the built renderer in Debian's Chromium against the browser host. One file at a
// time (2 cores; each file starts its own host and browser), long timeouts for cold starts.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
