import type { Rule } from './patterns.js';
import { CLINICAL_WORDS } from './clinical.js';

/**
 * A street named without a house number, which Safe Harbor removes as it does a full address:
 * "lives on Elm St", "struck by a car on Mass Ave", "lives on elm street", "MVA on Route 128".
 * The street word's short forms are read only after capitalised words, or after a clause of living
 * or of where something happened ("lives on", "found on"), since "st", "dr" and "ct" are clinical
 * shorthand elsewhere ("st elevations", "dr aware", "ct scan").
 */
const SHORT = String.raw`(?:St|Ave|Av|Rd|Blvd|Ln|Ct|Pkwy|Hwy|Ter|Terr|Pl|Sq|Cir)`;
/** (not "way", "place", "drive": ordinary words that would run the rule on most notes) */
const LONG = String.raw`(?:street|avenue|road|boulevard|lane|parkway|highway|terrace)`;
/** words that start no street's name */
const NOT_FIRST =
  /^(?:the|a|an|on|at|in|of|to|from|off|and|or|by|with|his|her|their|this|that|no|see|per|pt|dr|mr|mrs|ms)$/i;

function wordsOk(m: RegExpExecArray): boolean {
  const words = m[1]!.trim().split(/\s+/);
  if (NOT_FIRST.test(words[0]!)) return false;
  return !words.some((w) => CLINICAL_WORDS.has(w.toLowerCase().replace(/\.$/, '')));
}

export const STREET_RULES: Rule[] = [
  // capitalised words before a street's short form: "Elm St", "Mass Ave", "Comm. Ave."
  {
    kind: 'ADDRESS',
    re: new RegExp(String.raw`(?<![\d] {0,2})\b((?:[A-Z][a-z]{1,20}\.?[ \t]){1,3})${SHORT}\b\.?`, 'g'),
    accept: wordsOk,
    at: 'st ave av rd blvd ln ct pkwy hwy ter terr pl sq cir',
    atCap: true,
  },
  // lowercase, after a clause of place: "lives on elm street", "found down on comm ave"
  {
    kind: 'ADDRESS',
    re: new RegExp(
      String.raw`\b(?:lives?|living|resides?|located|found|down|struck|hit|walking|crossing|apartment|apt|house|home)\s{1,2}(?:on|off)\s{1,2}((?:[a-z]{2,20}\.?\s){1,3}(?:${LONG}|st|ave|rd|blvd|ln|ct|pkwy|hwy)\b\.?)`,
      'gi',
    ),
    group: 1,
    accept: wordsOk,
    at: 'street avenue road boulevard lane parkway highway terrace st ave rd blvd ln ct pkwy hwy',
  },
  // numbered routes: "on Route 128", "off rte 9"
  { kind: 'ADDRESS', re: /\b(?:Route|Rte\.?)\s{1,2}\d{1,3}[A-Z]?\b/g, at: 'route rte', atCap: true },
  { kind: 'ADDRESS', re: /\b(?:on|off)\s{1,2}((?:route|rte\.?)\s{1,2}\d{1,3})\b/gi, group: 1, at: 'route rte' },
];
