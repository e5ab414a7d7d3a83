/**
 * Free-text notes written the way clinicians type them: names, dates, phone numbers and MRNs
 * inline ("Pt Mary Johnson seen 3/14/2024, wife called 718-555-0142, MRN 00482913"). These are
 * the fields the export's PHI scanner must clean, so the demo must give it realistic material.
 */
import { dateInNote } from '../chart-dates';
import { DOCTORS, phoneInNote, relative, type Person, type Phone } from '../names';
import type { Rng } from '../random';

export interface NoteContext {
  rng: Rng;
  person: Person;
  age: number;
  mrn: string;
  phone: Phone;
  hospital: string;
}

const ageSex = (c: NoteContext): string =>
  c.rng.pick([
    `${c.age} yo ${c.person.sex}`,
    `${c.age}yo ${c.person.sex}`,
    `${c.age} y/o ${c.person.sex === 'F' ? 'female' : 'male'}`,
    `${c.age}${c.person.sex}`,
  ]);
const ptName = (c: NoteContext): string =>
  c.rng.pick(
    [
      `${c.person.first} ${c.person.last}`,
      `${c.person.last}, ${c.person.first}`,
      `Mrs. ${c.person.last}`,
      `${c.person.first[0]}. ${c.person.last}`,
    ].filter((x) => c.person.sex === 'F' || !x.startsWith('Mrs.')),
  );
const mrnRef = (c: NoteContext): string =>
  c.rng.pick([`MRN ${c.mrn}`, `MRN: ${c.mrn}`, `mrn#${c.mrn}`, `(MR ${c.mrn})`]);
const doctor = (c: NoteContext): string => `Dr. ${c.rng.pick(DOCTORS)}`;

export interface ProcFacts {
  procDate: string;
  imagingDate: string;
  side: string;
  needles: number | null;
  cementMl: number;
  extravasation: boolean;
  sites: string[];
  symptomatic: boolean;
  vasPre: number;
}

export function procNote(c: NoteContext, f: ProcFacts): string | undefined {
  const r = c.rng;
  if (r.chance(0.3)) return undefined;
  const side = f.side === 'BILAT' ? 'bilateral' : f.side === 'LEFT' ? 'L' : 'R';
  const leak = f.extravasation
    ? `${r.pick(['Small', 'Minor', 'Trace'])} ${f.sites.map((s) => s.toLowerCase().replace('_', ' ')).join('/')} cement leak${f.symptomatic ? ', pt c/o leg pain in recovery' : ', asymptomatic'}.`
    : r.pick(['No leak.', 'No extravasation.', 'Good fill, no leak.']);
  const parts = [
    r.chance(0.6) ? `Pt ${ptName(c)} ${ageSex(c)}` : `${ageSex(c)}`,
    r.chance(0.5) ? `, ${mrnRef(c)}.` : '.',
    ` ${doctor(c)} reviewed ${r.pick(['CT', 'MRI', 'MR'])} on ${dateInNote(r, f.imagingDate)}.`,
    ` ${side} sacroplasty${f.needles ? `, ${f.needles} needle${f.needles > 1 ? 's' : ''}` : ''}, ${f.cementMl} mL PMMA. ${leak}`,
    r.chance(0.4) ? ` Pre VAS ${f.vasPre}.` : '',
    r.chance(0.35) ? ` D/c home w/ ${relative(r, c.person).role}, call ${phoneInNote(r, c.phone)}.` : '',
  ];
  return parts.join('').trim();
}

export interface FuFacts {
  fuDate: string;
  status: 'ALIVE' | 'DEAD' | 'LOST';
  contact: string;
  vasPre: number;
  vasPost: number | null;
  deathDate: string | null;
}

