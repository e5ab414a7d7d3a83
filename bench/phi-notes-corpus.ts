/**
 * A synthetic corpus of ICU nursing-note-style text with gold PHI spans, to measure the PHI scanner
 * on text shaped like the notes it will meet (terse, abbreviated, often lowercase, names after
 * "wife", "dr", "called"), not only on the generic Presidio sentences.
 *
 *   import { notesCorpus } from './phi-notes-corpus.js'; const notes = notesCorpus(); // 300 notes
 *
 * Deterministic (seeded LCG, no Math.random). The generator is independent of the scanner: it
 * imports nothing from main/export/phi and builds its text from hand-written templates and value
 * lists. The value lists mix names and places that the scanner's word lists hold (census names,
 * GeoNames towns) with some they do not ("aoife", "okonkwo", "roslindale", "mattapan"), so the
 * figure says something about list coverage too; phi-eval.ts prints the share of gold name words
 * that the lists hold.
 *
 * Gold kinds follow the PhysioNet deid categories: NAME (patients, relatives, clinicians), DATE
 * (any date element but a year alone; times are not PHI), PHONE (incl. pagers and extensions),
 * LOCATION (towns, neighbourhoods, streets, hospitals and rehabs named after places), AGE (over
 * 89 only), ID (MRNs, unit numbers). Only the value is gold, not its cue: in "wife mary" only
 * "mary"; in "91 yo m" only "91 yo" is required (overlap scoring), in "MRN 1234567" the number.
 */

export type GoldKind = 'NAME' | 'DATE' | 'PHONE' | 'LOCATION' | 'AGE' | 'ID';
export interface GoldSpan {
  start: number;
  end: number;
  kind: GoldKind;
}
export interface GoldNote {
  text: string;
  spans: GoldSpan[];
}

type Seg = [string, GoldKind | null];
type Rng = () => number;

