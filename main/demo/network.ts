/**
 * `demo-network`: the published study's six-site network, for the sponsor's side to work on.
 * The paper's cohort (243 patients: 204 fractures, 39 lesions) is planned once as one seeded
 * cohort, shared out over the six site databases and over the reporting months, and entered
 * through the real services (generateDemo); each site then writes its monthly safe-harbor
 * workbook, cumulative and chained to the one before, as a site does on its monthly job.
 *
 * Time is simulated with the session clock: each month's subjects are entered in the middle of
 * that month and its workbook is exported just after the month's end, so Covers, cut-offs and
 * the chain of previous submissions read like a real network's.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CrfError } from '../../shared/errors';
import { getStudy } from '../../shared/studies';
import type { KdfParams } from '../db/keyslots';
import { createSiteDatabase, unlockSiteDatabase } from '../services/site-db';
import { exportSubmission } from '../export/workbook-writer';
import { generateDemo } from './index';
import { mixSeed, Rng, seedHash } from './random';
import type { Indication } from './sacro/subject';
import { plural } from '../../shared/plural';

/** The published cohort. */
export const PAPER_COHORT = { subjects: 243, SIF: 204, LESION: 39 } as const;

/**
 * How the cohort is shared out over the sites (the paper gives no per-site counts; a network
 * has a few large contributors and several small ones).
 */
export const NETWORK_SHARES: readonly (readonly [string, number])[] = [
  ['SDI', 0.27],
  ['WUH', 0.21],
  ['MMC', 0.17],
  ['MCW', 0.14],
  ['INS', 0.11],
  ['NCR', 0.1],
];

export const MAX_NETWORK_MONTHS = 24;

export interface NetworkOptions {
  outDir: string;
  months?: number;
  seed?: string | number;
  /** The cohort's size (default the paper's 243); the indications keep the paper's proportion. */
  subjects?: number;
  /** The administrator of every site database and their password. */
  admin: { username: string; password: string };
  /** The real time now: the months are the ones before it. */
  now?: Date;
  /** Key-slot KDF (tests use a cheap one; the CLI keeps the default). */
  kdf?: KdfParams;
  onProgress?: (message: string) => void;
  /** Share the cohort equally over the six sites (the bench's same-size workbooks). */
  equalShares?: boolean;
  /**
   * Build only these sites (the others' cohort members are skipped, not moved), so that
   * separate processes can each build part of one network.
   */
  onlySites?: readonly string[];
}

export interface NetworkSite {
  code: string;
  db: string;
  subjects: number;
  byIndication: Record<Indication, number>;
  /** The site's workbooks, one per period, oldest first. */
  workbooks: string[];
}

export interface NetworkResult {
  periods: string[];
  sites: NetworkSite[];
  subjects: number;
  byIndication: Record<Indication, number>;
}

/** Largest-remainder split of n over weights: whole counts that add up to n. */
export function splitCounts(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, w) => a + w, 0);
  const raw = weights.map((w) => (n * w) / total);
  const out = raw.map(Math.floor);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const short = n - out.reduce((a, x) => a + x, 0);
  for (let k = 0; k < short; k++) out[order[k]![1]]! += 1;
  return out;
}

/** The `months` calendar months before `now`, oldest first, as YYYY-MM. */
export function periodsBefore(now: Date, months: number): string[] {
  const out: string[] = [];
  for (let k = months; k >= 1; k--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

const monthStart = (period: string, plus = 0): Date => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + plus, 1));
};

