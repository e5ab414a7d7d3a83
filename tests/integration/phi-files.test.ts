/**
 * Issue 11, exports: files that hold PHI are the owner's only (0600) from their first byte,
 * the .partial included, and the host removes what a crashed export left behind when it starts.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSubmission } from '../../main/export/workbook-writer';
import { writeWorklistFile } from '../../main/ipc/worklist-file';
import { startHost } from '../../main/host/server';
import { createFixture, type Fixture } from '../support/export-fixture';
import { CHEAP_KDF } from '../support/ipc';

let fx: Fixture;
beforeAll(() => {
  fx = createFixture();
});
afterAll(() => fx.admin.close());

const mode = (p: string): number => statSync(p).mode & 0o777;

describe('PHI files', () => {
  it.each(['identified', 'limited'] as const)('a %s export and its .partial are 0600', async (profile) => {
    const out = join(fx.dir, `modes-${profile}`);
    const partialModes: number[] = [];
    const r = await exportSubmission(fx.coordinator, {
      period: '2026-10',
      profile,
      outDir: out,
      onProgress: () => {
        for (const f of readdirSync(out).filter((x) => x.endsWith('.partial'))) partialModes.push(mode(join(out, f)));
      },
    });
    expect(partialModes.length).toBeGreaterThan(0);
    expect(new Set(partialModes)).toEqual(new Set([0o600]));
    expect(mode(r.file)).toBe(0o600);
  });

  it('the follow-up worklist is 0600', async () => {
    const w = await writeWorklistFile(fx.coordinator, join(fx.dir, 'worklist'));
    expect(w.file).toMatch(/_PHI\.xlsx$/);
    expect(mode(w.file)).toBe(0o600);
  });
});

describe('leftovers of a crashed export', () => {
  it('are removed when the host starts; finished files stay', async () => {
    const data = join(fx.dir, 'host-data');
    const exports = join(data, 'exports');
    mkdirSync(exports, { recursive: true });
    const planted = [
      '.SACRO_MMC_2026-10_identified_PHI.xlsx.1a2b3c4d.partial',
      '.SACRO_MMC_2026-10_safe-harbor.xlsx.1a2b3c4d.REG.spool',
      'SACRO_MMC_worklist_20261020T120000_PHI.xlsx.partial',
    ];
    for (const f of planted) writeFileSync(join(exports, f), 'PHI of a crashed run');
    writeFileSync(join(exports, 'SACRO_MMC_2026-09_safe-harbor.xlsx'), 'a finished export');
    const lines: string[] = [];
    const host = await startHost({ dataDir: data, kdf: CHEAP_KDF, log: (l) => lines.push(l) });
    await host.close();
    expect(readdirSync(exports)).toEqual(['SACRO_MMC_2026-09_safe-harbor.xlsx']);
    expect(lines.join('\n')).toMatch(/removed 3 unfinished export file/);
  });
});
