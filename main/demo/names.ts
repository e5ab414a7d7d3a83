/**
 * Identifiers for synthetic patients: names, MRNs, phones and ZIP codes that look like a
 * site's real charts, so the PHI scanner and the de-identified export are exercised on the
 * shapes they will meet. Phones use the fictional 555-01xx block: no real person is dialled.
 */
import type { Study } from '../../shared/protocol/load';
import type { Rng } from './random';

// A cohort mostly born 1925–1960: first names common in those years, plus Spanish, Italian,
// Polish, Jewish, Irish, Vietnamese and Chinese names seen at the six sites.
export const FEMALE_FIRST = [
  'Mary',
  'Patricia',
  'Barbara',
  'Dorothy',
  'Betty',
  'Helen',
  'Margaret',
  'Ruth',
  'Shirley',
  'Joan',
  'Virginia',
  'Frances',
  'Doris',
  'Evelyn',
  'Jean',
  'Alice',
  'Marilyn',
  'Judith',
  'Carol',
  'Joyce',
  'Gloria',
  'Phyllis',
  'Lois',
  'Norma',
  'Beverly',
  'Elaine',
  'Rita',
  'Arlene',
  'Marjorie',
  'Geraldine',
  'Rosemary',
  'Eleanor',
  'Mildred',
  'Lorraine',
  'Anna',
  'Irene',
  'Florence',
  'Josephine',
  'Theresa',
  'Catherine',
  'Linda',
  'Susan',
  'Nancy',
  'Sandra',
  'Donna',
  'Janet',
  'Sharon',
  'Kathleen',
  'Diane',
  'Elizabeth',
  'Carmen',
  'Maria',
  'Luz',
  'Gladys',
  'Milagros',
  'Ana',
  'Rosa',
  'Juana',
  'Migdalia',
  'Esperanza',
  'Concetta',
  'Angela',
  'Filomena',
  'Giuseppina',
  'Stanisława',
  'Halina',
  'Bernice',
  'Agnes',
  'Mae',
  'Hattie',
  'Estelle',
  'Sylvia',
  'Miriam',
  'Rhoda',
  'Bridget',
  'Maureen',
  'Thi Lan',
  'Mei-Ling',
  'Yuk Ying',
  'Fatima',
];
export const MALE_FIRST = [
  'James',
  'Robert',
  'John',
  'William',
  'Richard',
  'Charles',
  'Joseph',
  'Thomas',
  'George',
  'Donald',
  'Frank',
  'Raymond',
  'Harold',
  'Walter',
  'Paul',
  'Edward',
  'Kenneth',
  'Gerald',
  'Arthur',
  'Eugene',
  'Jose',
  'Luis',
  'Juan',
  'Rafael',
  'Angel',
  'Salvatore',
  'Vincent',
  'Anthony',
  'Stanley',
  'Casimir',
  'Irving',
  'Morris',
  'Seymour',
  'Patrick',
  'Dennis',
  'Van Minh',
  'Wei',
  'Earl',
  'Leroy',
  'Clarence',
];
export const SURNAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Martin',
  'Jackson',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Hall',
  'Allen',
  'Young',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  'Mitchell',
  'Roberts',
  'Carter',
  'Phillips',
  'Evans',
  'Turner',
  'Parker',
  'Collins',
  'Edwards',
  'Stewart',
  'Morris',
  'Murphy',
  'Cook',
  'Rogers',
  'Morgan',
  'Cooper',
  'Peterson',
  'Garcia',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Perez',
  'Sanchez',
  'Rivera',
  'Torres',
  'Ramirez',
  'Cruz',
  'Ortiz',
  'Morales',
  'Reyes',
  'Santiago',
  'Figueroa',
  'Nuñez',
  'Colón',
  'Vázquez',
  'Russo',
  'Esposito',
  'Romano',
  'Bianchi',
  'Ricci',
  'Marino',
  'DeLuca',
  'Caputo',
  'Lombardi',
  'Gallo',
  'Kowalski',
  'Nowak',
  'Wisniewski',
  'Zielinski',
  'Schultz',
  'Schmidt',
  'Mueller',
  'Krueger',
  'Becker',
  'Hoffmann',
  'Cohen',
  'Levy',
  'Goldberg',
  'Rosenberg',
  'Friedman',
  'Katz',
  'Shapiro',
  'Weiss',
  'Kaplan',
  'Bernstein',
  "O'Brien",
  "O'Connor",
  'McCarthy',
  'Sullivan',
  'Kelly',
  'Fitzgerald',
  'Gallagher',
  'McAllister',
  'Doyle',
  'Byrne',
  'Nguyen',
  'Tran',
  'Pham',
  'Chen',
  'Wong',
  'Lee',
  'Kim',
  'Patel',
  'Shah',
  'Ali',
  'Washington',
  'Jefferson',
  'Freeman',
  'Banks',
  'Coleman',
  'Dawson',
  'Hargrove',
  'Whitfield',
  'Blackwell',
  'Ashby',
  'García-López',
  'Smith-Jones',
  'Van Dyke',
  'St. Clair',
  'Quackenbush',
  'Szymanski',
  'Abernathy',
  'Okafor',
  'Haddad',
  'Lindqvist',
];

