/**
 * The Cover sheet: one `item | value` row per fact (submission-workbook.md), and the zod schema
 * the reader checks it with. The profile's rules are spelled out per PHI class so the sponsor
 * sees what was done without asking (deidentification.md, "What every export records").
 */
import { z } from 'zod';
import { PHI_CLASSES, type PhiClass } from '../../shared/protocol/schema';
import { CANONICAL_HASH_DEFINITION } from './canonical';
import type { PhiCounts } from './deidentify';
import type { Cell } from './layout';
import { isProfileId, type Profile, type ProfileId, type Rule } from './profiles';
import { periodSchema } from '../../shared/period';
import { parseTrust, trustRows, type CoverTrust, type ParsedTrust, type SignedFacts } from './cover-trust';

export const COVER_FORMAT = 'sitecrf-submission';

export interface CoverFacts {
  study: { id: string; title: string; version: string };
  site: { code: string; name: string };
  period: string;
  cutoff: string;
  exportedAt: string;
  profile: Profile;
  /** The rules in the study's words (profiles.ts ruleTexts). */
  ruleText: Record<Rule, string>;
  appVersion: string;
  schemaVersion: number;
  subjects: number;
  /** Form instances by the protocol version each was last saved under (amendments). */
  protocolForms?: Record<string, number>;
  rows: Record<string, number>;
  sha256: Record<string, string>;
  previous: { period: string; fileName: string; sha256: string } | null;
  redactedText: PhiCounts;
  redactedQueries: PhiCounts;
  /** The chain head and the signature (cover-trust.ts); absent only in unit tests of the layout. */
  trust?: { facts: CoverTrust; sign: (f: SignedFacts) => string | null };
}

/** What the Cover's signature covers, from the facts the site wrote or the Cover the sponsor read. */
export function signedFactsOf(c: {
  study: string;
  site: string;
  period: string;
  profile: string;
  cutoff: string;
  subjects: number;
  previousSha256: string | null;
  sha256: Record<string, string>;
}): SignedFacts {
  return { ...c };
}

export function coverRows(f: CoverFacts): Cell[][] {
  const rows: Cell[][] = [
    ['format', COVER_FORMAT],
    ['study', f.study.id],
    ['study_title', f.study.title],
    ['protocol_version', f.study.version],
    ...Object.entries(f.protocolForms ?? {}).map(([v, n]): Cell[] => [`protocol_forms:${v}`, n]),
    ['site_code', f.site.code],
    ['site_name', f.site.name],
    ['period', f.period],
    ['cutoff', f.cutoff],
    ['exported_at', f.exportedAt],
    ['profile', f.profile.id],
    ['profile_purpose', f.profile.purpose],
  ];
  for (const c of PHI_CLASSES) rows.push([`rule:${c}`, f.ruleText[f.profile.rules[c]]]);
  rows.push(['app_version', f.appVersion], ['schema_version', f.schemaVersion], ['subjects', f.subjects]);
  for (const [sheet, n] of Object.entries(f.rows)) rows.push([`rows:${sheet}`, n]);
  for (const [sheet, h] of Object.entries(f.sha256)) rows.push([`sha256:${sheet}`, h]);
  rows.push(['canonical_hash', CANONICAL_HASH_DEFINITION]);
  rows.push([
    'changes',
    f.previous
      ? `Changes lists every change of a form value after the previous submission (${f.previous.period}) up to the cut-off: codes only, never a value`
      : 'first submission: every value is new, so Changes lists none',
  ]);
  rows.push(
    ['previous_period', f.previous?.period ?? null],
    ['previous_file', f.previous?.fileName ?? null],
    ['previous_sha256', f.previous?.sha256 ?? null],
  );
  for (const [k, n] of Object.entries(f.redactedText)) rows.push([`redacted_text:${k}`, n ?? 0]);
  for (const [k, n] of Object.entries(f.redactedQueries)) rows.push([`redacted_queries:${k}`, n ?? 0]);
  if (f.trust) {
    const signed = signedFactsOf({
      study: f.study.id,
      site: f.site.code,
      period: f.period,
      profile: f.profile.id,
      cutoff: f.cutoff,
      subjects: f.subjects,
      previousSha256: f.previous?.sha256 ?? null,
      sha256: f.sha256,
    });
    rows.push(...trustRows(f.trust.facts, f.trust.sign(signed)));
  }
  return rows;
}

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0);

