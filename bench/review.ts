/**
 * The free-text review of a safe-harbor-text export at the large database (issue 14): its id
 * over the whole unscanned list, the first page of 50 as the export screen asks for it (id and
 * audit included), a page further on, and for contrast the review built whole as the CLI's
 * `--review` file is. Floors: reading the list's rows with no logic, and scanning the page's 50
 * texts alone.
 */
import { basename, dirname } from 'node:path';
import { dispatch } from '../main/ipc/dispatch';
import { createAppState } from '../main/ipc/app-state';
import { findPhi } from '../main/export/phi/index';
import { warmPhiScanner } from '../main/export/phi-warmup';
import { buildReview } from '../main/export/review-build';
import { listFreeText } from '../main/export/review-list';
import { openSnapshot } from '../main/export/source';
import type { ReviewView } from '../shared/ipc/review';
import { COORD_PW } from './sites';
import { measure, percentile, timeMs, timeMsAsync, type Measure } from './measure';

const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
/** CPU milliseconds of this process, user and system: steadier than the wall clock on a loaded machine. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export async function measureReview(path: string, period: string, opts: { whole?: boolean } = {}): Promise<Measure[]> {
  // The hosts warm the scanner while the user logs in (phi-warmup.ts): not part of a page.
  warmPhiScanner();
  const state = createAppState({ dataDir: dirname(path) });
  const login = await dispatch(state, 'auth.login', {
    database: basename(path, '.sitecrf'),
    username: 'coord',
    password: COORD_PW,
  });
  if (!login.ok) throw new Error(`bench login failed: ${login.error.message}`);
  const s = state.session!;
  try {
    const subjects = (s.db.prepare('SELECT count(*) AS n FROM subjects').get() as { n: number }).n;
    let values = 0;
    const idMs: number[] = [];
    const idCpu: number[] = [];
    const floorMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const snap = openSnapshot(s, s.now());
      try {
        const c = cpuMs();
        idMs.push(timeMs(() => (values = listFreeText(s.study, snap, s.site.code, period).entries.length)));
        idCpu.push(cpuMs() - c);
        // The rows the list reads, with no logic: the same join, every form's stored values.
        const rows = snap.db
          .prepare('SELECT s.id, f.data FROM subjects s JOIN forms f ON f.subject = s.id ORDER BY s.seq')
          .raw(true);
        floorMs.push(
          timeMs(() => {
            for (const _ of rows.iterate()) void _;
          }),
        );
      } finally {
        snap.close();
      }
    }
    const page = async (offset: number): Promise<{ ms: number; cpu: number; view: ReviewView; bytes: number }> => {
      let view: ReviewView | undefined;
      let bytes = 0;
      const c = cpuMs();
      const ms = await timeMsAsync(async () => {
        const r = await dispatch(state, 'export.review', { period, offset, limit: 50 });
        if (!r.ok) throw new Error(r.error.message);
        view = r.value as ReviewView;
        bytes = JSON.stringify(r).length;
      });
      return { ms, cpu: cpuMs() - c, view: view!, bytes };
    };
    // A fresh session's first page: the list is made, its id computed and audited, 50 values scanned.
    const first = await page(0);
    // Pages further on, each a different part of the list: the median of five.
    const laterOnes: Awaited<ReturnType<typeof page>>[] = [];
    for (let k = 1; k <= 5; k++) laterOnes.push(await page(Math.floor((values * k) / 6)));
    const later = [...laterOnes].sort((a, b) => a.ms - b.ms)[2]!;
    const scanFloor = (v: ReviewView): number => timeMs(() => v.items.forEach((i) => findPhi(i.text)));
    const out = [
      measure({
        name: `free-text review: id over the unscanned list, ${subjects} subjects`,
        value: median(idMs),
        unit: 'ms',
        floor: median(floorMs),
        target: '≤ 1,000 ms',
        pass: median(idMs) <= 1000,
        note: `${values} values; CPU ${median(idCpu).toFixed(0)} ms; floor: reading every form row of the same join with no logic`,
      }),
      measure({
        name: `free-text review: first page of 50 (IPC, list and id included), ${subjects} subjects`,
        value: first.ms,
        unit: 'ms',
        floor: median(floorMs) + scanFloor(first.view),
        target: '≤ 1,000 ms',
        pass: first.ms <= 1000,
        note: `${first.bytes} bytes; CPU ${first.cpu.toFixed(0)} ms; floor: the list's rows read with no logic, and the scanner alone on the page's 50 texts`,
      }),
      measure({
        name: `free-text review: a page of 50 further on (median of 5 offsets), ${subjects} subjects`,
        value: later.ms,
        unit: 'ms',
        floor: scanFloor(later.view),
        target: '≤ 250 ms',
        pass: later.ms <= 250,
        note: `${later.bytes} bytes; CPU ${later.cpu.toFixed(0)} ms; floor: the scanner alone on the page's texts; slowest ${Math.max(...laterOnes.map((p) => p.ms)).toFixed(0)} ms`,
      }),
    ];
    if (opts.whole) {
      let items = 0;
      const ms = timeMs(() => (items = buildReview(s, { period }).items.length));
      out.push(
        measure({
          name: `free-text review built whole (the CLI's --review file), ${subjects} subjects`,
          value: ms / 1000,
          unit: 's',
          floor: null,
          target: '(reported)',
          pass: true,
          note: `${items} values scanned`,
        }),
      );
    }
    return out;
  } finally {
    await dispatch(state, 'auth.logout', {});
  }
}
