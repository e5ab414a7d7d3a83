import type { Rule } from './patterns.js';
import { CLINICAL_WORDS } from './clinical.js';

/**
 * Date and phone shapes of ICU nursing notes ("3-14", "mar 14th", "14-mar", "the 14th", "mar '95",
 * "pager 12345", "x4321"), and the numbers that only look like them: vital signs, labs and vent
 * settings ("bp 120/80", "ps 10/5", "rr 10-12", "i/o 1200/800"). Times are not PHI and never
 * matched. The negative list is one regex over the few characters before a number.
 */

/** a vital sign, lab, vent setting or score right before the number: it is a measurement */
export const MEASURE_BEFORE = new RegExp(
  String.raw`(?:^|[^a-z0-9])(?:vas|nrs|pain|score|scored|strength|power|motor|grade|graded|rated|scale|gcs|rass|odi|ratio|` +
    String.raw`n?bp|sbp|dbp|abp|map|hr|rr|resp|t|temp|tmax|tc|sat|sats|spo2|sao2|o2|cvp|pa|pap|pas|pad|pcwp|wedge|ci|co|svr|svo2|` +
    String.raw`i\/o|ins?\/outs?|io|uo|ebl|k|na|cl|co2|hco3|bun|cr|bun\/cr|hct|hgb|h\/h|wbc|plt|inr|ptt|pt|mg|ca|phos|glu|bs|fs|fsbs|` +
    String.raw`abg|vbg|lactate|ph|peep|ps|cpap|bipap|fio2|tv|vt|rsbi|ie|i:e|ipap|epap|ef|lytes|ck|trop|bnp|ast|alt|x|q|` +
    String.raw`approx|about|~|between|range|ranging|dose|size|pupils?|perrla?|assist|edema|pulses?|tabs?)` +
    String.raw`\s{0,2}[:=]?\s{0,2}(?:\d[\d.\/-]*\s{0,2}[,/]?\s{0,2})?$`,
  'i',
);
/** a unit or a count after the number: "10-12 cc/hr", "1-2 tabs", "5/5 strength", "1/2 ns" */
export const MEASURE_AFTER =
  /^\s{0,2}(?:%|mm|cm|cc|ml|l\b|lpm|mg|mcg|meq|units?|u\b|gm?\b|kg|lbs?|x\b|times|hrs?|hours?|min|mins|minutes|days?|wks?|weeks?|months?|yrs?|years?|beats|bpm|breaths|s\b|ns\b|nss\b|tabs?|tablets?|pills?|caps?|strength|power|of\b|in\b|inch|cups?|doses?|amps?|bags?|person|assist|word|steps?|sips|\+|\/\s?\d|-\s?\d{1,4}(?![\d\/])|mmhg|mm\s?hg|liters?|lit|litres?|pints?|miles?|km|kilomet(?:er|re)s?|met(?:er|re)s?|feet|ft\b|yards?|blocks?|flights?|stairs|puffs?|sprays?|drops?|glass(?:es)?|drinks?|cigarettes?|cigs|packs?|servings?|meals?|nights?|sessions?|episodes?|attacks?|cycles?|courses?|sachets?|spoons?|teaspoons?|tsp|tbsp)/i;

function notMeasure(m: RegExpExecArray, text: string): boolean {
  const start = m.index + m[0].length - (m[1] ?? m[0]).length;
  if (MEASURE_BEFORE.test(text.slice(Math.max(0, start - 24), start))) return false;
  return !MEASURE_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 10));
}

const MON = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const DAY = String.raw`(?:[12]\d|3[01]|0?[1-9])`;
const ORD = String.raw`(?:st|nd|rd|th)`;
/** words after which "3-14" is a date and not a range */
const DATE_CUE = String.raw`(?:on|in|since|from|until|til|till|thru|through|by|dated?|dos|admit(?:ted)?|adm|born|dob|discharged|d\/c'?d?|dc'?d?|seen|last|due|before|after|starting|started|sent|done|performed|placed|removed|inserted|changed|echo|cath|cxr|ct|mri|surgery|op|bm|visit|appt|f\/u|fu|of|at|and|&|or|to|was|is|for|scheduled|planned|expired|died|deceased|onset|prior|since)`;

