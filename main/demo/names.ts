/**
 * Identifiers for synthetic patients: names, MRNs, phones and ZIP codes that look like a
 * site's real charts, so the PHI scanner and the de-identified export are exercised on the
 * shapes they will meet. Phones use the fictional 555-01xx block: no real person is dialled.
 */
import type { Rng } from './random';

// A cohort mostly born 1925–1960: first names common in those years, plus Spanish, Italian,
// Polish, Jewish, Irish, Vietnamese and Chinese names seen at the six sites.
export const FEMALE_FIRST = [
  'Mary', 'Patricia', 'Barbara', 'Dorothy', 'Betty', 'Helen', 'Margaret', 'Ruth', 'Shirley', 'Joan',
  'Virginia', 'Frances', 'Doris', 'Evelyn', 'Jean', 'Alice', 'Marilyn', 'Judith', 'Carol', 'Joyce',
  'Gloria', 'Phyllis', 'Lois', 'Norma', 'Beverly', 'Elaine', 'Rita', 'Arlene', 'Marjorie', 'Geraldine',
  'Rosemary', 'Eleanor', 'Mildred', 'Lorraine', 'Anna', 'Irene', 'Florence', 'Josephine', 'Theresa', 'Catherine',
  'Linda', 'Susan', 'Nancy', 'Sandra', 'Donna', 'Janet', 'Sharon', 'Kathleen', 'Diane', 'Elizabeth',
  'Carmen', 'Maria', 'Luz', 'Gladys', 'Milagros', 'Ana', 'Rosa', 'Juana', 'Migdalia', 'Esperanza',
  'Concetta', 'Angela', 'Filomena', 'Giuseppina', 'Stanisława', 'Halina', 'Bernice', 'Agnes', 'Mae', 'Hattie',
  'Estelle', 'Sylvia', 'Miriam', 'Rhoda', 'Bridget', 'Maureen', 'Thi Lan', 'Mei-Ling', 'Yuk Ying', 'Fatima',
];
export const MALE_FIRST = [
  'James', 'Robert', 'John', 'William', 'Richard', 'Charles', 'Joseph', 'Thomas', 'George', 'Donald',
  'Frank', 'Raymond', 'Harold', 'Walter', 'Paul', 'Edward', 'Kenneth', 'Gerald', 'Arthur', 'Eugene',
  'Jose', 'Luis', 'Juan', 'Rafael', 'Angel', 'Salvatore', 'Vincent', 'Anthony', 'Stanley', 'Casimir',
  'Irving', 'Morris', 'Seymour', 'Patrick', 'Dennis', 'Van Minh', 'Wei', 'Earl', 'Leroy', 'Clarence',
];
export const SURNAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
  'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson',
  'Walker', 'Hall', 'Allen', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams',
  'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker',
  'Collins', 'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson',
  'Garcia', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Perez', 'Sanchez', 'Rivera', 'Torres',
  'Ramirez', 'Cruz', 'Ortiz', 'Morales', 'Reyes', 'Santiago', 'Figueroa', 'Nuñez', 'Colón', 'Vázquez',
  'Russo', 'Esposito', 'Romano', 'Bianchi', 'Ricci', 'Marino', 'DeLuca', 'Caputo', 'Lombardi', 'Gallo',
  'Kowalski', 'Nowak', 'Wisniewski', 'Zielinski', 'Schultz', 'Schmidt', 'Mueller', 'Krueger', 'Becker', 'Hoffmann',
  'Cohen', 'Levy', 'Goldberg', 'Rosenberg', 'Friedman', 'Katz', 'Shapiro', 'Weiss', 'Kaplan', 'Bernstein',
  "O'Brien", "O'Connor", 'McCarthy', 'Sullivan', 'Kelly', 'Fitzgerald', 'Gallagher', 'McAllister', 'Doyle', 'Byrne',
  'Nguyen', 'Tran', 'Pham', 'Chen', 'Wong', 'Lee', 'Kim', 'Patel', 'Shah', 'Ali',
  'Washington', 'Jefferson', 'Freeman', 'Banks', 'Coleman', 'Dawson', 'Hargrove', 'Whitfield', 'Blackwell', 'Ashby',
  'García-López', 'Smith-Jones', 'Van Dyke', 'St. Clair', 'Quackenbush', 'Szymanski', 'Abernathy', 'Okafor', 'Haddad', 'Lindqvist',
];

/** Referring and treating physicians named in notes ("Dr. Patel reviewed CT"). */
export const DOCTORS = ['Patel', 'Kowalczyk', 'Chen', 'Goldstein', 'Ramirez', 'Brennan', 'Nakamura', 'Osei', 'Whitaker', 'Lindgren', 'Feldman', 'Iyer'];

