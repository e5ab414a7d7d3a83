/**
 * Every PHI set in one compact listing, to compare a scanner change before and after:
 *   npx tsx bench/phi-summary.ts > before.txt; (change); npx tsx bench/phi-summary.ts | diff before.txt -
 * ACI-BENCH train and valid are listed apart, so one can serve for development and the other to
 * confirm. No throughput here (bench/phi-eval.ts and `npm run bench` measure it).
 */
import { join } from 'node:path';
import { evaluateNotes, evaluatePresidio, type SetFigures } from './phi-eval.js';
import { DATA_DIR, aciNotes, evaluateAciNames, evaluateInjected, evaluatePrimock } from './phi-sets.js';

const f = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(3));

function lines(set: string, s: SetFigures): void {
  console.log(`${set} OVERALL recall ${f(s.overall.recall)} precision ${f(s.overall.precision)}`);
  for (const [kind, k] of Object.entries(s.perKind)) {
    if (k.gold > 0) console.log(`${set} ${kind}: recall ${f(k.recall)} (${k.gold})`);
    if (k.predicted > 0) console.log(`${set} found ${kind}: precision ${f(k.precision)} (${k.predicted})`);
  }
}

async function main(): Promise<void> {
  const p = evaluatePrimock();
  console.log(`primock57 FP per 1000 words ${p.perThousandWords.toFixed(2)} (${p.spans} in ${p.words} words)`);
  for (const split of ['train', 'valid']) {
    const a = evaluateAciNames(aciNotes(undefined, [split]));
    // only names are annotated: every finding counted, a fall at the same recall is precision gained
    console.log(`aci-${split} findings per 1000 words ${((a.findings / a.words) * 1000).toFixed(2)} (${a.findings})`);
    lines(`aci-${split}`, a);
  }
  lines('injected', evaluateInjected());
  lines('presidio', await evaluatePresidio(join(DATA_DIR, 'presidio-synth-v2', 'synth_dataset_v2.json')));
  lines('nursing(ours)', evaluateNotes());
}
await main();
