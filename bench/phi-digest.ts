/**
 * Every finding of the scanner on every text the benches use, one line per text, for a
 * performance change to diff before and after (no finding may change):
 *
 *   npx tsx bench/phi-digest.ts > /tmp/before.txt    ... change ...    npx tsx bench/phi-digest.ts | diff /tmp/before.txt -
 *
 * The texts run twice, in order, so a cache kept across scans is also checked against its own
 * warm reading; subject identifiers are exercised on the nursing notes' gold names.
 */
import { createHash } from 'node:crypto';
import { findPhi, findSubjectSpans } from '../main/export/phi/index.js';
import { clinicalCorpus } from './phi-eval.js';
import { notesCorpus } from './phi-notes-corpus.js';
import { realTexts } from './phi-throughput.js';

const base = [...realTexts(), ...notesCorpus().map((n) => n.text), ...clinicalCorpus(400_000).split('\n')];
// a note typed in capitals takes its own path (index.ts mostlyUpper)
const texts = [...base, ...base.slice(0, 400).map((t) => t.toUpperCase())];
const all = createHash('sha256');
for (const pass of [1, 2]) {
  texts.forEach((t, i) => {
    const line = findPhi(t)
      .map((s) => `${s.start}-${s.end}:${s.kind}`)
      .join(' ');
    all.update(line + '\n');
    if (pass === 1) console.log(`${i} ${line}`);
  });
}
const subject = { names: ['Maria Lopez'], mrn: ['MRN 448812'], phones: ['631-555-0123'], birthDates: ['1950-03-04'] };
const withSubject = texts.slice(0, 200).map((t) => `${t} Maria Lopez 631 555 0123 03/04/1950`);
for (const t of withSubject)
  all.update(JSON.stringify(findPhi(t, subject)) + JSON.stringify(findSubjectSpans(t, subject)));
console.log(`texts ${texts.length} digest ${all.digest('hex')}`);