/** Exactly `sif` fractures among `n` cohort members, in a seeded random order. */
function cohortIndications(seed: number, n: number, sif: number): Indication[] {
  const out: Indication[] = Array.from({ length: n }, (_, i) => (i < sif ? 'SIF' : 'LESION'));
  const rng = new Rng(mixSeed(seed, 0x5eed));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function generateNetwork(o: NetworkOptions): Promise<NetworkResult> {
  const months = o.months ?? 3;
  const n = o.subjects ?? PAPER_COHORT.subjects;
  if (!Number.isInteger(months) || months < 1 || months > MAX_NETWORK_MONTHS)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'months',
      rule: 'range',
      message: `--months must be a whole number from 1 to ${MAX_NETWORK_MONTHS}`,
    });
  if (!Number.isInteger(n) || n < NETWORK_SHARES.length)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'subjects',
      rule: 'range',
      message: `The network needs at least ${NETWORK_SHARES.length} subjects, one per site`,
    });
  const study = getStudy('SACRO');
  for (const [code] of NETWORK_SHARES)
    if (!study.def.sites.some((s) => s.code === code))
      throw new CrfError({ code: 'VALIDATION', field: 'site', rule: 'code', message: `Unknown site ${code}` });
  mkdirSync(o.outDir, { recursive: true });
  for (const [code] of NETWORK_SHARES) {
    const db = join(o.outDir, `${code}.sitecrf`);
    if ((!o.onlySites || o.onlySites.includes(code)) && existsSync(db))
      throw new CrfError({
        code: 'CONFLICT',
        message: `${db} already exists: demo-network writes into an empty folder`,
      });
  }

  const seedText = o.seed ?? 1;
  const seed = seedHash(seedText);
  const periods = periodsBefore(o.now ?? new Date(), months);
  const sif = Math.round((n * PAPER_COHORT.SIF) / PAPER_COHORT.subjects);
  const indications = cohortIndications(seed, n, sif);
  const perSite = splitCounts(
    n,
    NETWORK_SHARES.map(([, w]) => (o.equalShares ? 1 : w)),
  );
  const result: NetworkResult = { periods, sites: [], subjects: 0, byIndication: { SIF: 0, LESION: 0 } };
  let first = 0;
  for (let si = 0; si < NETWORK_SHARES.length; si++) {
    const code = NETWORK_SHARES[si]![0];
    if (o.onlySites && !o.onlySites.includes(code)) {
      first += perSite[si]!;
      continue;
    }
    const db = join(o.outDir, `${code}.sitecrf`);
    let clock = monthStart(periods[0]!);
    createSiteDatabase({
      path: db,
      siteCode: code,
      studyId: study.def.id,
      admin: { username: o.admin.username, fullName: `${code} administrator`, password: o.admin.password },
      kdf: o.kdf,
      now: clock,
    });
    const session = unlockSiteDatabase(db, o.admin, { clock: () => clock });
    const site: NetworkSite = { code, db, subjects: 0, byIndication: { SIF: 0, LESION: 0 }, workbooks: [] };
    try {
      const perMonth = splitCounts(perSite[si]!, Array<number>(months).fill(1));
      for (let m = 0; m < months; m++) {
        const period = periods[m]!;
        const count = perMonth[m]!;
        // Charts are abstracted in the middle of the month; the month's workbook goes out after it.
        clock = new Date(monthStart(period).getTime() + 14 * 86_400_000 + 10 * 3_600_000);
        if (count > 0) {
          const stats = generateDemo(session, {
            subjects: count,
            seed: seedText,
            cohort: { first, size: n, group: (i) => indications[i]! },
          });
          first += count;
          site.subjects += stats.subjects;
          site.byIndication.SIF += stats.byIndication.SIF ?? 0;
          site.byIndication.LESION += stats.byIndication.LESION ?? 0;
        }
        const cutoff = new Date(monthStart(period, 1).getTime() - 1);
        clock = new Date(monthStart(period, 1).getTime() + 8 * 3_600_000);
        const r = await exportSubmission(session, { period, outDir: o.outDir, cutoff });
        site.workbooks.push(r.file);
        o.onProgress?.(`${code} ${period}: ${plural(r.subjects, 'subject')} → ${r.file}`);
      }
    } finally {
      session.close();
    }
    result.sites.push(site);
    result.subjects += site.subjects;
    result.byIndication.SIF += site.byIndication.SIF;
    result.byIndication.LESION += site.byIndication.LESION;
  }
  return result;
}
