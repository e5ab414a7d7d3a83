/**
 * What a user waits for when reading: the subjects table (every form's status for every subject,
 * through the IPC handler as the screen calls it) and one casebook; each against the floor of
 * reading the same rows from the same encrypted file with no logic.
 */
import { basename, dirname } from 'node:path';
import { dispatch } from '../main/ipc/dispatch';
import { createAppState } from '../main/ipc/app-state';
import { COORD_PW } from './sites';
import { measure, percentile, timeMs, timeMsAsync, type Measure } from './measure';

export async function measureReads(path: string): Promise<Measure[]> {
  const state = createAppState({ dataDir: dirname(path) });
  const login = await dispatch(state, 'auth.login', {
    database: basename(path, '.sitecrf'),
    username: 'coord',
    password: COORD_PW,
  });
  if (!login.ok) throw new Error(`bench login failed: ${login.error.message}`);
  const db = state.session!.db;

  const dash: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    dash.push(
      await timeMsAsync(async () => {
        const r = await dispatch(state, 'subjects.dashboard', {});
        if (!r.ok) throw new Error(r.error.message);
        rows = (r.value as { rows: unknown[] }).rows.length;
      }),
    );
  }
  // The floor reads the same rows the table needs, from the same covering index, with no logic.
  const floorStmt = db.prepare('SELECT subject, event, form, instance, status FROM forms INDEXED BY forms_status');
  const dashFloor: number[] = [];
  for (let i = 0; i < 5; i++)
    dashFloor.push(
      timeMs(() => {
        for (const _ of floorStmt.iterate()) void _;
      }),
    );

  const ids = (
    db.prepare('SELECT subject_id FROM subjects ORDER BY random() LIMIT 200').all() as { subject_id: string }[]
  ).map((r) => r.subject_id);
  const cb: number[] = [];
  for (const subjectId of ids)
    cb.push(
      await timeMsAsync(async () => {
        const r = await dispatch(state, 'casebook.get', { subjectId });
        if (!r.ok) throw new Error(r.error.message);
      }),
    );
  const cbFloorStmt = db.prepare('SELECT f.* FROM forms f JOIN subjects s ON s.id = f.subject WHERE s.subject_id = ?');
  const cbFloor = ids.map((id) => timeMs(() => cbFloorStmt.all(id)));
  await dispatch(state, 'auth.logout', {});

  const med = (xs: number[]): number =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const dashMs = med(dash);
  const cbP50 = med(cb);
  const cbP95 = percentile(
    [...cb].sort((a, b) => a - b),
    95,
  );
  return [
    measure({
      name: `subjects table (${rows} subjects, IPC)`,
      value: dashMs,
      unit: 'ms',
      floor: med(dashFloor),
      target: '≤ 150 ms',
      pass: dashMs <= 150,
    }),
    measure({
      name: 'casebook open p50 (IPC)',
      value: cbP50,
      unit: 'ms',
      floor: med(cbFloor),
      target: '≤ 20 ms',
      pass: cbP50 <= 20,
    }),
    measure({
      name: 'casebook open p95 (IPC)',
      value: cbP95,
      unit: 'ms',
      floor: percentile(
        [...cbFloor].sort((a, b) => a - b),
        95,
      ),
      target: '≤ 20 ms',
      pass: cbP95 <= 20,
    }),
  ];
}