export function fuNote(c: NoteContext, f: FuFacts): string | undefined {
  const r = c.rng;
  if (r.chance(0.35)) return undefined;
  const rel = relative(r, c.person);
  if (f.status === 'DEAD') {
    return r.pick([
      `Chart review ${dateInNote(r, f.fuDate)}: pt expired ${dateInNote(r, f.deathDate!)} at ${c.hospital}${r.chance(0.5) ? ' hospice' : ''}. ${rel.role[0]!.toUpperCase()}${rel.role.slice(1)} ${rel.first} notified us.`,
      `Per obituary and ${rel.role} (${phoneInNote(r, c.phone)}), ${ptName(c)} died ${dateInNote(r, f.deathDate!)}. Not procedure related.`,
      `${ptName(c)} ${mrnRef(c)} deceased ${dateInNote(r, f.deathDate!)}, per ${doctor(c)}.`,
    ]);
  }
  if (f.status === 'LOST') {
    return r.pick([
      `Unable to reach pt at ${phoneInNote(r, c.phone)} x3, left VM ${dateInNote(r, f.fuDate)}.`,
      `Called ${phoneInNote(r, c.phone)} ${dateInNote(r, f.fuDate)}: number disconnected. Letter sent.`,
      `No show; ${rel.role} ${rel.first} says pt moved to ${r.pick(['Florida', 'Arizona', 'North Carolina', 'Puerto Rico', 'her sister in Ohio'])}.`,
    ]);
  }
  const how =
    f.contact === 'PHONE'
      ? `${rel.role} called ${phoneInNote(r, c.phone)}`
      : f.contact === 'CHART'
        ? 'per chart'
        : 'walking in clinic';
  return r.pick([
    `Pt ${ptName(c)} seen ${dateInNote(r, f.fuDate)}, ${how}, ${mrnRef(c)}; VAS ${f.vasPre} -> ${f.vasPost}`,
    `${ageSex(c)} f/u ${dateInNote(r, f.fuDate)}. VAS ${f.vasPost}/10. ${doctor(c)} happy with result.`,
    `Spoke with ${rel.role} ${rel.first} at ${phoneInNote(r, c.phone)}; pt ${f.vasPost! <= 3 ? 'much better, off walker' : 'still sore, using cane'}.`,
    `${ptName(c)} f/u visit ${dateInNote(r, f.fuDate)} - pain ${f.vasPost}/10 (was ${f.vasPre}).`,
  ]);
}

export interface AeFacts {
  term: string;
  onset: string;
  resolved: string | null;
  side: string;
  treatment: string;
}

export function aeNarrative(c: NoteContext, f: AeFacts): string | undefined {
  const r = c.rng;
  const who = r.chance(0.5) ? `${ageSex(c)} ${c.person.last}` : `Pt ${ptName(c)}`;
  const onset = dateInNote(r, f.onset);
  switch (f.term) {
    case 'RADICULAR_PAIN': {
      const root = f.side === 'LEFT' ? 'L S1' : f.side === 'RIGHT' ? 'R S1' : r.pick(['L S1', 'R S1', 'R S2']);
      const fix =
        f.treatment === 'SURGICAL_DECOMPRESSION'
          ? `CT showed foraminal cement; ${doctor(c)} (neurosurgery) performed decompression${f.resolved ? `, pain resolved by ${dateInNote(r, f.resolved)}` : ''}.`
          : `Treated with steroid taper, improving at ${dateInNote(r, f.resolved ?? f.onset)}.`;
      return `${who}, ${mrnRef(c)}, developed ${root} radicular pain on ${onset} after sacroplasty. ${fix}`;
    }
    case 'EXTRAVASATION_SYMPTOMATIC':
      return `${who} c/o buttock/leg pain ${onset} from presacral cement leak; analgesics, ${relative(r, c.person).role} to call ${phoneInNote(r, c.phone)} if worse.`;
    case 'INCREASED_PAIN':
      return r.chance(0.5)
        ? undefined
        : `Transient increased sacral pain ${onset}, settled with APAP. Spoke w/ pt ${c.person.first}.`;
    case 'NEW_FRACTURE':
      return `${who}: new ${r.pick(['L1', 'pubic ramus', 'contralateral sacral ala', 'L4'])} fracture on ${r.pick(['MRI', 'XR', 'CT'])} ${onset} after fall at home.`;
    case 'BLEEDING':
      return `Small hematoma at needle site ${onset}, pressure held. ${doctor(c)} aware.`;
    case 'CEMENT_EMBOLISM':
      return `Incidental tiny pulmonary cement embolus on chest CT ${onset} (${c.hospital}), asymptomatic, no anticoagulation.`;
    case 'INFECTION':
      return `Superficial cellulitis at puncture site ${onset}, oral cephalexin. ${mrnRef(c)}.`;
    case 'ALLERGIC':
      return `Urticaria after contrast ${onset}, diphenhydramine given, resolved same day.`;
    default:
      return r.chance(0.5) ? undefined : `${who}: see ${c.hospital} ED note ${onset}.`;
  }
}
