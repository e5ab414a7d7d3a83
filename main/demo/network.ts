/**
 * `demo-network`: a study's demo network (its definition's `demo.network`: the sites, their
 * shares and the cohort; SACRO's is the published study's six sites and 243 patients, 204
 * fractures and 39 lesions), for the sponsor's side to work on. The cohort is planned once as one
 * seeded cohort, shared out over the site databases and over the reporting months, and entered
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
import type { Study } from '../../shared/protocol/load';
import { checkStudyText } from '../../shared/protocol/study-file';
import { DEFAULT_STUDY_ID, getStudy } from '../../shared/studies';
import type { KdfParams } from '../db/keyslots';
import { createSiteDatabase, unlockSiteDatabase } from '../services/site-db';
import { exportSubmission } from '../export/workbook-writer';
import { generateDemo } from './index';
import { mixSeed, Rng, seedHash } from './random';
import { plural } from '../../shared/plural';

export const MAX_NETWORK_MONTHS = 24;

export interface NetworkOptions {
  outDir: string;
  months?: number;
  seed?: string | number;
  /** A study file's text (default the study this build ships): its definition has a `demo.network`. */
  studyText?: string;
  /** The cohort's size (default the network's); the groups keep the network's proportions. */
  subjects?: number;
  /** The administrator of every site database and their password. */
  admin: { username: string; password: string };
  /** The real time now: the months are the ones before it. */
  now?: Date;
  /** Key-slot KDF (tests use a cheap one; the CLI keeps the default). */
  kdf?: KdfParams;
  onProgress?: (message: string) => void;
  /** Share the cohort equally over the sites (the bench's same-size workbooks). */
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
  /** Subjects per code of the study's grouping field (`stratifyBy`). */
  byIndication: Record<string, number>;
  /** The site's workbooks, one per period, oldest first. */
  workbooks: string[];
}

export interface NetworkResult {
  periods: string[];
  sites: NetworkSite[];
  subjects: number;
  byIndication: Record<string, number>;
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

/** Exactly each group's count among `n` cohort members, in a seeded random order. */
function cohortGroups(seed: number, groups: readonly (readonly [string, number])[]): string[] {
  const out = groups.flatMap(([g, k]) => Array<string>(k).fill(g));
  const rng = new Rng(mixSeed(seed, 0x5eed));
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A study file's text, checked as `study check` does: every error with its JSON path. */
function studyOf(text: string): Study {
  const c = checkStudyText(text);
  if (c.ok) return c.study;
  throw new CrfError({
    code: 'VALIDATION',
    field: 'study',
    rule: 'studyFile',
    message: `The study file: ${c.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
  });
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [g, k] of Object.entries(from)) into[g] = (into[g] ?? 0) + k;
}

function networkOf(study: Study): NonNullable<NonNullable<Study['def']['demo']>['network']> {
  const net = study.def.demo?.network;
  if (!net)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'demo.network',
      rule: 'demoNetwork',
      message: `The study ${study.def.id} has no demo network (its definition's demo.network names the sites)`,
    });
  return net;
}

export async function generateNetwork(o: NetworkOptions): Promise<NetworkResult> {
  const study = o.studyText === undefined ? getStudy(DEFAULT_STUDY_ID) : studyOf(o.studyText);
  const net = networkOf(study);
  const SITES = net.sites.map((x) => x.code);
  const months = o.months ?? 3;
  const n = o.subjects ?? net.subjects;
  if (!Number.isInteger(months) || months < 1 || months > MAX_NETWORK_MONTHS)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'months',
      rule: 'range',
      message: `--months must be a whole number from 1 to ${MAX_NETWORK_MONTHS}`,
    });
  if (!Number.isInteger(n) || n < SITES.length)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'subjects',
      rule: 'range',
      message: `The network needs at least ${plural(SITES.length, 'subject')}, one per site`,
    });
  mkdirSync(o.outDir, { recursive: true });
  for (const code of SITES) {
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
  const groupNames = Object.keys(net.groups ?? {});
  const groupCounts = splitCounts(n, Object.values(net.groups ?? {}));
  const groups = groupNames.length
    ? cohortGroups(
        seed,
        groupNames.map((g, i) => [g, groupCounts[i]!]),
      )
    : null;
  const zero = (): Record<string, number> => Object.fromEntries(groupNames.map((g) => [g, 0]));
  const perSite = splitCounts(
    n,
    net.sites.map((x) => (o.equalShares ? 1 : x.share)),
  );
  const result: NetworkResult = { periods, sites: [], subjects: 0, byIndication: zero() };
  let first = 0;
  for (let si = 0; si < SITES.length; si++) {
    const code = SITES[si]!;
    if (o.onlySites && !o.onlySites.includes(code)) {
      first += perSite[si]!;
      continue;
    }
    const db = join(o.outDir, `${code}.sitecrf`);
    let clock = monthStart(periods[0]!);
    createSiteDatabase({
      path: db,
      siteCode: code,
      ...(o.studyText === undefined ? { studyId: study.def.id } : { studyText: o.studyText }),
      admin: { username: o.admin.username, fullName: `${code} administrator`, password: o.admin.password },
      kdf: o.kdf,
      now: clock,
    });
    const session = unlockSiteDatabase(db, o.admin, { clock: () => clock });
    const site: NetworkSite = { code, db, subjects: 0, byIndication: zero(), workbooks: [] };
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
            cohort: { first, size: n, group: groups ? (i) => groups[i] : undefined },
          });
          first += count;
          site.subjects += stats.subjects;
          addCounts(site.byIndication, stats.byIndication);
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
    addCounts(result.byIndication, site.byIndication);
  }
  return result;
}
