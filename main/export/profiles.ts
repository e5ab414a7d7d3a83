/**
 * Export profiles, exactly deidentification.md's table: for each PHI class, the one rule a
 * field of that class goes through. Nothing else decides what leaves the site.
 */
import { ageDerived, ageTopCode, indexWording } from '../../shared/protocol/knowledge';
import type { Study } from '../../shared/protocol/load';
import type { PhiClass } from '../../shared/protocol/schema';
import type { Permission } from '../../shared/roles';

export const PROFILE_IDS = ['safe-harbor', 'safe-harbor-text', 'limited', 'identified'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];
export const DEFAULT_PROFILE: ProfileId = 'safe-harbor';

/** What happens to a value of one PHI class. */
export type Rule =
  | 'keep'
  | 'drop'
  /** `<field>_day`: whole days from the index date; the index year column beside the index date. */
  | 'dayOffset'
  /** Kept as an ISO date text (Limited Data Set, 164.514(e)). */
  | 'isoDate'
  /** Dropped; the study's age derived instead, top-coded above its top code (`90+` above 89). */
  | 'ageTopCoded'
  | 'zip3'
  | 'zip5'
  /** Kept only after the PHI scan, every finding replaced by `[REDACTED:KIND]`. */
  | 'phiScan';

export interface Profile {
  id: ProfileId;
  purpose: string;
  /** Only a submission becomes "the previous submission" whose Changes the next one starts after. */
  submission: boolean;
  permission: Permission;
  /**
   * A file that holds PHI (limited, identified): this banner heads every sheet and the file name
   * says PHI. null for the de-identified profiles.
   */
  phiBanner: string | null;
  /** Ages above the derived value's top code leave as `90+` (Safe Harbor identifier 3). */
  topCodeAges: boolean;
  /** Query texts are free text: `rules.freetext` decides them too (sheet-queries.ts). */
  rules: Record<PhiClass, Rule>;
}

export const PHI_BANNER = 'CONTAINS PHI — DO NOT SEND';
/** A Limited Data Set is PHI too (164.514(e)); unlike identified it may go out, but only under a DUA. */
export const LIMITED_BANNER = 'CONTAINS PHI — LIMITED DATA SET: SEND ONLY UNDER THE DATA USE AGREEMENT';
export const PHI_BANNERS: readonly string[] = [PHI_BANNER, LIMITED_BANNER];

const SAFE_HARBOR: Record<PhiClass, Rule> = {
  none: 'keep',
  direct: 'drop',
  date: 'dayOffset',
  birthdate: 'ageTopCoded',
  geo: 'zip3',
  freetext: 'drop',
};

export const PROFILES: Record<ProfileId, Profile> = {
  'safe-harbor': {
    id: 'safe-harbor',
    purpose: 'the monthly sponsor submission (HIPAA Safe Harbor, 45 CFR 164.514(b)(2))',
    submission: true,
    permission: 'export.deidentified',
    phiBanner: null,
    topCodeAges: true,
    rules: SAFE_HARBOR,
  },
  'safe-harbor-text': {
    id: 'safe-harbor-text',
    purpose: 'a Safe Harbor submission with free-text narratives after the PHI scan',
    submission: true,
    permission: 'export.deidentified',
    phiBanner: null,
    topCodeAges: true,
    rules: { ...SAFE_HARBOR, freetext: 'phiScan' },
  },
  limited: {
    id: 'limited',
    purpose: 'a Limited Data Set under a data use agreement (45 CFR 164.514(e)); contains PHI',
    submission: true,
    // Dates and ZIP5 are PHI: the roles without identified access (the monitor) never run it.
    permission: 'export.identified',
    phiBanner: LIMITED_BANNER,
    topCodeAges: true,
    rules: { none: 'keep', direct: 'drop', date: 'isoDate', birthdate: 'ageTopCoded', geo: 'zip5', freetext: 'drop' },
  },
  identified: {
    id: 'identified',
    purpose: "the site's own work lists (follow-up calls); never a submission",
    // Not a submission: it never becomes the previous submission (submission-workbook.md).
    submission: false,
    permission: 'export.identified',
    phiBanner: PHI_BANNER,
    topCodeAges: false,
    rules: { none: 'keep', direct: 'keep', date: 'keep', birthdate: 'keep', geo: 'keep', freetext: 'keep' },
  },
};

export function isProfileId(x: unknown): x is ProfileId {
  return typeof x === 'string' && (PROFILE_IDS as readonly string[]).includes(x);
}

/**
 * The rule in words, for the Cover, the Dictionary and the export screen: the sponsor sees what
 * was done without asking, in the study's own terms (its index date, year column and age).
 */
export function ruleTexts(study: Study): Record<Rule, string> {
  const w = indexWording(study);
  const age = ageDerived(study);
  const top = ageTopCode(study);
  return {
    keep: 'kept as entered',
    drop: 'dropped (not exported)',
    dayOffset: `replaced by <field>_day, whole days from the index ${w.label.toLowerCase()} (blank when that date is not entered); ${w.yearColumn} beside it, withheld for subjects aged ${top + 1} or over or of unknown age`,
    isoDate: 'kept as a date, written as ISO text YYYY-MM-DD',
    ageTopCoded: age
      ? `dropped; ${age.id} (whole years at ${w.anchor}) derived instead, ages over ${top} written as ${top + 1}+`
      : 'dropped (the study derives no age)',
    zip3: 'first 3 digits of the ZIP code; 000 for the restricted 3-digit areas of 20,000 people or fewer (data/restricted-zip3.json)',
    zip5: 'kept as the 5-digit ZIP code',
    phiScan: 'kept only after the PHI scan: every finding replaced by [REDACTED:KIND]; counts per kind on the Cover',
  };
}

/** Rules whose output carries no Safe Harbor identifier (the free-text scan replaces what it finds). */
const DEIDENTIFYING_RULES: ReadonlySet<Rule> = new Set<Rule>(['drop', 'dayOffset', 'ageTopCoded', 'zip3', 'phiScan']);

/**
 * Whether every identifying PHI class goes through a de-identifying rule and ages are top-coded:
 * true of safe-harbor and safe-harbor-text, false of limited (a Limited Data Set is still PHI)
 * and identified. Only such rows may be kept on disk between the export's passes (spool.ts).
 */
export function isDeidentifiedProfile(p: Profile): boolean {
  if (!p.topCodeAges || p.phiBanner !== null) return false;
  return (Object.entries(p.rules) as [PhiClass, Rule][]).every(
    ([cls, rule]) => cls === 'none' || DEIDENTIFYING_RULES.has(rule),
  );
}
