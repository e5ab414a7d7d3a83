/**
 * demo-network's options for the sponsor bench: the cohort shared equally over the six sites,
 * and a network built in parts (only some sites per process) that holds the same subjects as
 * the network built whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateNetwork } from '../../main/demo/network';
import { readSubmission } from '../../main/export/workbook-reader';
import { NETWORK_ADMIN, NETWORK_KDF, NETWORK_NOW } from '../support/network-fixture';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const build = (onlySites?: string[]) => {
  const outDir = mkdtempSync(join(tmpdir(), 'sitecrf-network-parts-'));
  dirs.push(outDir);
  return generateNetwork({
    outDir,
    months: 1,
    subjects: 18,
    seed: 'parts',
    equalShares: true,
    onlySites,
    admin: NETWORK_ADMIN,
    now: NETWORK_NOW,
    kdf: NETWORK_KDF,
  });
};

describe('demo-network in equal shares and in parts', () => {
  it('gives every site the same count, and a part holds what the whole network holds for its sites', async () => {
    const whole = await build();
    expect(whole.sites.map((s) => s.subjects)).toEqual([3, 3, 3, 3, 3, 3]);
    const part = await build(['WUH', 'NCR']);
    expect(part.sites.map((s) => [s.code, s.subjects])).toEqual([
      ['WUH', 3],
      ['NCR', 3],
    ]);
    for (const code of ['WUH', 'NCR']) {
      const a = await readSubmission(whole.sites.find((s) => s.code === code)!.workbooks[0]!);
      const b = await readSubmission(part.sites.find((s) => s.code === code)!.workbooks[0]!);
      expect(b.hashCheck.ok).toBe(true);
      for (const sheet of ['REG', 'PROC', 'Derived']) {
        expect(b.sheets[sheet]!.length).toBeGreaterThan(0);
        expect(b.sheets[sheet]).toEqual(a.sheets[sheet]);
      }
    }
  }, 300_000);
});
