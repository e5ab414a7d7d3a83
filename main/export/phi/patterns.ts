import type { PhiKind, PhiSpan } from './types.js';
import { STATE_RE_SOURCE } from './geo.js';
import { lists, markWords } from './lists.js';
import { isCommonWord } from './names.js';
import type { Token } from './tokens.js';
import { BIRTH_YEAR_RULES, clinicalFraction } from './fractions.js';
import { MEASURE_AFTER, MEASURE_BEFORE, NOTE_RULES, monthDayOk } from './shapes.js';
import { OLD_AGE_RULES } from './old-ages.js';
import { STREET_RULES } from './streets.js';

/**
 * The identifiers that have a shape: each rule is one precompiled regex run once over the whole
 * text. Every quantifier is bounded or separated by a mandatory literal, so no input can make them
 * backtrack badly. `group` names the capture that is the PHI when the rest is only context
 * ("MRN: 123" redacts the number, not the keyword, so the reader still knows what was there).
 */
export interface Rule {
  kind: PhiKind;
  re: RegExp;
  group?: number;
  /** a last check on the match, for what a regex says badly (digit counts, fractions) */
  accept?: (m: RegExpExecArray, text: string) => boolean;
  /** skip the rule when the text lacks this: most notes have no "@" or "::" */
  need?: string;
  /** where a match can start, for a sticky (`y`) regex tried only there instead of everywhere */
  starts?: (text: string) => number[];
  /** a cheaper regex that must find something first */
  pre?: RegExp;
  /** how many times `need` must occur (an IPv6 address has 7 colons; a note has a few) */
  needCount?: number;
  /** run the rule only on a text with one of these words (lowercase, space-separated): every match
   * holds one of them, and a word lookup per token is much cheaper than one more pass of a regex */
  at?: string;
  /** the regex is case-sensitive and its trigger word is capitalised in every match */
  atCap?: boolean;
  /** the character right before the trigger word in every match: "." before a domain's "com" */
  atAfter?: string;
}

const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const DAY = String.raw`(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:1[89]\d\d|20\d\d)`;
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s?[AaPp]\.?[Mm]\.?)?)?`;

/** Scores and fractions that look like m/d: "VAS 9/10", "strength 5/5", "1/2 tab". */
const NOT_DATE_BEFORE =
  /(?:vas|nrs|pain|score|scored|strength|power|motor|grade|graded|rated|scale|gcs|odi|bp|ratio)\W{0,3}$/i;
const NOT_DATE_AFTER = /^\s*(?:strength|power|mm\s*hg|tab|tabs|tablets?|pills?|caps?|of|in\b|inch|cups?|dose|doses)/i;

function digits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const ID_KEYWORD = String.raw`(?:acc(?:oun)?t|acct|policy|member|subscriber|beneficiary|health\s?plan|insurance|ins|group|claim|license|licence|lic|DL|driver'?s?\s+licen[cs]e|passport|serial|device|implant|lot|plate|VIN|vehicle|certificate|cert|NPI|DEA|UPIN|badge|ID|IBAN|card)`;
const MRN_KEYWORD = String.raw`(?:MRN|MR|medical\s+record(?:\s+(?:number|no|num))?|med\s+rec|chart|record|hospital\s+(?:number|no)|patient\s+(?:number|no|id)|pt\s+id|unit\s+(?:number|no))`;
const NUM_WORD = String.raw`(?:\s*(?:number|num|no\.?|nr|#|id))?\s*[:#=]?\s*`;

const LOCAL_PART = /[\w.%+-]/;
/** the first character of the run of local-part characters before each "@" (the only place the
 * EMAIL regex, whose lookbehind forbids starting inside that run, can match) */
function emailStarts(text: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let k = at;
    while (k > 0 && at - k <= 64 && LOCAL_PART.test(text[k - 1]!)) k--;
    if (out[out.length - 1] !== k) out.push(k);
  }
  return out;
}