const coverItemsSchema = z.object({
  format: z.literal(COVER_FORMAT),
  study: z.string().min(1),
  study_title: z.string().min(1),
  protocol_version: z.string().min(1),
  site_code: z.string().min(1),
  site_name: z.string().min(1),
  period: periodSchema,
  cutoff: z.string().min(1),
  exported_at: z.string().min(1),
  profile: z.string().refine(isProfileId, 'an export profile'),
  profile_purpose: z.string(),
  app_version: z.string().min(1),
  schema_version: count,
  subjects: count,
  canonical_hash: z.string(),
  changes: z.string(),
  previous_period: z.string().nullable().default(null),
  previous_file: z.string().nullable().default(null),
  previous_sha256: sha.nullable().default(null),
});

export interface Cover {
  study: string;
  studyTitle: string;
  protocolVersion: string;
  site: { code: string; name: string };
  period: string;
  cutoff: string;
  exportedAt: string;
  profile: ProfileId;
  rules: Partial<Record<PhiClass, string>>;
  appVersion: string;
  schemaVersion: number;
  subjects: number;
  /** Form instances by the protocol version each was last saved under; empty before SiteCRF wrote it. */
  protocolForms: Record<string, number>;
  rows: Record<string, number>;
  sha256: Record<string, string>;
  /** What the Changes sheet covers, in words. */
  changes: string;
  previous: { period: string; fileName: string | null; sha256: string | null } | null;
  redactedText: Record<string, number>;
  redactedQueries: Record<string, number>;
  /** The chain head, site key and signature; null for a Cover written before SiteCRF signed them. */
  trust: ParsedTrust | null;
}

/** The facts a Cover's signature must cover, as the reader parsed them. */
export const signedFactsOfCover = (c: Cover): SignedFacts =>
  signedFactsOf({
    study: c.study,
    site: c.site.code,
    period: c.period,
    profile: c.profile,
    cutoff: c.cutoff,
    subjects: c.subjects,
    previousSha256: c.previous?.sha256 ?? null,
    sha256: c.sha256,
  });

/** Checks the Cover's `item | value` rows and gives them back typed; throws a ZodError when malformed. */
export function parseCover(items: [string, Cell][]): Cover {
  const plain: Record<string, Cell> = {};
  const prefixed = (p: string, schema: z.ZodType<number | string>): Record<string, never> => {
    const out: Record<string, number | string> = {};
    for (const [k, v] of items) if (k.startsWith(p)) out[k.slice(p.length)] = schema.parse(v);
    return out as Record<string, never>;
  };
  for (const [k, v] of items) if (!k.includes(':')) plain[k] = v;
  const c = coverItemsSchema.parse(plain);
  const rules: Partial<Record<PhiClass, string>> = {};
  for (const [k, v] of items) if (k.startsWith('rule:')) rules[k.slice(5) as PhiClass] = z.string().parse(v);
  return {
    study: c.study,
    studyTitle: c.study_title,
    protocolVersion: c.protocol_version,
    site: { code: c.site_code, name: c.site_name },
    period: c.period,
    cutoff: c.cutoff,
    exportedAt: c.exported_at,
    profile: c.profile as ProfileId,
    rules,
    appVersion: c.app_version,
    schemaVersion: c.schema_version,
    subjects: c.subjects,
    protocolForms: prefixed('protocol_forms:', count),
    rows: prefixed('rows:', count),
    sha256: prefixed('sha256:', sha),
    changes: c.changes,
    previous: c.previous_period
      ? { period: c.previous_period, fileName: c.previous_file, sha256: c.previous_sha256 }
      : null,
    redactedText: prefixed('redacted_text:', count),
    redactedQueries: prefixed('redacted_queries:', count),
    trust: parseTrust(items),
  };
}
