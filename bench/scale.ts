/**
 * The figures issues 10, 13 and 14 ask for besides the everyday ones: the key rotation (rekey)
 * of the large database, the PHI scanner in words per second, the safe-harbor-text export of the
 * large database, and the sponsor's import of one site's workbook and of six sites'.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateNetwork } from '../main/demo/network';
import { findPhi } from '../main/export/phi/index';
import { unlockSiteDatabase } from '../main/services/site-db';
import { addUser, setUserActive } from '../main/services/users';
import { importWorkbook } from '../main/sponsor/import';
import { initStore } from '../main/sponsor/init';
import { child, type ExportRun } from './export';
import { measure, type Measure } from './measure';
import { clinicalCorpus } from './phi-eval';
import { ADMIN_PW, BENCH_KDF, COORD_PW } from './sites';

/**
 * A deactivation on the large database: new data and identified-access keys, every identifier
 * value re-encrypted, the file rekeyed and switched, grants re-issued (main/services/rotate.ts).
 */
export function measureRekey(path: string, subjects: number): Measure[] {
  const s = unlockSiteDatabase(path, { username: 'admin', password: ADMIN_PW });
  try {
    addUser(s, { username: 'leaver', fullName: 'Bench Leaver', role: 'coordinator', password: 'bench-leaver-pw' });
    const t = performance.now();
    setUserActive(s, { username: 'leaver', active: false });
    const seconds = (performance.now() - t) / 1000;
    return [
      measure({
        name: `rekey (key rotation on a deactivation), ${subjects} subjects`,
        value: seconds,
        unit: 's',
        floor: null,
        target: '(reported)',
        pass: true,
      }),
    ];
  } finally {
    s.close();
  }
}

/**
 * The scanner in words per second: on notes alone, and with each note's own subject's
 * identifiers, a new subject every two notes (what a safe-harbor-text export and a demo do:
 * every subject's identifier patterns are compiled once).
 */
export function measurePhiWords(bytes = 2_000_000): Measure[] {
  const notes = clinicalCorpus(bytes).split('\n');
  const words = notes.reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);
  findPhi(notes[0] ?? '');
  // Best of three: the first pass also fills the scanner's word caches.
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    for (const note of notes) findPhi(note);
    best = Math.min(best, performance.now() - t0);
  }
  const plain = words / (best / 1000);
  const subjectOf = (i: number) => ({
    names: [`Zebulon${i}`, `Quackenbush${i}`],
    mrn: [`QX-${100000 + i}`],
    phones: [`(718) 555-${String(1000 + (i % 9000))}`],
    birthDates: [`19${40 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`],
    zips: [`1${String(i % 10000).padStart(4, '0')}`],
  });
  const n = Math.min(notes.length, 4000);
  const some = notes.slice(0, n);
  const someWords = some.reduce((k, x) => k + (x.match(/\S+/g)?.length ?? 0), 0);
  const t = performance.now();
  some.forEach((note, i) => findPhi(note, subjectOf(Math.floor(i / 2))));
  const withSubject = someWords / ((performance.now() - t) / 1000);
  return [
    measure({
      name: 'PHI scan, words per second',
      value: plain,
      unit: 'words/s',
      floor: null,
      target: '(reported)',
      pass: true,
      note: `${words} words in ${notes.length} notes`,
    }),
    measure({
      name: "PHI scan with each note's subject identifiers (a new subject every 2 notes)",
      value: withSubject,
      unit: 'words/s',
      floor: null,
      target: '(reported)',
      pass: true,
      note: `${someWords} words in ${n} notes`,
    }),
  ];
}

/** The safe-harbor-text export (every note and query text PHI-scanned) of the large database. */
export function measureTextExport(dir: string, big: string, period: string): Measure[] {
  const out = join(dir, 'exports', 'text');
  mkdirSync(out, { recursive: true });
  const e = child<ExportRun>('export.ts', [big, 'coord', COORD_PW, out, period, 'safe-harbor-text']);
  return [
    measure({
      name: `export safe-harbor-text ${e.subjects} subjects`,
      value: e.seconds,
      unit: 's',
      floor: null,
      target: '(reported)',
      pass: true,
      note: `peak RSS ${e.maxRssMb.toFixed(0)} MB`,
    }),
  ];
}

/**
 * The sponsor's side: the six-site demo network (its 243 patients over three months, 18
 * workbooks), a store made from one workbook, one site's month imported, then the rest.
 */
export async function measureSponsor(dir: string): Promise<Measure[]> {
  const outDir = join(dir, 'network');
  mkdirSync(outDir, { recursive: true });
  const net = await generateNetwork({
    outDir,
    months: 3,
    seed: '1',
    admin: { username: 'admin', password: ADMIN_PW },
    kdf: BENCH_KDF,
  });
  const all = net.sites.flatMap((s) => s.workbooks);
  const first = net.sites.reduce((a, b) => (b.subjects > a.subjects ? b : a));
  const store = await initStore(join(dir, 'SACRO.duckdb'), first.workbooks[0]!);
  try {
    let t = performance.now();
    await importWorkbook(store, first.workbooks[0]!);
    const one = (performance.now() - t) / 1000;
    const rest = all.filter((f) => f !== first.workbooks[0]);
    t = performance.now();
    for (const f of rest) await importWorkbook(store, f);
    const six = one + (performance.now() - t) / 1000;
    return [
      measure({
        name: `sponsor import, one site's workbook (${first.code}, ${first.subjects} patients)`,
        value: one,
        unit: 's',
        floor: null,
        target: '(reported)',
        pass: true,
      }),
      measure({
        name: `sponsor import, six sites × ${net.periods.length} months (${all.length} workbooks, ${net.subjects} patients)`,
        value: six,
        unit: 's',
        floor: null,
        target: '(reported)',
        pass: true,
        note: `${(six / all.length).toFixed(2)} s per workbook`,
      }),
    ];
  } finally {
    store.close();
  }
}
