/**
 * One synthetic SACRO casebook, planned as the ordered form saves a coordinator would make.
 * Distributions follow the published multicenter study (protocol.md); the indication share and
 * the pain scores' means and SDs come from the definition's demo.params (params.ts). Mostly minor
 * complications, one radicular pain from cement extravasation that needed surgical decompression.
 * Planning is pure (no database), so it can be checked on its own and is cheap.
 */
import { addDays, daysBetween, yearsBetween } from '../../../shared/dates';
import { personName, phone, phoneForm, type SiteGeo } from '../names';
import { aeNarrative, fuNote, procNote, type NoteContext } from './notes';
import type { DemoParams } from './params';
import type { PlannedSave, SubjectPlan, Values } from '../plan';
import { clampRound, type Rng } from '../random';

export type Indication = 'SIF' | 'LESION';

/** The plan before it names its group generically (planner.ts turns `indication` into `group`). */
export type SacroPlan = Omit<SubjectPlan, 'group'> & { indication: Indication };

export interface SacroContext {
  /** The site's calendar date: every date is relative to it and none is after it. */
  today: string;
  geo: SiteGeo;
  /** This subject carries the study's one radicular pain needing surgical decompression. */
  radicular: boolean;
  /** MRNs already used in this run: an MRN names one patient. */
  mrns: Set<string>;
  /** A cohort with fixed counts per indication (the six-site network) sets it; otherwise drawn. */
  indication?: Indication;
  /** The study definition's distributions (params.ts). */
  params: DemoParams;
}

const vas = (rng: Rng, p: { mu: number; sigma: number }): number => clampRound(rng.normal(p.mu, p.sigma), 0, 10);

const UNK = { missing: 'UNK' } as const;
const ND = { missing: 'ND' } as const;

const PRIMARY_TUMORS = [
  ['breast', 30],
  ['lung', 22],
  ['prostate', 15],
  ['renal cell', 9],
  ['thyroid', 4],
  ['colorectal', 6],
  ['melanoma', 2],
  ['bladder', 3],
  ['unknown primary', 5],
  ['NSCLC, adenocarcinoma', 4],
] as const;

const AE_OTHER = [
  'Vasovagal reaction',
  'Urinary retention',
  'Transient hypotension',
  'Nausea after sedation',
  'Transient numbness at the needle site',
];

function fuDays1m(rng: Rng): number {
  // Protocol window 14–60 days; a few visits fall outside it, which only warns.
  return rng.weighted([
    [() => rng.int(21, 45), 85],
    [() => rng.int(14, 60), 9],
    [() => rng.int(61, 90), 4],
    [() => rng.int(8, 13), 2],
  ] as const)();
}

function fuDays1y(rng: Rng): number {
  return rng.weighted([
    [() => rng.int(335, 420), 90],
    [() => rng.int(421, 540), 7],
    [() => rng.int(300, 329), 3],
  ] as const)();
}

function analgesicsPre(rng: Rng): string[] {
  if (rng.chance(0.03)) return ['NONE'];
  const strong = rng.chance(0.4);
  const out = [strong ? 'STRONG_OPIOID' : rng.chance(0.6) ? 'WEAK_OPIOID' : 'NSAID'];
  if (rng.chance(0.5)) out.push('APAP');
  if (rng.chance(0.2) && !out.includes('NSAID')) out.push('NSAID');
  if (rng.chance(0.08)) out.push('OTHER');
  return ['APAP', 'NSAID', 'WEAK_OPIOID', 'STRONG_OPIOID', 'OTHER'].filter((c) => out.includes(c));
}

function analgesicsPost(rng: Rng, change: string, pre: string[]): string[] {
  if (change === 'STOPPED') return ['NONE'];
  if (change === 'UNCHANGED') return pre;
  if (change === 'INCREASED') return [...new Set([...pre.filter((c) => c !== 'NONE'), 'STRONG_OPIOID'])];
  const lighter = pre.filter((c) => c !== 'STRONG_OPIOID' && c !== 'NONE');
  return lighter.length ? lighter : [rng.pick(['APAP', 'NSAID', 'WEAK_OPIOID'])];
}

