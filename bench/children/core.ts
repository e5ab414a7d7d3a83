/**
 * The figures issue 10 compares with today's (unlock, demo generation, form save p50/p99, the
 * monthly export), measured on the checkout at ROOT: the code is loaded from there, so the same
 * measurement runs on an older commit (bench/compare.ts). Only APIs that the older commits have
 * too are used. Prints one JSON line.
 *
 *   node --import tsx bench/children/core.ts ROOT WORKDIR SUBJECTS
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { percentile } from '../measure';

const [root, dir, subjectsArg] = process.argv.slice(2) as [string, string, string];
const subjects = Number(subjectsArg);
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(join(root, rel)).href)) as T;

type Session = {
  close(): void;
  db: { exec(sql: string): void; prepare(sql: string): { run(...a: unknown[]): unknown } };
};
const { createSiteDatabase, unlockSiteDatabase } = await load<{
  createSiteDatabase(o: object): unknown;
  unlockSiteDatabase(path: string, cred: object, opts?: object): Session;
}>('main/services/site-db.ts');
const { DEFAULT_KDF } = await load<{ DEFAULT_KDF: { N: number } }>('main/db/keyslots.ts');
const { addUser } = await load<{ addUser(s: Session, u: object): unknown }>('main/services/users.ts');
const { generateDemo } = await load<{ generateDemo(s: Session, o: object): { seconds: number } }>('main/demo/index.ts');
const { saveForm } = await load<{ saveForm(s: Session, i: object): unknown }>('main/services/forms.ts');
const { registerSubject } = await load<{ registerSubject(s: Session): { subjectId: string } }>(
  'main/services/subjects.ts',
);
const { exportSubmission } = await load<{
  exportSubmission(s: Session, o: object): Promise<{ file: string; subjects: number }>;
}>('main/export/workbook-writer.ts');

const ADMIN = { username: 'admin', password: 'bench-admin-password' };
const COORD = { username: 'coord', password: 'bench-coord-password' };

function site(name: string, kdf: object): string {
  const path = join(dir, `${name}.sitecrf`);
  createSiteDatabase({ path, siteCode: 'MMC', kdf, admin: { ...ADMIN, fullName: 'Bench Admin' } });
  const s = unlockSiteDatabase(path, ADMIN);
  addUser(s, {
    username: COORD.username,
    fullName: 'Bench Coordinator',
    role: 'coordinator',
    password: COORD.password,
  });
  s.close();
  return path;
}
/** Wall time, and the CPU time of this process (user + system), which another job's load on the machine changes less. */
let lastCpu = 0;
const ms = (fn: () => void): number => {
  const c0 = process.cpuUsage();
  const t = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  const c = process.cpuUsage(c0);
  lastCpu = (c.user + c.system) / 1000;
  return wall;
};
const cpuSeconds = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

// Unlock with the product's key derivation, median of 5.
const product = site('unlock', DEFAULT_KDF);
const unlockCpu: number[] = [];
const unlock = sorted(
  Array.from({ length: 5 }, () => {
    const w = ms(() => unlockSiteDatabase(product, ADMIN, { audit: false }).close());
    unlockCpu.push(lastCpu);
    return w;
  }),
);

// Demo generation into the database the save and export measures use.
const path = site('site', { name: 'scrypt', N: 1024, r: 8, p: 1 });
const c = unlockSiteDatabase(path, COORD);
let cpu0 = cpuSeconds();
const demo = generateDemo(c, { subjects, seed: 1 });
const demoCpu = cpuSeconds() - cpu0;

const PROC = {
  hospitalization: 'OUTPATIENT',
  anesthesia: 'LOCAL',
  guidance: 'CT',
  approach: 'LONG_AXIS',
  side_treated: 'BILAT',
  needles: 2,
  extravasation: 'N',
};
/**
 * A coordinator correcting a complete PROC form, over 50 subjects: `note` says what the
 * procedure note does at each save (stays as it was, or is edited each time, which the PHI
 * scanner must then read). Saves alternate with a bare INSERT commit, the floor of the disk.
 */
function saves(n: number, note: 'kept' | 'edited'): Record<'p50' | 'p99' | 'f50' | 'f99' | 'cpu50' | 'cpu99', number> {
  const ids = Array.from({ length: 50 }, () => registerSubject(c).subjectId);
  c.db.exec('CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, data TEXT NOT NULL)');
  const ins = c.db.prepare('INSERT INTO bench_floor (data) VALUES (?)');
  const times: number[] = [];
  const cpu: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < n; i++) {
    const proc_notes =
      note === 'kept'
        ? 'Uneventful procedure, patient tolerated well.'
        : `Uneventful procedure, ${2 + (i % 5)} needles, tolerated well; reviewed on day ${i}.`;
    const values = {
      ...PROC,
      proc_notes,
      proc_date: `2024-03-${String(1 + (i % 28)).padStart(2, '0')}`,
      cement_ml: 2 + (i % 80) / 10,
    };
    times.push(
      ms(() =>
        saveForm(c, {
          subjectId: ids[i % ids.length]!,
          event: 'procedure',
          form: 'PROC',
          values,
          status: 'complete',
          reason: i >= ids.length ? 'Benchmark correction' : undefined,
        }),
      ),
    );
    cpu.push(lastCpu);
    floor.push(ms(() => ins.run(JSON.stringify(values))));
  }
  c.db.exec('DROP TABLE bench_floor');
  const t = sorted(times);
  const f = sorted(floor);
  const u = sorted(cpu);
  return {
    p50: percentile(t, 50),
    p99: percentile(t, 99),
    f50: percentile(f, 50),
    f99: percentile(f, 99),
    cpu50: percentile(u, 50),
    cpu99: percentile(u, 99),
  };
}
const kept = saves(2000, 'kept');
const edited = saves(1000, 'edited');
c.close();

// The monthly safe-harbor export of the whole demo, in this process (one export: warm code).
const s = unlockSiteDatabase(path, COORD, { audit: false });
const period = new Date(Date.now() - 31 * 86400_000).toISOString().slice(0, 7);
cpu0 = cpuSeconds();
const t = performance.now();
const r = await exportSubmission(s, { period, profile: 'safe-harbor', outDir: join(dir, 'out') });
const exportSeconds = (performance.now() - t) / 1000;
const exportCpu = cpuSeconds() - cpu0;
s.close();

process.stdout.write(
  JSON.stringify({
    unlockMs: percentile(unlock, 50),
    unlockCpuMs: percentile(sorted(unlockCpu), 50),
    demoPerSecond: subjects / demo.seconds,
    demoCpuPerSubjectMs: (demoCpu * 1000) / subjects,
    saveKept: kept,
    saveEdited: edited,
    exportSeconds,
    exportCpu,
    exportSubjects: r.subjects,
  }) + '\n',
);