export interface SiteGeo {
  zips: readonly string[];
  areaCodes: readonly string[];
  /** How this site's hospital writes an MRN; letters, digits and '-' only, ≤ 20 (REG.mrn). */
  mrn: (rng: Rng) => string;
  hospital: string;
}

const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');

// ZIPs near each site of protocol.md; the export keeps the first three digits (deidentification.md).
const SITE_GEO: Record<string, SiteGeo> = {
  MMC: {
    zips: ['10451', '10452', '10453', '10456', '10457', '10458', '10461', '10462', '10463', '10465', '10466', '10467', '10468', '10469', '10471', '10472', '10473', '10475', '10550', '10704'],
    areaCodes: ['718', '347', '929', '917', '914'],
    mrn: (r) => `00${digits(r, 6)}`,
    hospital: 'Montefiore',
  },
  WUH: {
    zips: ['11501', '11530', '11550', '11552', '11554', '11558', '11561', '11566', '11570', '11575', '11580', '11590', '11596', '11758', '11801', '11803'],
    areaCodes: ['516', '631', '718'],
    mrn: (r) => `MR-${digits(r, 7)}`,
    hospital: 'Winthrop',
  },
  SDI: {
    zips: ['92101', '92103', '92104', '92105', '92107', '92108', '92109', '92110', '92111', '92115', '92116', '92117', '92119', '92120', '92122', '92123', '92126', '92128', '91910', '91941', '92020', '92071'],
    areaCodes: ['619', '858', '760'],
    mrn: (r) => `SDI${digits(r, 7)}`,
    hospital: 'Sharp Memorial',
  },
  NCR: {
    zips: ['92007', '92008', '92009', '92010', '92011', '92024', '92025', '92026', '92027', '92029', '92054', '92056', '92057', '92064', '92069', '92075', '92078', '92081', '92083', '92084'],
    areaCodes: ['760', '442', '858'],
    mrn: (r) => `NC-${digits(r, 3)}-${digits(r, 4)}`,
    hospital: 'Tri-City Medical Center',
  },
  MCW: {
    zips: ['53202', '53204', '53205', '53207', '53208', '53209', '53210', '53211', '53212', '53213', '53214', '53215', '53218', '53219', '53220', '53221', '53222', '53225', '53226', '53186', '53188', '53072'],
    areaCodes: ['414', '262'],
    mrn: (r) => `${digits(r, 1).replace('0', '1')}${digits(r, 7)}`,
    hospital: 'Froedtert',
  },
  INS: {
    zips: ['24011', '24012', '24013', '24014', '24015', '24016', '24017', '24018', '24019', '24153', '24179', '24060', '24073', '24101', '24121', '24151'],
    areaCodes: ['540'],
    mrn: (r) => `IN${digits(r, 2)}-${digits(r, 5)}`,
    hospital: 'Carilion Roanoke Memorial',
  },
};

export function siteGeo(siteCode: string): SiteGeo {
  // A site an administrator added later gets the Bronx's shapes: only realism is at stake.
  return SITE_GEO[siteCode] ?? SITE_GEO.MMC!;
}

export interface Person {
  first: string;
  last: string;
  sex: 'F' | 'M';
}

export function personName(rng: Rng, sex: 'F' | 'M'): Person {
  return { first: rng.pick(sex === 'F' ? FEMALE_FIRST : MALE_FIRST), last: rng.pick(SURNAMES), sex };
}

/** A relative who calls back: the people clinicians name in follow-up notes. */
export function relative(rng: Rng, patient: Person): { role: string; first: string } {
  const role = rng.weighted([['daughter', 4], ['son', 3], ['husband', patient.sex === 'F' ? 1 : 0], ['wife', patient.sex === 'M' ? 2 : 0], ['niece', 1], ['caregiver', 1]] as const);
  const female = role === 'daughter' || role === 'wife' || role === 'niece' || (role === 'caregiver' && rng.chance(0.8));
  return { role, first: rng.pick(female ? FEMALE_FIRST.slice(40, 60) : MALE_FIRST.slice(0, 25)) };
}

export interface Phone {
  area: string;
  line: string;
}

export function phone(rng: Rng, geo: SiteGeo): Phone {
  return { area: rng.pick(geo.areaCodes), line: String(rng.int(100, 199)).padStart(4, '0') };
}

/** The form stores "(718) 555-0142"; notes use whatever a clinician typed. */
export const phoneForm = (p: Phone): string => `(${p.area}) 555-${p.line}`;
export function phoneInNote(rng: Rng, p: Phone): string {
  return rng.weighted([
    [`${p.area}-555-${p.line}`, 4],
    [`(${p.area}) 555-${p.line}`, 3],
    [`${p.area}.555.${p.line}`, 1],
    [`${p.area} 555 ${p.line}`, 1],
    [`555-${p.line}`, 1],
  ] as const);
}