function lcg(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// --- value lists ------------------------------------------------------------------------------
// common US first names (most in the census lists; several are also English words: "pat", "bill",
// "rose", "joy") and some that no list of the scanner holds
const FIRST = [
  'mary',
  'jim',
  'john',
  'bob',
  'susan',
  'karen',
  'linda',
  'mike',
  'joe',
  'tom',
  'ann',
  'kathy',
  'pat',
  'bill',
  'dave',
  'steve',
  'lisa',
  'nancy',
  'donna',
  'carol',
  'frank',
  'paul',
  'maureen',
  'eileen',
  'kevin',
  'sean',
  'brian',
  'jen',
  'chris',
  'terry',
  'rose',
  'helen',
  'dorothy',
  'betty',
  'joan',
  'peggy',
  'rita',
  'tony',
  'gina',
  'denise',
  'julie',
  'sue',
  'marie',
  'ellen',
  'joy',
  'theresa',
  'jack',
  'dan',
  'ed',
  'ray',
  'siobhan',
  'thanh',
  'huong',
  'marisol',
  'keisha',
  // not in the scanner's lists
  'aoife',
  'niamh',
  'dashawn',
  'oluwaseun',
  'nkechi',
  'tavon',
  'jaylen',
  'imani',
];
const LAST = [
  'smith',
  'chen',
  "o'brien",
  'nguyen',
  'kelly',
  'murphy',
  'sullivan',
  'walsh',
  'patel',
  'kim',
  'lee',
  'brown',
  'jones',
  'johnson',
  'garcia',
  'rodriguez',
  'cohen',
  'goldberg',
  'rossi',
  'russo',
  'medeiros',
  'santos',
  'fitzgerald',
  'mcdonald',
  'doherty',
  'flynn',
  'driscoll',
  'burke',
  'green',
  'white',
  'young',
  'king',
  'hall',
  'ward',
  'szczepanski',
  'kaczmarek',
  'okafor',
  'vuong',
  'przybylski',
  'mcgillicuddy',
  'abernathy',
  'tran',
  'marchetti',
  'leblanc',
  'gagnon',
  'costa',
  // not in the scanner's lists
  'okonkwo',
  'nwosu',
  'oyelaran',
  'tkachenko',
  'vanderhoek',
];
const TOWN = [
  'quincy',
  'worcester',
  'brockton',
  'lowell',
  'framingham',
  'waltham',
  'somerville',
  'malden',
  'medford',
  'revere',
  'chelsea',
  'everett',
  'peabody',
  'haverhill',
  'methuen',
  'natick',
  'dedham',
  'milton',
  'braintree',
  'weymouth',
  'hingham',
  'marshfield',
  'duxbury',
  'nashua',
  'taunton',
  'attleboro',
  'fitchburg',
  'leominster',
  'woburn',
  'stoneham',
  'saugus',
  'melrose',
  'dorchester',
  'charlestown',
  'hyannis',
  'fall river',
  'new bedford',
  'east boston',
  'north andover',
  'providence',
  'portland',
  'manchester',
  // neighbourhoods the scanner's town list lacks
  'roslindale',
  'mattapan',
  'southie',
  'jamaica plain',
  'hyde park',
  'west roxbury',
];
const HOSPITAL = [
  "st. elizabeth's",
  "st. mary's",
  'st elizabeths',
  'beth israel',
  'mass general',
  'brigham',
  "brigham and women's",
  'newton-wellesley',
  'lahey clinic',
  'spaulding rehab',
  'hebrew rehab',
  'youville rehab',
  'carney hospital',
  'faulkner hosp',
  'norwood hospital',
  'south shore hospital',
  'baystate medical center',
  'umass memorial',
  'new england baptist',
  'mount auburn',
  'winchester hosp',
  'emerson hospital',
  'good samaritan',
  'quincy medical center',
  'jordan hospital',
  'milford regional',
  'cape cod hosp',
  'sturdy memorial',
  'caritas norwood',
  'whittier rehab',
  'marina bay nursing home',
  'kindred',
  'braintree rehab',
  'radius nursing home',
  'st. elsewhere hosp',
  'holy family hospital',
  'lawrence general',
  'melrose-wakefield',
];
const STREET = [
  'elm st',
  'main street',
  'pleasant st',
  'washington st',
  'hancock st',
  'adams rd',
  'beacon st',
  'dorchester ave',
  'chestnut hill ave',
  'mystic ave',
];
const MONTH = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MON = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// --- PHI productions (each returns segments; the cue words are not gold) -----------------------
function makeSlots(r: Rng): Record<string, () => Seg[]> {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const dgt = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('');
  const ord = (d: number): string =>
    `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`;
  const first = (): string => pick(FIRST);
  const last = (): string => pick(LAST);
  const date = (): string => {
    const m = int(1, 12);
    const d = int(1, 28);
    const y = int(1995, 2014);
    const yy = String(y).slice(2);
    switch (int(0, 13)) {
      case 0:
      case 1:
        return `${m}/${d}`;
      case 2:
        return `${m}-${d}`;
      case 3:
        return `${m}/${d}/${yy}`;
      case 4:
        return `${String(m).padStart(2, '0')}/${String(d).padStart(2, '0')}/${y}`;
      case 5:
        return `${MONTH[m - 1]} ${d}`;
      case 6:
        return `${MON[m - 1]} ${ord(d)}`;
      case 7:
        return `${d}-${MON[m - 1]}`;
      case 8:
        return `${MONTH[m - 1]} ${d}, ${y}`;
      case 9:
        return `${MON[m - 1]} ${d}`;
      case 10:
        return `${ord(d)} of ${MONTH[m - 1]}`;
      case 11:
        return `${MONTH[m - 1]} ${y}`;
      case 12:
        return `${MON[m - 1]} '${yy}`;
      default:
        return `${m}/${d}/${y}`;
    }
  };
  const phone = (): string => {
    const a = pick(['617', '781', '508', '978', '413', '401']);
    const n = `${int(2, 9)}${dgt(2)}`;
    const l = dgt(4);
    switch (int(0, 6)) {
      case 0:
        return `${a}-${n}-${l}`;
      case 1:
        return `(${a}) ${n}-${l}`;
      case 2:
        return `${a}.${n}.${l}`;
      case 3:
        return `${n}-${l}`;
      case 4:
        return `${a}-${n}-${l} x${dgt(4)}`;
      case 5:
        return `(${a})${n}-${l}`;
      default:
        return `${a} ${n} ${l}`;
    }
  };
  const relation = (): string =>
    pick([
      'wife',
      'husband',
      'son',
      'daughter',
      'dtr',
      'sister',
      'brother',
      'niece',
      'nephew',
      'grandson',
      'granddaughter',
      'mother',
      'friend',
      'neighbor',
      'hcp',
      "pt's wife",
      "pt's son",
      "pt's daughter",
    ]);
  const clinician = (): Seg[] => {
    switch (int(0, 11)) {
      case 0:
      case 1:
        return [
          ['dr. ', null],
          [last(), 'NAME'],
        ];
      case 2:
      case 3:
        return [
          ['dr ', null],
          [last(), 'NAME'],
        ];
      case 4:
        return [
          ['dr. ', null],
          [`${first()[0]}. ${last()}`, 'NAME'],
        ];
      case 5:
        return [
          [`${first()[0]}. ${last()}`, 'NAME'],
          [', rn', null],
        ];
      case 6:
        return [
          ['np ', null],
          [last(), 'NAME'],
        ];
      case 7:
        return [
          ['rn ', null],
          [first(), 'NAME'],
        ];
      case 8:
        return [
          ['nurse ', null],
          [first(), 'NAME'],
        ];
      case 9:
        return [
          [`${first()} ${last()}`, 'NAME'],
          [' md', null],
        ];
      case 10:
        return [
          ['md ', null],
          [last(), 'NAME'],
        ];
      default:
        return [
          ['resident dr. ', null],
          [last(), 'NAME'],
        ];
    }
  };
  const town = (): Seg[] => [[pick(TOWN), 'LOCATION']];
  return {
    REL: () => [
      [`${relation()} `, null],
      [r() < 0.8 ? first() : `${first()} ${last()}`, 'NAME'],
    ],
    CLIN: clinician,
    FN: () => [[first(), 'NAME']],
    FULL: () => [[`${first()} ${last()}`, 'NAME']],
    PT: () => [
      [pick(['mr. ', 'mrs. ', 'mr ', 'mrs ', 'ms. ']), null],
      [last(), 'NAME'],
    ],
    DATE: () => [[date(), 'DATE']],
    DAYTH: () => [[`the ${ord(int(1, 28))}`, 'DATE']],
    PHONE: () => [[phone(), 'PHONE']],
    PAGER: () => [
      [pick(['pager ', 'pager #', 'beeper ']), null],
      [`${dgt(5)}`, 'PHONE'],
    ],
    EXT: () => [[pick(['x', 'ext ', 'ext. ']) + dgt(4), 'PHONE']],
    TOWN: town,
    HOSP: () => [[pick(HOSPITAL), 'LOCATION']],
    ADDR: () => [[`${int(2, 299)} ${pick(STREET)}`, 'LOCATION']],
    AGE: () => {
      const a = int(90, 103);
      const s = pick([
        `${a} yo`,
        `${a}yo`,
        `${a} y/o`,
        `${a} year old`,
        `${a} yo m`,
        `${a} yo f`,
        `${a}M`,
        `${a}F`,
        `${a}-year-old`,
      ]);
      return [[s, 'AGE']];
    },
    AGEPHRASE: () => {
      const a = String(int(90, 104));
      return pick<Seg[]>([
        [
          ['aged ', null],
          [a, 'AGE'],
        ],
        [
          ['age: ', null],
          [a, 'AGE'],
        ],
        [
          ['age ', null],
          [a, 'AGE'],
        ],
      ]);
    },
    MRN: () => [
      [pick(['mrn ', 'mrn: ', 'MRN #', 'unit # ', 'med rec # ']), null],
      [dgt(int(6, 8)), 'ID'],
    ],
    // not PHI: ages under 90, times, numbers
    YOUNG: () => [[`${int(24, 88)} ${pick(['yo', 'y/o', 'year old', 'yo m', 'yo f'])}`, null]],
    TIME: () => [
      [
        pick([
          `${String(int(0, 23)).padStart(2, '0')}${pick(['00', '15', '30', '45'])}`,
          `${int(1, 12)}${pick(['am', 'pm', ' am', ' pm'])}`,
          `${int(0, 23)}:${pick(['00', '15', '30', '45'])}`,
        ]),
        null,
      ],
    ],
    N: () => [[String(int(1, 12)), null]],
  };
}

// --- templates --------------------------------------------------------------------------------
/** sentences with PHI */
const PHI_SENTENCES = [
  'pt is a {AGE} w/ hx chf, copd, afib on coumadin, admitted {DATE} from {HOSP} w/ sob.',
  '{YOUNG} w/ hx cad s/p cabg x3, transferred from {HOSP} for further mgmt.',
  '{REL} in to visit, updated by {CLIN}.',
  'family mtg held w/ {REL} and {REL}, dnr/dni confirmed.',
  'called {REL} at {PHONE} to update re: plan of care.',
  '{REL} can be reached at {PHONE} or cell {PHONE}.',
  'plan: d/c to {HOSP} on {DATE}.',
  'pt lives in {TOWN} with {REL}.',
  'pt from {TOWN}, lives alone, {REL} nearby in {TOWN}.',
  'transferred from {HOSP} on {DATE} for cardiac cath.',
  '{CLIN} aware of k 3.2, repleted w/ 40meq kcl.',
  'neuro: a+ox3, mae, perrla. {CLIN} aware of agitation overnight.',
  'seen by {CLIN} and {CLIN} today, no new orders.',
  'if questions page {CLIN}, {PAGER}.',
  '{MRN}.',
  'last bm {DATE}, given senna/colace.',
  "pt's pcp is {CLIN} at {HOSP}.",
  'echo {DATE}: ef 25%, mod mr.',
  'cabg planned for {DATE}, consent signed by {REL}.',
  'pt states she grew up in {TOWN} and worked in {TOWN} for 30 yrs.',
  '{PT} resting comfortably, no c/o pain.',
  'will f/u w/ {CLIN} re: cards consult.',
  'vanco trough due {DATE} at {TIME}.',
  '{REL} signed consent, phone {PHONE}.',
  'pt wants to go home to {TOWN} when stable.',
  '{REL} is hcp, prefers call at home {PHONE}.',
  '{REL} called x2 overnight, reassured.',
  'pt went to {HOSP} ed on {DATE}, then here.',
  'pt lives at {ADDR} in {TOWN} w/ {REL}.',
  'spoke to {FN} (daughter) at {TIME}, will visit in am.',
  'family member {FN} at bedside most of shift.',
  'covering for {CLIN}; call {EXT} w/ questions.',
  'pt {AGEPHRASE}, lives at {HOSP}.',
  'case mgmt to contact {HOSP} re: bed, screen sent {DATE}.',
  'prior admit {DATE} to {HOSP} for chf exacerbation.',
  'dnr per {REL} on {DATE}.',
  'pt says {FN} is her granddaughter, ok to give info.',
  'with {FN} at bedside, pt calmer.',
  'hct due on {DAYTH}, transfuse if < 21.',
  'f/u appt w/ {CLIN} {DATE} at {TIME}.',
  'admitted {DATE} w/ urosepsis, pmh: dm2, htn, ckd.',
  'pt born {DATE}, {AGE}.',
  '{FULL}, rn, cosigned note.',
  'received pt from {CLIN} at {TIME}.',
  'per {REL}, pt was at baseline until {DATE}.',
  // written after the scanner was tuned on the lines above, and not tuned on since (held out)
  "spoke w/ pt's daughter ({FN}) re: goals of care.",
  'son, {FN}, called for update, will be in tomorrow.',
  "pt's neighbor {FN} found pt down at home on {DATE}.",
  'lives w/ partner {FN} in {TOWN}, retired teacher.',
  'team: {CLIN}, {CLIN}; fellow {FN}.',
  'dx w/ lung ca at {HOSP} in {DATE}.',
  '{FN} from case mgmt following, ph {PHONE}.',
  'tx to {HOSP} per {CLIN}, report called to {FN} rn at {TIME}.',
  'visited by {REL} and her husband {FN} this evening.',
  'emergency contact: {FULL} ({PHONE}).',
  'pt was at {HOSP} {DATE} - {DATE} for hip fx.',
  'hcp form on chart, agent is {FULL} of {TOWN}.',
];

/** sentences with no PHI: numbers, vitals, labs, drugs, abbreviations that must survive */
const CLEAN_SENTENCES = [
  'neuro: a+ox3, mae, perrla, follows commands.',
  'NEURO: A+Ox3, MAE, PERRLA 3mm brisk.',
  'cv: hr 88 nsr, bp 120/80, no ectopy noted.',
  'CV: HR 90s-100s ST, SBP 100-120s, +PP.',
  'resp: ls coarse bilat, diminished lll, sat 95% on 2l nc, rr 18.',
  'RESP: on cpap 5/5, fio2 40%, abg 7.32/45/88, suctioned x2 for thick tan sputum.',
  'vent settings a/c 500 x 14, peep 5, fio2 .50.',
  'gi: abd soft, +bs, tf at goal 60cc/hr via ngt, residuals < 30.',
  'gu: foley draining clear yellow urine 30-50cc/hr, i/o 1200/800.',
  'id: tmax 101.2, wbc 12.3, cont vanco/zosyn, bcx x2 sent.',
  'ID: Afebrile, on levofloxacin and flagyl, sputum cx pending.',
  'labs: k 3.8, mg 1.9, hct 28.4, inr 1.2, plt 145, bun/cr 32/1.4.',
  'K 3.2 repleted w/ 40 meq kcl po, recheck at 1800.',
  'heme: hct 24.1, transfused 2 units prbc, post hct 28.',
  'endo: bs 180 covered w/ 4u ss insulin per riss, fs 120-140.',
  'skin: stage 2 on coccyx, duoderm applied, turned q2h.',
  'cvp 12, ci 2.1, svr 1100, pa 45/20.',
  'temp 98.6 po, hr 72, bp 134/62, rr 16, o2 sat 98% ra.',
  'lasix 40mg iv x1 with good response, uo 500cc over 2 hrs.',
  'tylenol 650 mg po q6h prn, dilaudid 0.5mg iv q3h prn pain.',
  'levophed weaned to 0.05 mcg/kg/min, map > 60.',
  'heparin gtt at 1000 u/hr, ptt 68, next ptt at 2200.',
  'cxr: r/o pna, ? lll infiltrate.',
  'pt s/p cabg x3 2/2 3vd, chest tubes to sx, 20cc/hr serosang.',
  'c/o sob and doe, npo after mn for tee.',
  "d/c'd foley, f/u w/ pm labs, oob to chair x2 hrs.",
  'pain 4/10, medicated w/ morphine 2mg iv with relief.',
  'strength 5/5 rue, 4/5 lue, 3/5 bil le.',
  '1:1 sitter at bedside for safety.',
  'gcs 15, rass 0, cam icu neg.',
  'peg clamped, started on 1/2 ns at 75cc/hr.',
  'amio gtt off, started on po amio 400 bid.',
  'insulin gtt 3u/hr, fs q1h.',
  'ngt to lcs, 200cc bilious output.',
  'trach 8.0 shiley, site clean, dsg changed.',
  'lines: r ij tlc day 4, l radial a-line.',
  'plan: cont to monitor hemodynamics, wean vent as tol, f/u cx data.',
  'social: full code, pt a vietnam vet, married, 3 children.',
  'will cont current plan, monitor lytes, replete prn.',
  'pt received 3 liters ns bolus, 24hr i/o +1.2l.',
  'abx changed to ceftriaxone 1 gm iv q24h.',
  'BP 90-100/50s, map 60-65, neo titrated 0.5-1.0 mcg/kg/min.',
  'troponin 0.03, ck 250, mb 4, lactate 2.1.',
  'pt turned and repositioned q2h, heels elevated.',
  'HR 110-120s afib, lopressor 5mg iv x3 given.',
  'Pt tolerating po diet, ambulating in hall w/ pt.',
  'Wound vac to -125 mmHg, no leak.',
  'rr 20-24, sats 92-95% on 4L nc, ls clear upper, crackles at bases.',
  'Hep lock x2, 18g and 20g, patent.',
  'Ativan 1mg iv given at 0300 for anxiety with good effect.',
  // held out, as above
  'pt more lethargic this am, abg 7.28/52/64, placed on bipap 12/5 w/ improvement.',
  'SBP dipped to 78 at 0200, 500cc LR bolus given, SBP now 96-104.',
  'tmax 100.4, pan cultured, started on meropenem 1 gm q8h.',
  'na 131, glucose 212, ptt 45.2, fibrinogen 180, ldh 340.',
  'pupils 3-2mm brisk bilat, moves all ext to command.',
  'ett 7.5, 22 cm at lip, retaped, cuff leak present.',
  'chest tube to 20cm sx, no air leak, 40cc serous drainage over shift.',
  'pt on 1-2 l nc, sats high 90s, rr teens.',
  "rec'd 2 units ffp and 10 mg vit k sc for inr 2.8.",
  'OGT placed, placement confirmed by cxr, tf nepro started at 10cc/hr, advance q4h by 10 to goal 45.',
  'BS diminished at bases R>L, IS 750.',
  'Edema 2+ bilat LE, 1+ UE, skin warm/dry.',
  'pt c/o nausea x1, zofran 4mg iv given w/ relief.',
  'u/o 20-30cc/hr, bladder scan 150cc, md aware.',
  'restraints on for pulling at lines, released q2h, skin intact.',
  'dobhoff advanced to 75cm, kub pending.',
  'Hemodynamics: CO 4.2, CI 2.3, SVR 1050, PCWP 18, SvO2 68%.',
  'CRRT running w/o issue, net even goal, filter changed 1400.',
  'PT/OT consulted, oob to chair w/ 2 assist + hoyer.',
  'Denies CP, SOB. Lungs clear. Abd obese, soft, NT/ND.',
  'glucose 60 at 0400, 1/2 amp d50 given, recheck 132.',
  'chest pain 6/10, ekg no changes, ntg sl x1 with relief to 2/10.',
  'trending lactate 4.1 -> 2.6 -> 1.8.',
  'mag 1.6 repleted w/ 2gm mgso4 iv.',
  'tele: nsr 70s w/ occ pvcs, no runs.',
  'ct head neg for bleed, neuro checks q1h, pupils equal.',
  'aline dampened, flushed and re-zeroed.',
  'wife updated by phone, plans to visit in am.',
  'family meeting tomorrow at 1100 w/ team and palliative care.',
  'pt requesting coffee, npo for possible ir procedure.',
];

const PHI_SHARE = 0.45;

/** `count` notes, each a few lines of 4-12 sentences; seeded, so the same arguments give the same corpus. */
export function notesCorpus(count = 300, seed = 20251124): GoldNote[] {
  const r = lcg(seed);
  const slots = makeSlots(r);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const notes: GoldNote[] = [];
  for (let n = 0; n < count; n++) {
    // case style of the whole note: as written (names sometimes capitalised), all lowercase, all upper
    const style = r() < 0.45 ? 'lower' : r() < 0.85 ? 'mixed' : 'upper';
    const segs: Seg[] = [];
    const sentences = 4 + Math.floor(r() * 9);
    for (let s = 0; s < sentences; s++) {
      const tpl = r() < PHI_SHARE ? pick(PHI_SENTENCES) : pick(CLEAN_SENTENCES);
      let at = 0;
      for (const m of tpl.matchAll(/\{(\w+)\}/g)) {
        segs.push([tpl.slice(at, m.index), null]);
        for (const seg of slots[m[1]!]!()) {
          const kind = seg[1];
          let v = seg[0];
          if (style === 'mixed' && kind === 'NAME' && r() < 0.6)
            v = v.replace(/(^|[\s.'-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
          if (style === 'mixed' && kind === 'LOCATION' && r() < 0.5)
            v = v.replace(/(^|[\s.-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
          if (style === 'mixed' && kind === null && /^(?:dr\.? |mr\.? |mrs\.? |ms\. )$/.test(v) && r() < 0.6)
            v = v[0]!.toUpperCase() + v.slice(1);
          segs.push([v, kind]);
        }
        at = m.index + m[0].length;
      }
      let tail = tpl.slice(at);
      tail += r() < 0.3 ? '\n' : ' ';
      segs.push([tail, null]);
    }
    let text = '';
    const spans: GoldSpan[] = [];
    for (const [v0, kind] of segs) {
      const v = style === 'upper' ? v0.toUpperCase() : style === 'lower' ? v0.toLowerCase() : v0;
      if (kind) spans.push({ start: text.length, end: text.length + v.length, kind });
      text += v;
    }
    if (style === 'mixed')
      text = text.replace(/(^|[.!?]\s+|\n)([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
    notes.push({ text: text.trimEnd(), spans });
  }
  return notes;
}