const AMBULATION = ['INDEP', 'AID', 'WHEELCHAIR', 'BEDBOUND'] as const;

export function planSubject(rng: Rng, ctx: SacroContext): SacroPlan {
  // Drawn even when fixed, so a subject's other values come from the same random stream either way.
  const drawn: Indication = rng.chance(ctx.params.indexShare) ? 'SIF' : 'LESION';
  const indication: Indication = ctx.indication ?? drawn;
  const sif = indication === 'SIF';

  const lesionType = sif
    ? null
    : rng.weighted([
        ['MET', 70],
        ['MM', 20],
        ['LYMPH', 5],
        ['OTHER', 5],
      ] as const);
  const primary = lesionType === 'MET' ? rng.weighted(PRIMARY_TUMORS) : null;
  // SIF is a disease of elderly osteoporotic women; lesions follow the primary.
  const sex: 'F' | 'M' = sif
    ? rng.chance(0.86)
      ? 'F'
      : 'M'
    : primary === 'breast'
      ? 'F'
      : primary === 'prostate'
        ? 'M'
        : rng.chance(0.48)
          ? 'F'
          : 'M';
  const targetAge = sif ? clampRound(rng.normal(78, 8), 60, 100) : clampRound(rng.normal(65, 10), 38, 88);

  const procDate = addDays(ctx.today, -rng.int(0, 3 * 365));
  const birthDate = addDays(procDate, -(Math.floor(targetAge * 365.25) + rng.int(0, 360)));
  const age = yearsBetween(birthDate, procDate);
  const referralGap = rng.int(5, 75);
  const referralDate = addDays(procDate, -referralGap);
  const baselineDate = addDays(procDate, -rng.int(0, Math.min(14, referralGap)));
  const imagingDate = addDays(procDate, -rng.int(1, referralGap));

  let mrn = ctx.geo.mrn(rng);
  while (ctx.mrns.has(mrn)) mrn = ctx.geo.mrn(rng);
  ctx.mrns.add(mrn);
  const person = personName(rng, sex);
  const tel = phone(rng, ctx.geo);
  const notes: NoteContext = { rng, person, age, mrn, phone: tel, hospital: ctx.geo.hospital };

  const reg: Values = {
    mrn,
    last_name: person.last,
    first_name: person.first,
    birth_date: birthDate,
    sex,
    consent: rng.chance(0.9) ? 'WAIVER' : 'SIGNED',
  };
  if (rng.chance(0.97)) reg.zip = rng.pick(ctx.geo.zips);
  if (rng.chance(0.92)) reg.phone = phoneForm(tel);
  reg.referral_date = rng.chance(0.05) ? UNK : referralDate;

  const failedConservative = sif || rng.chance(0.95) ? 'Y' : 'N';
  const elig: Values = {
    severe_pain: 'Y',
    failed_conservative: failedConservative,
    imaging_evidence: 'Y',
    imaging_modality: rng
      .weighted([
        [['MRI'], 30],
        [['CT'], 15],
        [['MRI', 'CT'], 30],
        [['CT', 'BONESCAN'], 10],
        [['MRI', 'XR'], 8],
        [['BONESCAN'], 4],
        [['MRI', 'CT', 'BONESCAN'], 3],
      ] as const)
      .slice(),
    indication,
  };
  if (failedConservative === 'Y') elig.conservative_weeks = rng.chance(0.12) ? UNK : rng.int(2, sif ? 12 : 8);
  if (sif)
    elig.fracture_side = rng.weighted([
      ['BILAT', 55],
      ['UNI_L', 22],
      ['UNI_R', 23],
    ] as const);
  else {
    elig.lesion_type = lesionType;
    if (primary) elig.primary_tumor = primary;
  }

  const scores = ctx.params.score[sif ? 'index' : 'other'];
  const vasPre = vas(rng, scores.pre);
  const analgesicPre = analgesicsPre(rng);
  const ambPre = sif
    ? rng.weighted([
        ['INDEP', 15],
        ['AID', 45],
        ['WHEELCHAIR', 25],
        ['BEDBOUND', 15],
      ] as const)
    : rng.weighted([
        ['INDEP', 30],
        ['AID', 40],
        ['WHEELCHAIR', 20],
        ['BEDBOUND', 10],
      ] as const);
  const base: Values = { baseline_date: baselineDate, vas_pre: vasPre, analgesic: analgesicPre, ambulation: ambPre };
  base.symptom_weeks = rng.chance(0.15) ? UNK : rng.int(2, sif ? 16 : 26);
  if (rng.chance(0.93))
    base.osteoporosis = rng.chance(0.15) ? UNK : sif ? (rng.chance(0.85) ? 'Y' : 'N') : rng.chance(0.15) ? 'Y' : 'N';
  if (rng.chance(0.95)) base.prior_augmentation = rng.chance(sif ? 0.18 : 0.08) ? 'Y' : 'N';

  const side = sif
    ? ({ BILAT: 'BILAT', UNI_L: 'LEFT', UNI_R: 'RIGHT' } as const)[elig.fracture_side as 'BILAT' | 'UNI_L' | 'UNI_R']
    : rng.weighted([
        ['BILAT', 35],
        ['LEFT', 33],
        ['RIGHT', 32],
      ] as const);
  const needles = side === 'BILAT' ? rng.int(2, 4) : rng.int(1, 2);
  const cement =
    Math.round(Math.min(10, Math.max(2, rng.normal(side === 'BILAT' ? 6.2 : 3.6, side === 'BILAT' ? 1.8 : 1.1))) * 10) /
    10;
  const extravasation = ctx.radicular || rng.chance(0.35);
  const sites = !extravasation
    ? []
    : ctx.radicular
      ? ['FORAMINAL']
      : rng.subset(['FORAMINAL', 'PRESACRAL', 'VENOUS', 'SI_JOINT', 'CANAL', 'DISC', 'OTHER'], 0.12);
  // The published series had almost only asymptomatic leaks; the radicular case is the exception.
  const symptomatic = ctx.radicular || (extravasation && rng.chance(0.02));
  const proc: Values = {
    proc_date: procDate,
    hospitalization: rng.chance(sif ? 0.75 : 0.55) ? 'OUTPATIENT' : 'INPATIENT',
    anesthesia: rng.weighted([
      ['MODERATE', 70],
      ['LOCAL', 20],
      ['GENERAL', 10],
    ] as const),
    guidance: rng.weighted([
      ['CT', 55],
      ['CT_FLUORO', 30],
      ['CT_PLUS_FLUORO', 15],
    ] as const),
    approach: rng.weighted([
      ['SHORT_AXIS', 45],
      ['LONG_AXIS', 35],
      ['TRANSILIAC', 10],
      ['COMBINED', 10],
    ] as const),
    side_treated: side,
    needles: rng.chance(0.03) ? rng.pick([ND, UNK]) : needles,
    cement_ml: cement,
    extravasation: extravasation ? 'Y' : 'N',
  };
  if (extravasation) {
    if (rng.chance(0.92)) proc.extravasation_site = sites;
    proc.extravasation_symptomatic = symptomatic ? 'Y' : 'N';
  }
  const pn = procNote(notes, {
    procDate,
    imagingDate,
    side,
    needles: typeof proc.needles === 'number' ? needles : null,
    cementMl: cement,
    extravasation,
    sites,
    symptomatic,
    vasPre,
  });
  if (pn) proc.proc_notes = pn;

  // Follow-up: a visit is recorded only once its date has passed; some due visits are simply
  // not entered yet (the worklist shows them overdue).
  const saves: PlannedSave[] = [
    { event: 'screening', form: 'REG', values: reg, status: 'complete' },
    { event: 'screening', form: 'ELIG', values: elig, status: 'complete' },
    { event: 'screening', form: 'BASE', values: base, status: 'complete' },
    { event: 'procedure', form: 'PROC', values: proc, status: 'complete' },
  ];
  let dead = false;
  let lost = false;
  let deathDate: string | null = null;
  let lastAlive = procDate;

  const fuAt = (event: 'fu_1m' | 'fu_1y', fuDate: string, pDead: number, pLost: number): Values => {
    const status = rng.chance(pDead) ? 'DEAD' : rng.chance(pLost) ? 'LOST' : 'ALIVE';
    const oneYear = event === 'fu_1y';
    const v: Values = { fu_date: fuDate, vital_status: status };
    let post: number | null = null;
    if (status === 'ALIVE') {
      v.contact = rng.weighted(
        oneYear
          ? ([
              ['CLINIC', 35],
              ['PHONE', 45],
              ['CHART', 20],
            ] as const)
          : ([
              ['CLINIC', 60],
              ['PHONE', 30],
              ['CHART', 10],
            ] as const),
      );
      post = vas(rng, oneYear ? scores.post1y : scores.post1m);
      v.vas_post = post;
      const drop = vasPre - post;
      const change =
        drop >= 5
          ? rng.weighted([
              ['STOPPED', 40],
              ['DECREASED', 55],
              ['UNCHANGED', 5],
            ] as const)
          : drop >= 2
            ? rng.weighted([
                ['DECREASED', 60],
                ['UNCHANGED', 35],
                ['INCREASED', 5],
              ] as const)
            : rng.weighted([
                ['UNCHANGED', 50],
                ['INCREASED', 35],
                ['DECREASED', 15],
              ] as const);
      if (rng.chance(0.95)) v.analgesic_change = change;
      if (rng.chance(0.9)) v.analgesic = analgesicsPost(rng, change, analgesicPre);
      const step = drop >= 3 && rng.chance(0.6) ? -1 : 0;
      if (rng.chance(0.9)) v.ambulation = AMBULATION[Math.max(0, AMBULATION.indexOf(ambPre) + step)]!;
      v.new_fracture = rng.chance(oneYear ? 0.05 : 0.01) ? 'Y' : 'N';
      v.repeat_procedure = rng.chance(oneYear ? 0.02 : 0.003) ? 'Y' : 'N';
      lastAlive = fuDate;
    } else if (status === 'DEAD') {
      v.contact = rng.chance(0.7) ? 'CHART' : 'PHONE';
      deathDate = addDays(lastAlive, rng.int(1, Math.max(1, daysBetween(lastAlive, fuDate))));
      v.death_date = deathDate;
      v.death_related = 'N';
      dead = true;
    } else {
      v.contact = rng.chance(0.7) ? 'PHONE' : 'CHART';
      lost = true;
    }
    const fn = fuNote(notes, { fuDate, status, contact: v.contact as string, vasPre, vasPost: post, deathDate });
    if (fn) v.fu_notes = fn;
    return v;
  };

  const fu1mDate = addDays(procDate, fuDays1m(rng));
  let lostAt1m = false;
  if (fu1mDate <= ctx.today && rng.chance(0.96)) {
    const v = fuAt('fu_1m', fu1mDate, sif ? 0.01 : 0.04, 0.04);
    lostAt1m = v.vital_status === 'LOST';
    saves.push({ event: 'fu_1m', form: 'FU', values: v, status: 'complete' });
  }
  const fu1yDate = addDays(procDate, fuDays1y(rng));
  // Dead stays dead (protocol cross-form rule): no 1-year visit after a death at 1 month.
  if (!dead && fu1yDate <= ctx.today && rng.chance(0.9)) {
    const v = fuAt('fu_1y', fu1yDate, sif ? 0.09 : 0.3, lostAt1m ? 0.5 : 0.07);
    saves.push({ event: 'fu_1y', form: 'FU', values: v, status: 'complete' });
  }
  // Nothing happens to a patient after death, and nothing after today is in the chart yet.
  const horizon: string = deathDate ?? ctx.today;

  const aes: PlannedSave[] = [];
  const addAe = (
    term: string,
    onsetDays: number,
    o: {
      grade: string;
      related: string;
      treatment: string;
      resolveDays: [number, number];
      other?: string;
      sequelae?: number;
    },
  ): void => {
    const onset = addDays(procDate, onsetDays);
    if (onset > horizon) return;
    const resolvedDate = addDays(onset, rng.int(o.resolveDays[0], o.resolveDays[1]));
    const resolved = resolvedDate <= horizon;
    const outcome = !resolved ? 'ONGOING' : rng.chance(o.sequelae ?? 0.05) ? 'SEQUELAE' : 'RESOLVED';
    const v: Values = {
      ae_onset: onset,
      ae_term: term,
      ae_grade: o.grade,
      ae_related: o.related,
      ae_treatment: o.treatment,
      ae_outcome: outcome,
    };
    if (o.other) v.ae_other = o.other;
    if (resolved) v.ae_resolved_date = rng.chance(0.05) ? UNK : resolvedDate;
    const n = aeNarrative(notes, {
      term,
      onset,
      resolved: resolved ? resolvedDate : null,
      side,
      treatment: o.treatment,
    });
    if (n) v.ae_narrative = n;
    aes.push({ event: 'ae', form: 'AE', values: v, status: 'complete' });
  };
  if (ctx.radicular)
    addAe('RADICULAR_PAIN', rng.int(0, 1), {
      grade: rng.chance(0.5) ? 'C' : 'D',
      related: 'RELATED',
      treatment: 'SURGICAL_DECOMPRESSION',
      resolveDays: [21, 90],
      sequelae: 0.3,
    });
  else if (symptomatic)
    addAe(rng.chance(0.5) ? 'RADICULAR_PAIN' : 'EXTRAVASATION_SYMPTOMATIC', rng.int(0, 2), {
      grade: rng.chance(0.6) ? 'A' : 'B',
      related: 'RELATED',
      treatment: 'MEDICAL',
      resolveDays: [3, 30],
    });
  if (rng.chance(0.06))
    addAe('INCREASED_PAIN', rng.int(0, 3), {
      grade: 'A',
      related: rng.chance(0.7) ? 'RELATED' : 'POSSIBLE',
      treatment: rng.chance(0.6) ? 'MEDICAL' : 'NONE',
      resolveDays: [1, 14],
    });
  if (rng.chance(0.015))
    addAe('BLEEDING', 0, { grade: 'A', related: 'RELATED', treatment: 'NONE', resolveDays: [0, 3] });
  if (rng.chance(0.01))
    addAe('CEMENT_EMBOLISM', rng.int(0, 2), {
      grade: 'A',
      related: 'RELATED',
      treatment: 'NONE',
      resolveDays: [0, 0],
      sequelae: 0,
    });
  if (rng.chance(0.004))
    addAe('INFECTION', rng.int(3, 14), { grade: 'B', related: 'POSSIBLE', treatment: 'MEDICAL', resolveDays: [7, 21] });
  if (rng.chance(0.004))
    addAe('ALLERGIC', 0, {
      grade: rng.chance(0.5) ? 'A' : 'B',
      related: 'RELATED',
      treatment: 'MEDICAL',
      resolveDays: [0, 1],
    });
  if (rng.chance(0.015))
    addAe('OTHER', 0, {
      grade: 'A',
      related: 'POSSIBLE',
      treatment: rng.chance(0.5) ? 'NONE' : 'MEDICAL',
      resolveDays: [0, 2],
      other: rng.pick(AE_OTHER),
    });
  if (rng.chance(0.04))
    addAe('NEW_FRACTURE', rng.int(30, 400), {
      grade: 'B',
      related: rng.chance(0.3) ? 'POSSIBLE' : 'UNRELATED',
      treatment: rng.chance(0.8) ? 'MEDICAL' : 'OTHER_PROCEDURE',
      resolveDays: [30, 120],
    });
  saves.push(...aes);

  // A few forms stay drafts: the coordinator was interrupted before the last required answer.
  if (rng.chance(0.03)) {
    const i = rng.int(2, saves.length - 1);
    const s = saves[i]!;
    const drop = { BASE: 'ambulation', PROC: 'anesthesia', FU: 'contact', AE: 'ae_related' }[
      s.form as 'BASE' | 'PROC' | 'FU' | 'AE'
    ];
    if (drop) {
      const { [drop]: _omit, ...rest } = s.values;
      saves[i] = { ...s, values: rest, status: 'draft' };
    }
  }

  const plan: SacroPlan = { indication, saves, dead, lost, aes: aes.length };
  if (rng.chance(0.005))
    plan.withdrawReason = rng.pick([
      'Duplicate registration of a patient already enrolled',
      'Found ineligible on source review: procedure outside the study period',
    ]);
  return plan;
}
