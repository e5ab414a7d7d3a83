/**
 * demo-network is a study's, not SACRO's: MINI with a `demo.network` (its two sites, their shares,
 * a cohort split by a grouping field) gets its site databases and chained monthly workbooks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MINI } from '../../tests/fixtures/protocols/mini';
import type { ProtocolInput } from '../../shared/protocol/schema';
import { readSubmission } from '../export/workbook-reader';
import { generateNetwork } from './network';

const KDF = { name: 'scrypt', N: 1024, r: 8, p: 1 } as const;
const ADMIN = { username: 'admin', password: 'network-admin-1' };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("demo-network from a study's definition", () => {
  it("builds the definition's sites with its cohort split exactly by group, month by month", async () => {
    const def = structuredClone(MINI) as ProtocolInput;
    def.stratifyBy = { form: 'ENROL', event: 'baseline', field: 'arm' };
    def.demo = {
      network: {
        sites: [
          { code: 'BBB', share: 3 },
          { code: 'AAA', share: 1 },
        ],
        subjects: 20,
        groups: { A: 3, P: 1 },
      },
    };
    const dir = mkdtempSync(join(tmpdir(), 'sitecrf-mini-network-'));
    dirs.push(dir);
    const r = await generateNetwork({
      outDir: dir,
      studyText: JSON.stringify(def),
      months: 2,
      seed: 'n',
      admin: ADMIN,
      now: new Date('2026-12-01T12:00:00Z'),
      kdf: KDF,
    });
    expect(r.sites.map((s) => [s.code, s.subjects])).toEqual([
      ['BBB', 15],
      ['AAA', 5],
    ]);
    expect(r.byIndication).toEqual({ A: 15, P: 5 });
    expect(r.periods).toEqual(['2026-10', '2026-11']);
    const last = r.sites[0]!.workbooks.at(-1)!;
    expect(basename(last)).toBe('MINI_BBB_2026-11_safe-harbor.xlsx');
    const back = await readSubmission(last);
    expect(back.hashCheck.ok).toBe(true);
    expect(back.cover.subjects).toBe(15);
    const arms = (back.sheets.ENROL ?? []).map((x) => x.arm);
    expect(arms.filter((a) => a === 'A').length).toBe(r.sites[0]!.byIndication.A);
  });

  it('refuses a study whose definition has no demo network, naming the section', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitecrf-mini-network-'));
    dirs.push(dir);
    await expect(
      generateNetwork({ outDir: dir, studyText: JSON.stringify(MINI), admin: ADMIN, kdf: KDF }),
    ).rejects.toThrow(/has no demo network \(its definition's demo.network/);
    await expect(generateNetwork({ outDir: dir, studyText: '{"id": 1}', admin: ADMIN, kdf: KDF })).rejects.toThrow(
      /The study file: \$\.id: /,
    );
  });
});
