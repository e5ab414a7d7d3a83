/** The shell is typed by Electron's own declarations, of the Electron version that is packaged. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe("Electron's declarations", () => {
  it('are those of electron-builder.yml electronVersion', () => {
    const packaged = /^electronVersion:\s*(\S+)/m.exec(readFileSync('electron-builder.yml', 'utf8'))?.[1];
    const declared = /^\/\/ Type definitions for Electron (\S+)/.exec(
      readFileSync('main/electron/types/electron.d.ts', 'utf8'),
    )?.[1];
    expect(packaged).toMatch(/^\d+\.\d+\.\d+$/);
    expect(declared).toBe(packaged);
  });
});