/** a verb in the past before "11-29" makes it the day it happened ("extubated 11-29", "cultured
 * 11-30"), unless the verb tells of an amount, whose figures are a range ("increased 10-12") */
const PAST_BEFORE = /(?:^|[^a-z])([a-z]{3,}ed)\s{1,2}$/i;
const AMOUNT_VERB =
  /^(?:increased|decreased|weaned|titrated|ranged|varied|fluctuated|trended|maintained|kept|needed|required|received|dropped|rose|raised|lowered|reduced|adjusted|bolused|infused|measured|recorded|averaged|totaled|totalled|voided|drained|suctioned|replaced|repleted|gained|lost)$/i;

/** "may 2" after a subject is a verb and a count ("pt may 2"); a unit after the day is a dose */
const DATE_CUE_BEFORE = new RegExp(String.raw`(?:^|[^a-z0-9/])${DATE_CUE}\s{1,2}(?:the\s{1,2})?$`, 'i');

export function monthDayOk(m: RegExpExecArray, text: string): boolean {
  if (
    /^may\s{0,2}\d{1,2}$/i.test(m[0]) &&
    /\b(?:pt|he|she|they|you|we|i|it|who|which|that|dose|doses)\s{1,2}$/i.test(
      text.slice(Math.max(0, m.index - 8), m.index),
    )
  )
    return false;
  const after = text.slice(m.index + m[0].length, m.index + m[0].length + 8);
  // a range of days after a month is a span of dates ("jun 14 - 19th of july", "june 14-19")
  if (/^\s{0,2}-\s{0,2}\d/.test(after) && !/^may/i.test(m[0])) return true;
  return !MEASURE_AFTER.test(after);
}

const MD = String.raw`(?:0?[1-9]|1[0-2])[/-]${DAY}`;
const SPAN = String.raw`(?:-|–|to|thru|through|until)`;
/** a quick look for any such span first: most texts with a slash have none */
const SPAN_PRE = /\d[/-]\d{1,2}\s{1,2}(?:-|–|to|thru|through|until)\s{1,2}\d{1,2}[/-]\d/;
/** one end with a slash, and no measurement around the span ("ps 10/5 - 12/5") */
function spanOk(a: string, b: string, start: number, end: number, text: string): boolean {
  return (
    (a.includes('/') || b.includes('/')) &&
    !MEASURE_BEFORE.test(text.slice(Math.max(0, start - 24), start)) &&
    !MEASURE_AFTER.test(text.slice(end, end + 10))
  );
}

