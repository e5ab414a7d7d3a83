/**
 * Form save latency: a complete PROC form (engine validation over the whole casebook, audit
 * rows, encrypted WAL commit with synchronous=FULL), against the floor of one bare INSERT
 * commit on the same encrypted file with the same pragmas.
 */
import { saveForm } from '../main/services/save-form';
import type { SiteSession } from '../main/services/session';
import { registerSubject } from '../main/services/subjects';
import { measure, percentile, timeMs, type Measure } from './measure';

const PROC = {
  hospitalization: 'OUTPATIENT',
  anesthesia: 'LOCAL',
  guidance: 'CT',
  approach: 'LONG_AXIS',
  side_treated: 'BILAT',
  needles: 2,
  extravasation: 'N',
  proc_notes: 'Uneventful procedure, patient tolerated well.',
};

/**
 * Saves and floor inserts alternate, so both meet the same disk (fsync jitter on a shared
 * machine would otherwise land on one side only).
 */
export function measureSaveLatency(s: SiteSession, n = 2000): Measure[] {
  const subjectIds: string[] = [];
  for (let i = 0; i < 50; i++) subjectIds.push(registerSubject(s).subjectId);
  s.db.exec('CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, data TEXT NOT NULL)');
  const ins = s.db.prepare('INSERT INTO bench_floor (data) VALUES (?)');
  const payload = JSON.stringify(PROC);
  const times: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < n; i++) {
    const subjectId = subjectIds[i % subjectIds.length]!;
    const day = 1 + (i % 28);
    const values = { ...PROC, proc_date: `2024-03-${String(day).padStart(2, '0')}`, cement_ml: 2 + (i % 80) / 10 };
    times.push(
      timeMs(() =>
        saveForm(s, {
          subjectId,
          event: 'procedure',
          form: 'PROC',
          values,
          status: 'complete',
          reason: i >= subjectIds.length ? 'Benchmark correction' : undefined,
        }),
      ),
    );
    floor.push(timeMs(() => ins.run(payload)));
  }
  s.db.exec('DROP TABLE bench_floor');
  times.sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  const f50 = percentile(floor, 50);
  const f99 = percentile(floor, 99);
  return [
    measure({
      name: 'form save p50 (PROC)',
      value: p50,
      unit: 'ms',
      floor: f50,
      target: 'ratio ≤ 3',
      pass: p50 / f50 <= 3,
      note: `n=${n}`,
    }),
    measure({
      name: 'form save p99 (PROC)',
      value: p99,
      unit: 'ms',
      floor: f99,
      target: '≤ 5 ms; ratio ≤ 3',
      pass: p99 <= 5 && p99 / f99 <= 3,
      note: `n=${n}`,
    }),
  ];
}
