/**
 * Parts of a note whose words are read differently. In a family history ("FHx - Mother Lung Ca",
 * "FH: father - Excema") a relative's word is followed by what the relative had, not by a name,
 * so there only a word of the first-name list ("FHx: mother Mary, breast ca") is taken as a name.
 */
const FAMILY_HISTORY = /\b(?:f\/?hx?|fam(?:ily)?\.?\s{0,2}(?:history|hx|h\/o))\b[ \t]{0,3}[:-]?/gi;
/** the part runs to the end of its sentence, line or item, at most this far */
const MAX_PART = 160;

export type Ranges = readonly (readonly [number, number])[];

/** the last text asked and its answer: the name and the context rules both ask, one after the other */
let asked: { text: string; parts: Ranges } | undefined;

export function familyHistory(text: string): Ranges {
  if (asked?.text === text) return asked.parts;
  // most notes have none: one cheap look before the regex
  const parts = /f(?:\/?h|am)/i.test(text) ? ranges(text, FAMILY_HISTORY) : [];
  asked = { text, parts };
  return parts;
}

/** from each header to the end of its sentence, line or item; a header alone on its line heads
 * the lines below it (after any blank lines), up to a blank line ("Medications\nVentolin -\nClenil modulate -\n\nNKDA") */
function ranges(text: string, header: RegExp): Ranges {
  const out: [number, number][] = [];
  header.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = header.exec(text)) !== null) {
    const from = m.index + m[0].length;
    let to = from;
    while (to < text.length && (text[to] === ' ' || text[to] === '\t')) to++;
    if (text[to] === '\n' || text[to] === '\r') {
      while (to < text.length && /\s/.test(text[to]!)) to++;
      const blank = /\n[ \t]*\r?\n/g;
      blank.lastIndex = to;
      const b = blank.exec(text);
      out.push([from, Math.min(b ? b.index : text.length, from + 2 * MAX_PART)]);
      continue;
    }
    const stop = Math.min(text.length, from + MAX_PART);
    while (to < stop && !/[.;\n]/.test(text[to]!)) to++;
    out.push([from, to]);
  }
  return out;
}

export function inRanges(r: Ranges, at: number): boolean {
  for (const [a, b] of r) if (at >= a && at < b) return true;
  return false;
}

/** A medication list ("DH: Rennies PRN", "Medications Ventolin - Clenil", "Meds: ..."): there a
 * capitalised word that no name list holds is a drug's brand, not a person. */
const MEDICATIONS =
  /\b(?:d\/?hx?|meds|medications?|drugs?\s{1,2}(?:history|hx)|current\s{1,2}medications?)\b[ \t]{0,3}[:?-]?/gi;

export function medicationLists(text: string): Ranges {
  if (!/d\/?h|med|drug/i.test(text)) return [];
  return ranges(text, MEDICATIONS);
}