/** Referring and treating physicians named in notes ("Dr. Patel reviewed CT"). */
export const DOCTORS = [
  'Patel',
  'Kowalczyk',
  'Chen',
  'Goldstein',
  'Ramirez',
  'Brennan',
  'Nakamura',
  'Osei',
  'Whitaker',
  'Lindgren',
  'Feldman',
  'Iyer',
];

export interface SiteGeo {
  zips: readonly string[];
  areaCodes: readonly string[];
  /** How this site's hospital writes an MRN; letters, digits and '-' only, ≤ 20 (REG.mrn). */
  mrn: (rng: Rng) => string;
  hospital: string;
}

/** A record number in the hospital's shape: `#` a digit, `%` a digit 1–9, the rest as written. */
export function recordNumber(rng: Rng, shape: string): string {
  let out = '';
  for (const ch of shape) {
    if (ch === '#') out += String(rng.int(0, 9));
    else if (ch === '%') out += String(rng.int(0, 9)).replace('0', '1');
    else out += ch;
  }
  return out;
}

/** A site the definition does not describe gets these shapes: only realism is at stake. */
const DEFAULT_SITE = {
  hospital: 'the hospital',
  mrn: '00######',
  areaCodes: ['718', '347'],
  zips: ['10451', '10452', '10453', '10456', '10458', '10461', '10463', '10467', '10468', '10469'],
};

/**
 * The site's shapes from the study's demo section (`demo.sites`); a site it does not list (one an
 * administrator added later) gets its first site's, and a study with none generic ones.
 */
export function siteGeo(study: Study, siteCode: string): SiteGeo {
  const sites = study.def.demo?.sites;
  const s = sites?.find((x) => x.code === siteCode) ?? sites?.[0] ?? DEFAULT_SITE;
  return { zips: s.zips, areaCodes: s.areaCodes, hospital: s.hospital, mrn: (r) => recordNumber(r, s.mrn) };
}

export interface Person {
  first: string;
  last: string;
  sex: 'F' | 'M';
}

/** A person of either sex, women by `femaleShare`. */
export function randomPerson(rng: Rng, femaleShare: number): Person {
  return personName(rng, rng.chance(femaleShare) ? 'F' : 'M');
}

export const isFemale = (p: Person): boolean => p.sex === 'F';

export function personName(rng: Rng, sex: 'F' | 'M'): Person {
  return { first: rng.pick(sex === 'F' ? FEMALE_FIRST : MALE_FIRST), last: rng.pick(SURNAMES), sex };
}

/** A relative who calls back: the people clinicians name in follow-up notes. */
export function relative(rng: Rng, patient: Person): { role: string; first: string } {
  const role = rng.weighted([
    ['daughter', 4],
    ['son', 3],
    ['husband', patient.sex === 'F' ? 1 : 0],
    ['wife', patient.sex === 'M' ? 2 : 0],
    ['niece', 1],
    ['caregiver', 1],
  ] as const);
  const female =
    role === 'daughter' || role === 'wife' || role === 'niece' || (role === 'caregiver' && rng.chance(0.8));
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
