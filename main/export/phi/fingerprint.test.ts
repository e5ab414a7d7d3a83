import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scannerFingerprint } from './fingerprint';

describe('the scanner fingerprint', () => {
  it('is a SHA-256, the same on every call, and its folder has the rule modules and lists it hashes', () => {
    const a = scannerFingerprint();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(scannerFingerprint()).toBe(a);
    const here = readdirSync(fileURLToPath(new URL('./', import.meta.url)));
    expect(here).toContain('patterns.ts');
    expect(readdirSync(fileURLToPath(new URL('./data/', import.meta.url)))).toContain('surnames.txt');
  });
});
