/** demo-network: six real encrypted site databases and their chained monthly workbooks. */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCounts, periodsBefore } from '../../main/demo/network';
import { readSubmission, type ReadResult } from '../../main/export/workbook-reader';
import { sha256File } from '../../main/export/record';
import { unlockSiteDatabase } from '../../main/services/site-db';
import { makeNetwork, NETWORK_ADMIN, type NetworkFixture } from '../support/network-fixture';
import { sitecrf } from './site-fixture';

let net: NetworkFixture;
const read = new Map<string, ReadResult>();

beforeAll(async () => {
  net = await makeNetwork({ months: 2 });
  for (const s of net.sites) for (const w of s.workbooks) read.set(w, await readSubmission(w));
}, 240_000);
afterAll(() => net?.cleanup());

const num = (xs: unknown[]): number[] => xs.filter((x): x is number => typeof x === 'number');
const meanSd = (xs: number[]): [number, number] => {
  const m = xs.reduce((a, x) => a + x, 0) / xs.length;
  return [m, Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1))];
};

describe('demo-network', () => {
  it('splits whole counts that add up', () => {
    expect(splitCounts(243, [0.27, 0.21, 0.17, 0.14, 0.11, 0.1]).reduce((a, x) => a + x, 0)).toBe(243);
    expect(splitCounts(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(periodsBefore(new Date('2026-01-15T00:00:00Z'), 3)).toEqual(['2025-10', '2025-11', '2025-12']);
  });

  it('creates the six sites, each with one workbook per month, named by site and period', () => {
    expect(net.sites.map((s) => s.code)).toEqual(['SDI', 'WUH', 'MMC', 'MCW', 'INS', 'NCR']);
    expect(net.periods).toEqual(['2026-10', '2026-11']);
    for (const s of net.sites) {
      expect(existsSync(s.db)).toBe(true);
      expect(s.workbooks.map((w) => basename(w))).toEqual(
        net.periods.map((p) => `SACRO_${s.code}_${p}_safe-harbor.xlsx`),
      );
      // The administrator can open the database with the password given.
      unlockSiteDatabase(s.db, NETWORK_ADMIN).close();
    }
  });

  it("holds the paper's cohort: 243 patients, 204 fractures and 39 lesions", () => {
    expect(net.subjects).toBe(243);
    expect(net.byIndication).toEqual({ SIF: 204, LESION: 39 });
    let total = 0;
    const byInd: Record<string, number> = {};
    for (const s of net.sites) {
      const last = read.get(s.workbooks.at(-1)!)!;
      total += last.cover.subjects;
      for (const r of last.sheets.ELIG ?? []) byInd[String(r.indication)] = (byInd[String(r.indication)] ?? 0) + 1;
    }
    expect(total).toBe(243);
    expect(byInd).toEqual({ SIF: 204, LESION: 39 });
  });

  it('writes cumulative workbooks that verify and chain to the previous month', async () => {
    for (const s of net.sites) {
      let prev: { period: string; sha: string; subjects: number } | null = null;
      for (const w of s.workbooks) {
        const r = read.get(w)!;
        expect(r.hashCheck.ok, w).toBe(true);
        expect(r.cover.site.code).toBe(s.code);
        expect(r.cover.profile).toBe('safe-harbor');
        // The month's cut-off is its last millisecond; the export follows it.
        expect(
          r.cover.cutoff.startsWith(r.cover.period === '2026-10' ? '2026-10-31T23:59:59' : '2026-11-30T23:59:59'),
        ).toBe(true);
        if (prev) {
          expect(r.cover.previous).toEqual({ period: prev.period, fileName: expect.any(String), sha256: prev.sha });
          expect(r.cover.subjects).toBeGreaterThan(prev.subjects);
        } else expect(r.cover.previous).toBeNull();
        prev = { period: r.cover.period, sha: await sha256File(w), subjects: r.cover.subjects };
      }
      expect(prev!.subjects).toBe(s.subjects);
    }
  });

  it("gives VAS figures within sampling error of the paper's", () => {
    const pre: Record<string, number[]> = { SIF: [], LESION: [] };
    const post: Record<string, number[]> = { SIF: [], LESION: [] };
    for (const s of net.sites) {
      const last = read.get(s.workbooks.at(-1)!)!;
      const ind = new Map((last.sheets.ELIG ?? []).map((r) => [r.subject_id, String(r.indication)]));
      for (const r of last.sheets.BASE ?? []) pre[ind.get(r.subject_id)!]!.push(...num([r.vas_pre]));
      for (const r of last.sheets.FU_1M ?? []) post[ind.get(r.subject_id)!]!.push(...num([r.vas_post]));
    }
    const paper = { SIF: { pre: [9.2, 1.1], post: [1.9, 1.7] }, LESION: { pre: [9.0, 0.9], post: [2.6, 2.4] } };
    for (const k of ['SIF', 'LESION'] as const) {
      for (const [xs, [mu, sd]] of [
        [pre[k]!, paper[k].pre],
        [post[k]!, paper[k].post],
      ] as [number[], number[]][]) {
        const [m] = meanSd(xs);
        // Three standard errors of the mean: the seeded draw sits inside that band.
        expect(Math.abs(m - mu!), `${k} mean ${m} vs ${mu}`).toBeLessThan((3 * sd!) / Math.sqrt(xs.length));
      }
    }
  });

  it('refuses a bad --months in one line', () => {
    const r = sitecrf(['demo-network', '--out', net.dir, '--months', '0'], { SITECRF_PASSWORD: 'x-password-1' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--months: at least 1/);
  });
});
