import type { Rule } from './patterns.js';
import { oldestAgeYear } from './fractions.js';

/**
 * Ages over 89 and the years that reveal one, in the shapes the digit rules of patterns.ts miss:
 * an age in words ("ninety-two year old", "age ninety", "nonagenarian"), a decade with a
 * qualifier ("in her late 90s"), a birth year of two digits ("born '31"), and the year of an event
 * of adult life ("married in 1948", "retired in 1979") that puts the birth before the oldest year
 * Safe Harbor lets stay. Younger ages are no identifier, so every rule checks the figure.
 */
const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const NINETY = String.raw`(?:ninety(?:[- ](?:${UNITS.join('|')}))?|(?:one\s)?hundred(?:(?:\sand)?\s(?:${UNITS.join('|')}|ten))?)`;
const NINETY_WORDS = `ninety ${UNITS.map((u) => `ninety-${u}`).join(' ')} hundred`;
/** "years old" in full ("for a hundred years" is no age), or the shorthand */
const AGE_UNIT = String.raw`(?:[- ]?(?:years?|yrs?)[- ]old|[- ]?(?:yo|y\/o|y\.o\.?))`;

/** the youngest age at which each event of adult life happens: its year then bounds the birth */
const EVENT_MIN_AGE: Record<string, number> = {
  married: 16,
  retired: 40,
  widowed: 18,
  enlisted: 16,
  graduated: 16,
};
const EVENT = Object.keys(EVENT_MIN_AGE).join('|');

/** a two-digit year is of the 1900s when the 2000s would put it in the future */
function twoDigitBirthYear(yy: number, now = new Date()): number | undefined {
  const recent = 2000 + yy;
  return recent > now.getUTCFullYear() ? 1900 + yy : undefined;
}

export const OLD_AGE_RULES: Rule[] = [
  {
    kind: 'AGE',
    re: new RegExp(String.raw`\b${NINETY}${AGE_UNIT}(?!\w)`, 'gi'),
    at: NINETY_WORDS,
  },
  {
    kind: 'AGE',
    re: new RegExp(String.raw`\b(?:aged?|age:|age of|age is)\s{0,3}(${NINETY})\b`, 'gi'),
    group: 1,
    at: 'age aged',
  },
  {
    kind: 'AGE',
    re: /\b(?:nonagenarian|centenarian|supercentenarian)s?\b/gi,
    at: 'nonagenarian nonagenarians centenarian centenarians supercentenarian',
  },
  {
    kind: 'AGE',
    re: /\bin\s+(?:his|her|their)\s+(?:early|mid|late)[- ]?(?:90s|nineties|100s)\b/gi,
    at: 'early mid late mid-90s late-90s early-90s mid-nineties late-nineties early-nineties',
  },
  {
    kind: 'DATE',
    re: /\b(?:born|b\.|dob|d\.o\.b\.?|yob)\W{0,4}(?:in\s+)?'(\d\d)\b(?!\/)/gi,
    group: 1,
    accept: (m) => {
      const y = twoDigitBirthYear(Number(m[1]));
      return y !== undefined && y <= oldestAgeYear();
    },
    at: 'born b dob d yob',
  },
  {
    kind: 'DATE',
    re: new RegExp(String.raw`\b(${EVENT})\s{1,2}(?:in\s{1,2})?((?:18|19)\d\d)\b(?![/.-]\d)`, 'gi'),
    group: 2,
    accept: (m) => Number(m[2]) - EVENT_MIN_AGE[m[1]!.toLowerCase()]! <= oldestAgeYear(),
    at: EVENT.replace(/\|/g, ' '),
  },
];
