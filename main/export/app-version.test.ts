import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_LABEL, APP_VERSION } from './app-version';

describe('app version', () => {
  it('is the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
    expect(APP_LABEL).toBe(`SiteCRF ${pkg.version}`);
  });
});