export const NOTE_RULES: Rule[] = [
  // a span between two month/day dates, one of them with a slash: "4-5 - 1/24", "11/24 to 12-2";
  // each end is a date, though "4-5" alone reads as a range of numbers and "1/24" as a fraction
  {
    kind: 'DATE',
    re: new RegExp(String.raw`(?<![\d/.-])\b(${MD})(?=\s{1,2}${SPAN}\s{1,2}(${MD})\b(?![-/.]\d))`, 'g'),
    group: 1,
    need: '/',
    pre: SPAN_PRE,
    accept: (m, text) => {
      const second = text.indexOf(m[2]!, m.index + m[1]!.length);
      return spanOk(m[1]!, m[2]!, m.index, second + m[2]!.length, text);
    },
  },
  {
    kind: 'DATE',
    re: new RegExp(String.raw`(?<=(?<![\d/.-])\b(${MD})\s{1,2}${SPAN}\s{1,2})(${MD})\b(?![-/.]\d)`, 'g'),
    group: 2,
    need: '/',
    pre: SPAN_PRE,
    accept: (m, text) => spanOk(m[1]!, m[2]!, text.lastIndexOf(m[1]!, m.index), m.index + m[0].length, text),
  },
  // "3-14", "03-14" after a date word or before a time ("3-14 at 1300"); never a range of numbers
  // ("rr 10-12", "1-2 tabs")
  {
    kind: 'DATE',
    re: new RegExp(String.raw`(?<![\d/.-])\b(?:0?[1-9]|1[0-2])-${DAY}\b(?![-/.]\d|\s{0,2}(?:-|to)\s{0,2}\d)`, 'g'),
    accept: (m, text) => {
      const end = m.index + m[0].length;
      if (/^\s{1,2}(?:at|@)\s{0,2}\d/.test(text.slice(end, end + 8))) return true;
      const before = text.slice(Math.max(0, m.index - 18), m.index);
      if (!DATE_CUE_BEFORE.test(before)) {
        const past = PAST_BEFORE.exec(before);
        if (!past || AMOUNT_VERB.test(past[1]!)) return false;
      }
      return notMeasure(m, text);
    },
  },
  // "mar '95", "march of '04", "mar 95"? only with the apostrophe
  {
    kind: 'DATE',
    re: new RegExp(String.raw`\b${MON}\.?\s{0,2}(?:of\s{1,2})?'\d\d\b`, 'gi'),
    at: 'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december',
  },
  // "the 14th": a day of the month, unless a count follows ("the 2nd dose", "the 3rd floor")
  {
    kind: 'DATE',
    re: new RegExp(String.raw`\bthe\s{1,2}(${DAY}${ORD})\b`, 'gi'),
    group: 1,
    accept: (m, text) =>
      !/^\s{0,2}(?:of\s+\w+\s+)?(?:dose|time|unit|day|attempt|floor|percentile|grade|rib|ics|intercostal|hour|week|cycle|round|bag|liter|try|episode|line|one|stick|set|bolus|amp|pt|patient|degree|toe|finger|digit|and\s+\d)/i.test(
        text.slice(m.index + m[0].length, m.index + m[0].length + 24),
      ),
  },
  // street addresses typed in lowercase: "39 washington st", "12 elm street apt 4"
  {
    kind: 'ADDRESS',
    re: /\b\d{1,5}\s{1,2}(?:[a-z][a-z'.-]{1,20}\s{1,2}){1,3}(?:st|street|ave|avenue|rd|road|drive|ln|lane|blvd|boulevard|way|court|place|terr?|terrace|pkwy|parkway|hwy|highway|cir|circle|sq|square)\b\.?/gi,
    at: 'st street ave avenue rd road drive ln lane blvd boulevard way court place ter terr terrace pkwy parkway hwy highway cir circle sq square',
    accept: (m) => {
      const words = m[0].toLowerCase().split(/\s+/).slice(1, -1);
      return (
        !words.some((w) => CLINICAL_WORDS.has(w)) &&
        !/^(?:months?|days?|weeks?|wks?|hrs?|hours?|mins?|minutes|years?|yrs?|units?|mg|mcg|ml|cc|l|times|x|am|pm|of|to|and|with|w|in|at|on|for|more|or|beats|breaths|people|person|assist|steps|feet|ft|bid|tid|qid|qd)$/.test(
          words[0] ?? '',
        )
      );
    },
  },
  // pagers and extensions: "pager 12345", "pgr #4321", "x4321", "ext. 2086"
  {
    kind: 'PHONE',
    re: /\b(?:pager|beeper|pgr|bpr|beep)\s{0,2}(?:#|no\.?|number)?\s{0,2}[:.]?\s{0,2}(\d{3,6}(?:-\d{3,4})?)\b/gi,
    group: 1,
    at: 'pager beeper pgr bpr beep',
  },
  {
    kind: 'PHONE',
    re: /\b(?:x\d{4,5}|ext\.?\s{0,2}#?\s{0,2}\d{3,5}|extension\s{0,2}\d{3,5})\b/gi,
    at: 'x ext extension',
  },
  // "555 1234" after a call word
  {
    kind: 'PHONE',
    re: /\b(?:call|calls|called|reach|reached|phone|cell|tel|number|registered|answering)\b(?:\s{1,2}(?:me|him|her|us|them))?(?:\s{1,2}(?:on|at))?\s{1,2}(\d{2,4} \d{4,6})\b(?![.,]?\d)/gi,
    group: 1,
    at: 'call calls called reach reached phone cell tel number registered answering',
  },
];