export const RULES: Rule[] = [
  // the local part is matched from a word boundary, so the engine does not retry 64 characters
  // at every position of a text that mostly has no "@"
  {
    kind: 'EMAIL',
    re: /(?<![\w.%+-])[\w%+-][\w.%+-]{0,63}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/y,
    need: '@',
    starts: emailStarts,
  },
  { kind: 'URL', re: /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"'()]{2,}[^\s<>"'().,;:!?]/gi, at: 'http https ftp www' },
  {
    kind: 'URL',
    re: /\b[A-Za-z0-9-]{2,63}(?:\.[A-Za-z0-9-]{2,63})*\.(?:com|org|net|edu|gov|mil|info|biz|io|health|care)\b(?:\/[^\s<>"']*[^\s<>"'.,;:!?])?/gi,
    at: 'com org net edu gov mil info biz io health care',
    atAfter: '.',
  },
  { kind: 'IP', re: /\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b/g },
  { kind: 'IP', re: /\b(?<!:)(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])/g, need: ':', needCount: 7 },
  {
    kind: 'IP',
    re: /\b(?<!:)(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![\w:])/g,
    need: '::',
  },
  { kind: 'SSN', re: /\b\d{3}([- ])\d{2}\1\d{4}\b/g },
  {
    kind: 'SSN',
    re: /\b(?:SSN|SS#|social\s+security(?:\s+(?:number|no))?)\s*[:#]?\s*(\d{9}|\d{3}[- .]\d{2}[- .]\d{4})\b/gi,
    group: 1,
    at: 'ssn ss social',
  },
  // Dates: numeric (US order first, ISO, then day-first European), then with month names.
  {
    kind: 'DATE',
    re: new RegExp(String.raw`\b(?:0?[1-9]|1[0-2])([/.-])(?:0?[1-9]|[12]\d|3[01])\1(?:\d{4}|\d{2})\b${TIME}`, 'g'),
  },
  {
    kind: 'DATE',
    re: new RegExp(String.raw`\b(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\1\d{4}\b${TIME}`, 'g'),
  },
  {
    kind: 'DATE',
    re: new RegExp(String.raw`\b${YEAR}([/.-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])\b${TIME}`, 'g'),
  },
  { kind: 'DATE', re: new RegExp(String.raw`\b(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b`, 'g') },
  {
    kind: 'DATE',
    re: /\b(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])\b(?![/\d])/g,
    accept: (m, text) =>
      !clinicalFraction(m, text) &&
      !NOT_DATE_BEFORE.test(text.slice(Math.max(0, m.index - 16), m.index)) &&
      !NOT_DATE_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12)) &&
      !MEASURE_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index)) &&
      !MEASURE_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 10)) &&
      // "2/2" is "secondary to" before a word: "hypotension 2/2 sepsis"
      !(m[0] === '2/2' && /^\s{1,2}[a-z]/i.test(text.slice(m.index + 3, m.index + 6))) &&
      !/\/$|\d$/.test(text.slice(Math.max(0, m.index - 1), m.index)) &&
      // a run of scores: "strength 5/5 and 4/5"
      !/\d\/(?:5|10)\D{1,8}$/.test(text.slice(Math.max(0, m.index - 14), m.index)) &&
      // "n/10" near another score is a pain score too: "pain 6/10 ... relief to 2/10"
      !(/^\d{1,2}\/10$/.test(m[0]) && /\/10\b|pain|score|relief/i.test(text.slice(Math.max(0, m.index - 48), m.index))),
  },
  // month names in any case ("march 14", "mar 14th", "14-mar"): notes are often typed in lowercase
  {
    kind: 'DATE',
    re: new RegExp(String.raw`\b${MONTH}\s{0,2}${DAY}(?:,?\s{0,2}(?:${YEAR}|'\d\d))?\b(?![.,]\d|:\d)${TIME}`, 'gi'),
    accept: monthDayOk,
    at: 'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december',
  },
  {
    kind: 'DATE',
    re: new RegExp(String.raw`\b${DAY}(?:\s{0,2}|-)(?:of\s+)?${MONTH}(?:,?(?:\s{0,2}|-)(?:${YEAR}|\d\d))?\b`, 'gi'),
    accept: (m) => /[A-Z]/.test(m[0]) || /\d{4}|-|st|nd|rd|th|of/i.test(m[0]) || !/may$/i.test(m[0]),
    at: 'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december',
  },
  {
    kind: 'DATE',
    re: new RegExp(String.raw`\b${MONTH},?\s{0,2}${YEAR}\b`, 'gi'),
    at: 'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december',
  },
  // Phones: US shapes, then international groups; digit counts are checked after the match.
  {
    kind: 'PHONE',
    re: /(?<![\w+])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?\b/gi,
  },
  { kind: 'PHONE', re: /(?<![\w+/.-])\d{3}-\d{4}\b(?![/.-]\d)/g },
  {
    kind: 'PHONE',
    re: /(?<![\w/.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,6}(?:[\s.-]\d{2,8}){1,5}(?:\s?(?:x|ext\.?)\s?\d{1,6})?(?![\w/]|[.-]\d)/gi,
    accept: (m) => {
      const n = digits(m[0]);
      if (n < 7 || n > 15) return false;
      // two groups split by a dot or a lone space are a decimal or two separate numbers
      const groups = m[0].split(/[\s.-]+/).length;
      return groups >= 3 || m[0].startsWith('+') || m[0].startsWith('(') || /^\d+-\d+$/.test(m[0]) || n >= 9;
    },
  },
  {
    kind: 'PHONE',
    re: /\b(?:phone|ph|tel|telephone|cell|mobile|mob|home|work|fax|pager|beeper|contact|call(?:ed)?|desk)\b\s*(?:#|no\.?|number)?\s*[:.]?\s*(\+?[\d(][\d\s().-]{5,20}\d)/gi,
    group: 1,
    accept: (m) => digits(m[1]!) >= 7,
    at: 'phone ph tel telephone cell mobile mob home work fax pager beeper contact call called desk',
  },
  // Identifiers announced by a keyword; "#12345" alone is an MRN by the spec.
  {
    kind: 'MRN',
    re: new RegExp(String.raw`\b${MRN_KEYWORD}${NUM_WORD}([A-Z]{0,4}[-\s]?\d[\dA-Z-]{3,})`, 'gi'),
    group: 1,
    at: 'mrn mr record rec chart number num no id',
  },
  { kind: 'MRN', re: /(?:^|[^\w&])#\s?(\d{5,})\b/g, group: 1 },
  {
    kind: 'ID',
    re: new RegExp(String.raw`\b${ID_KEYWORD}${NUM_WORD}((?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{3,})\b`, 'gi'),
    group: 1,
    at: 'acc acct account policy member subscriber beneficiary health healthplan insurance ins group claim license licence lic dl driver drivers passport serial device implant lot plate vin vehicle certificate cert npi dea upin badge id iban card',
  },
  { kind: 'ID', re: /\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b/gi }, // IBAN
  { kind: 'ID', re: /\b\d{4}[\s-]\d{4}[\s-]\d{4}[\s-]\d{1,7}\b/g }, // card numbers in groups
  // Long bare numbers and long letter+digit codes identify something, whatever they are.
  { kind: 'ID', re: /\b\d{7,}\b/g },
  { kind: 'ID', re: /\b(?:[A-Z]{1,6}\d|\d{1,12}[A-Z])[A-Z0-9]{5,}\b/gi, accept: (m) => digits(m[0]) >= 5 },
  // Ages over 89 only: younger ages are not identifiers under Safe Harbor.
  {
    kind: 'AGE',
    re: /\b(?:9\d|1[0-3]\d)(?:\s?|-)(?:yo|y\/o|y\.o\.?|yrs?|years?|yr-old|year-old|years-old)(?:[\s-]?old)?(?:\s?[MF])?\b|\b(?:9\d|1[0-3]\d)\s?(?:yo|y\/?o)?[MF]\b/gi,
  },
  { kind: 'AGE', re: /\b(?:aged?|age:|age of|age is)\s{0,3}(9\d|1[0-3]\d)\b/gi, group: 1, at: 'age aged' },
  { kind: 'AGE', re: /\b(?:in\s+(?:his|her|their)\s+)(?:90s|nineties|100s)\b/gi, at: 's nineties' },
  // ZIP codes after a state, or announced; and the city before the state.
  { kind: 'ZIP', re: new RegExp(String.raw`\b${STATE_RE_SOURCE}\.?,?\s{1,3}(\d{5}(?:-\d{4})?)\b`, 'g'), group: 1 },
  {
    kind: 'ZIP',
    re: /\b(?:zip|zip\s?code|postal\s?code|post\s?code|postcode)(?:\s+is)?\s*[:#]?\s*((?=[A-Z]*\d)[A-Z0-9]{2,5}(?:[\s-][A-Z0-9]{3,4})?)\b/gi,
    group: 1,
    at: 'zip zipcode postal postalcode postcode post',
  },
  // a postcode alone on the last line of an address block
  {
    kind: 'ZIP',
    re: /^[ \t>]*(?:[A-Z]{2}[ \t]+)?(\d{5}(?:-\d{4})?|\d{2}-\d{3}|[A-Z]\d[A-Z] ?\d[A-Z]\d)[ \t]*$/gm,
    group: 1,
  },
  // Street addresses: US "123 Main St", European "Koskikatu 25", and the unit/box parts.
  {
    kind: 'ADDRESS',
    re: /\b\d{1,6}[A-Za-z]?(?:-\d{1,5})?\s{1,3}(?:[NSEW]\.?\s|North\s|South\s|East\s|West\s)?(?:[A-Za-z0-9][\w'’.-]{0,30}\s{1,3}){0,4}(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Place|Pl|Way|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Trail|Trl|Plaza|Plz|Alley|Loop|Crescent|Close|Mews|Gardens|Grove|Heights|Turnpike|Tpke|Expressway|Expy|Freeway|Fwy|Concourse|Pike|Route|Rte)\b\.?(?:,?\s{0,3}(?:Apt|Apartment|Suite|Ste|Unit|Rm|Room|Fl|Floor|Bldg|#)\.?\s{0,2}#?\s{0,2}[A-Za-z0-9-]{1,6}\b)?/g,
    at: 'street st avenue ave av road rd boulevard blvd drive dr lane ln court ct place pl way terrace ter parkway pkwy highway hwy circle cir square sq trail trl plaza plz alley loop crescent close mews gardens grove heights turnpike tpke expressway expy freeway fwy concourse pike route rte',
    atCap: true,
  },
  {
    kind: 'ADDRESS',
    // (capitals spelled out: a case-insensitive flag makes this regex five times slower)
    re: /(?:\b\d{1,6}\s{1,3})?\b(?:ul\.|[Rr]ue|[Vv]ia|[Cc]alle|[Aa]venida|[Rr]ua|[Vv]iale|[Pp]iazza|[Cc]arrer|[Ss]trada|[Aa]v\.)\s{1,3}(?:[\p{L}'’.-]{1,30}\s{1,3}){0,4}\d{1,5}[A-Za-z]?\b/gu,
    at: 'ul rue via calle avenida rua viale piazza carrer strada av',
  },
  {
    kind: 'ADDRESS',
    re: /(?:\b\d{1,6}\s{1,3})?[\p{Lu}][\p{L}'’-]{1,30}(?:katu|tie|kuja|polku|vej|gade|gatan|vägen|väg|veien|vegen|gata|straße|strasse|str\.|weg|laan|straat|plein|gracht|kade|allee|utca|ulica|tee|ring|platz|gasse)\s{1,3}\d{1,5}[A-Za-z]?\b/gu,
    pre: /(?:katu|tie|kuja|polku|vej|gade|gatan|vägen|väg|veien|vegen|gata|straße|strasse|str\.|weg|laan|straat|plein|gracht|kade|allee|utca|ulica|tee|ring|platz|gasse)\s{1,3}\d/u,
  },
  {
    kind: 'ADDRESS',
    re: /\b\d{1,6}[ \t]{1,3}(?:[\p{L}'’.-]{1,30}[ \t]{1,3}){1,4}\d{1,5}[A-Za-z]?\b\.?/gu,
    accept: (m, text) => {
      const words = m[0].split(/[\s\d.]+/).filter((w) => w.length > 1);
      const proper = words.some(
        (w) => /^\p{Lu}/u.test(w) && !isCommonWord(w.toLowerCase().replace(/['’]s$/, ''), lists()),
      );
      return (
        proper ||
        /(?:address|lives at|live at|located at|off at|reside[sd]? at)\W{1,3}$/i.test(
          text.slice(Math.max(0, m.index - 24), m.index),
        )
      );
    },
  },
  {
    kind: 'ADDRESS',
    re: /\b(?:[A-Z][a-z]{2,20}[ \t]){1,3}(?:Street|Avenue|Road|Boulevard|Parkway|Highway|Lane)\b/g,
    at: 'street avenue road boulevard parkway highway lane',
    atCap: true,
  },
  {
    kind: 'ADDRESS',
    re: /\b(?:Apt|Apartment|Suite|Ste|Unit|Bldg|Building|Floor|Fl|Room|Rm)\.?\s{0,2}#?\s{0,2}\d{1,6}[A-Za-z]?\b/g,
    at: 'apt apartment suite ste unit bldg building floor fl room rm',
    atCap: true,
  },
  {
    kind: 'ADDRESS',
    re: /\b(?:P\.?\s?O\.?\s?Box|Box|PSC|CMR|Unit)\s{1,3}\d{1,6}\b(?:,?\s{1,3}Box\s{1,3}\d{1,6})?/gi,
    at: 'p po pobox box psc cmr unit',
  },
  { kind: 'ADDRESS', re: /\b(?:APO|FPO|DPO)\s{1,3}(?:AA|AE|AP)\s{1,3}\d{5}\b/g, at: 'apo fpo dpo', atCap: true },
  { kind: 'ADDRESS', re: /\bUS[NS]V?\s{1,3}[A-Z][a-z]+\b/g, at: 'usn uss usnv ussv', atCap: true },
  // Facilities: capitalised words before an institution word, and saints' names.
  {
    kind: 'FACILITY',
    re: /\b(?:(?:St\.?|Saint|Mount|Mt\.?)\s{1,2})?(?:[A-Z][\w'’.&-]{0,30}\s{1,2}){1,4}(?:Hospital|Medical\s+Center|Medical\s+Centre|Health\s+Center|Health\s+System|Healthcare|Health\s+Care|Clinic|Infirmary|Hospice|Nursing\s+Home|Nursing\s+Facility|Rehabilitation\s+(?:Center|Hospital|Institute)|Rehab|Cancer\s+Center|Surgery\s+Center|Surgical\s+Center|Memorial|Medical\s+Group|Health|Sanatorium|Care\s+Center|Urgent\s+Care|Imaging(?:\s+Center)?|Radiology|Orthopedics|Associates|Institute|University|College)\b/g,
    at: 'hospital medical health healthcare clinic infirmary hospice nursing rehabilitation rehab cancer surgery surgical memorial sanatorium care urgent imaging radiology orthopedics associates institute university college',
    atCap: true,
  },
  ...NOTE_RULES,
  ...BIRTH_YEAR_RULES,
  ...OLD_AGE_RULES,
  ...STREET_RULES,
  {
    kind: 'FACILITY',
    re: /\b(?:St\.?|Saint)\s{1,2}[A-Z][a-z]+(?:'s|’s|s)?\b(?:\s{1,2}(?:Hospital|Medical Center|Clinic|Health))?/g,
    at: 'st saint',
    atCap: true,
  },
];

function occurs(text: string, what: string, times: number): boolean {
  let at = -1;
  for (let c = 0; c < times; c++) {
    at = text.indexOf(what, at + 1);
    if (at < 0) return false;
  }
  return true;
}

/** trigger word -> the indices of the rules it lets run */
let triggers: Map<string, number[]> | undefined;
const TRIGGER_BIT = 1 << 14;
function triggerMap(): Map<string, number[]> {
  if (triggers) return triggers;
  triggers = new Map();
  RULES.forEach((rule, k) => {
    for (const w of rule.at?.split(' ') ?? []) triggers!.set(w, [...(triggers!.get(w) ?? []), k]);
  });
  return triggers;
}

/** `tokens` (the words of the text) decide which keyword rules run; without them all run */
markWords(
  RULES.flatMap((r) => r.at?.split(' ') ?? []),
  TRIGGER_BIT,
);

export function findPatterns(text: string, out: PhiSpan[], tokens?: readonly Token[]): void {
  let on: Uint8Array | undefined;
  if (tokens) {
    const map = triggerMap();
    on = new Uint8Array(RULES.length);
    for (const t of tokens) {
      if ((t.flags & TRIGGER_BIT) === 0) continue;
      const ks = map.get(t.lower);
      if (!ks) continue;
      for (const k of ks) {
        const rule = RULES[k]!;
        if ((rule.atCap && !(t.cap || t.upper)) || (rule.atAfter !== undefined && text[t.start - 1] !== rule.atAfter))
          continue;
        on[k] = 1;
      }
    }
  }
  for (let k = 0; k < RULES.length; k++) {
    const rule = RULES[k]!;
    if (on && rule.at !== undefined && on[k] === 0) continue;
    if (rule.need !== undefined && !occurs(text, rule.need, rule.needCount ?? 1)) continue;
    if (rule.pre !== undefined && !rule.pre.test(text)) continue;
    const re = rule.re;
    if (rule.starts) {
      for (const at of rule.starts(text)) {
        re.lastIndex = at;
        const m = re.exec(text);
        if (m) emit(rule, m, text, out);
      }
      continue;
    }
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) re.lastIndex++;
      else emit(rule, m, text, out);
    }
  }
}

/** one match of a rule as a span (a plain function: a closure made per rule and text cost more
 * than the matching of most rules) */
function emit(rule: Rule, m: RegExpExecArray, text: string, out: PhiSpan[]): void {
  if (m[0].length === 0 || (rule.accept && !rule.accept(m, text))) return;
  if (rule.group !== undefined) {
    const g = m[rule.group];
    if (!g) return;
    const start = m.index + m[0].lastIndexOf(g);
    out.push({ start, end: start + g.length, kind: rule.kind });
  } else {
    out.push({ start: m.index, end: m.index + m[0].length, kind: rule.kind });
  }
}
