/**
 * What a coordinator waits for in the browser, on the 10,000-subject database: Debian's
 * Chromium (playwright-core, never a downloaded browser) against the browser host in-process.
 *
 *   - login → subjects table: from pressing "Log in" to the grid showing "10000 of 10000" and
 *     its first row (informational, one sample, no target);
 *   - table → form: from clicking a subject's PROC cell in the full table to the form being
 *     interactive (all its protocol-driven fields rendered, the Save bar there and the first
 *     field focused, so typing goes into it). Floor: the IPC calls the form screen makes
 *     (renderer/src/form/useFormData.ts: one forms.context), timed with fetch from the page:
 *     the network and backend part alone. protocol.get is not in it: the study is loaded
 *     once per session, at login;
 *   - save → saved: an edit of a complete PROC form (its notes), as coordinators correct
 *     charts: Ctrl+S opens the reason-for-change dialog, the reason is typed, and the clock runs
 *     from pressing "Save with this reason" (the press that sends forms.save) to the "… saved as
 *     complete" toast shown after main answered. Floor: the same forms.save (an edit with a
 *     reason, on another subject's PROC) timed with fetch from the page.
 *
 * Method: the clock is performance.now() inside the page. One page.evaluate clicks the element
 * and waits for the end state in the page itself (checked after every DOM mutation and every
 * animation frame); the end time is taken at the animation frame after the state is reached,
 * the frame that paints it. So Playwright's round trips (tens of ms each over CDP) are not in
 * the figures, and what is measured is what the user sees. Setup between samples (going back to
 * the table, typing the edit, closing the previous toast) is outside the clock. One warm-up of
 * each, then SAMPLES samples over different subjects; p50 is the headline (target ≤ 300 ms),
 * p95 beside it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHost, type Host } from '../main/host/server';
import { measure, percentile, type Measure } from './measure';
import { COORD_PW } from './sites';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SAMPLES = Number(process.env.BENCH_BROWSER_SAMPLES ?? 15);
const TARGET_MS = 300;
/** The form the samples open and save: the one the save-latency measure saves too. */
const EVENT = 'procedure';
const FORM = 'PROC';
const FIRST_FIELD = 'proc_date';
const EDIT_FIELD = 'proc_notes';
const REASON = 'Transcription error, corrected from the chart';
/** Makes every edit a change, also on a database an earlier run edited. */
const RUN = Date.now().toString(36);

/** The built renderer the host serves (BENCH_RENDERER_DIR may point at another build). */
function rendererDir(): string {
  const dir = process.env.BENCH_RENDERER_DIR ? resolve(process.env.BENCH_RENDERER_DIR) : join(ROOT, 'dist', 'renderer');
  if (!existsSync(join(dir, 'index.html'))) {
    process.stderr.write(`  building the renderer into ${dir}\n`);
    execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--outDir', dir, '--emptyOutDir'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return dir;
}

/**
 * In-page helpers (installed before the app's scripts run). `until(pred)` resolves with the
 * performance.now() of the animation frame after `pred()` first holds, checking after every DOM
 * mutation and every frame.
 */
function installHelpers(): void {
  const w = window as unknown as Record<string, unknown>;
  w.__bench = {
    until(pred: () => boolean, timeoutMs = 20_000): Promise<number> {
      return new Promise<number>((resolvePromise, reject) => {
        let done = false;
        const finish = (): void => {
          done = true;
          obs.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => resolvePromise(performance.now()));
        };
        const check = (): void => {
          if (done) return;
          let ok = false;
          try {
            ok = pred();
          } catch {
            ok = false;
          }
          if (ok) finish();
        };
        const obs = new MutationObserver(check);
        obs.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        const frame = (): void => {
          if (done) return;
          check();
          if (!done) requestAnimationFrame(frame);
        };
        const timer = setTimeout(() => {
          if (done) return;
          done = true;
          obs.disconnect();
          reject(new Error('timed out waiting in the page'));
        }, timeoutMs);
        check();
        requestAnimationFrame(frame);
      });
    },
    split(t0: number, t1: number, channels: string[]): Split {
      const calls = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
        (e) => e.startTime >= t0 && channels.some((c) => e.name.endsWith('/api/' + c)),
      );
      const start = Math.min(...calls.map((e) => e.startTime));
      const end = Math.max(...calls.map((e) => e.responseEnd));
      return calls.length
        ? { ms: t1 - t0, before: start - t0, ipc: end - start, after: t1 - end }
        : { ms: t1 - t0, before: NaN, ipc: NaN, after: NaN };
    },
    async call(channel: string, input: unknown): Promise<unknown> {
      const r = await fetch('/api/' + channel, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
        credentials: 'same-origin',
      });
      const j = (await r.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!j.ok) throw new Error(`${channel}: ${j.error?.message}`);
      return j.value;
    },
  };
}

/**
 * A sample split by the page's resource timing: renderer work before the first IPC request,
 * the IPC requests (first start to last answer), renderer work after the last answer.
 */
interface Split {
  ms: number;
  before: number;
  ipc: number;
  after: number;
}

interface PageHelpers {
  until(pred: () => boolean, timeoutMs?: number): Promise<number>;
  split(t0: number, t1: number, channels: string[]): Split;
  call(channel: string, input: unknown): Promise<unknown>;
}
/** The page's window with the helpers (a cast, not a global: the renderer's Window stays as is). */
type BenchWindow = Window & { __bench: PageHelpers };

const stats = (xs: number[]): { p50: number; p95: number; min: number; max: number } => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), min: s[0]!, max: s[s.length - 1]! };
};

/** Back to the full subjects table, its rows rendered. */
async function showTable(page: Page, total: number): Promise<void> {
  await page.evaluate(() => {
    location.hash = '#/subjects';
  });
  // The count as the screen writes it: "10,000 of 10,000 subjects".
  const n = `(?:${total}|${total.toLocaleString('en-US')})`;
  await page.getByText(new RegExp(`^${n} of ${n} subjects?$`)).waitFor({ timeout: 30_000 });
  await page.locator('[role=row][data-id]').first().waitFor();
}

/** Table → interactive form, clicked and timed in the page. */
async function openFormTimed(page: Page, subjectId: string): Promise<Split> {
  // The grid renders only the rows near its viewport: scroll until the subject's row is there.
  await page.evaluate(async (sid) => {
    const scroller = document.querySelector<HTMLElement>('.MuiDataGrid-virtualScroller');
    for (let i = 0; i < 200 && !document.querySelector(`[role=row][data-id="${sid}"]`) && scroller; i++) {
      scroller.scrollTop += 200;
      await new Promise((r) => requestAnimationFrame(r));
    }
  }, subjectId);
  const cell = page.locator(`[role=row][data-id="${subjectId}"] [data-field="${EVENT}/${FORM}"]`);
  await cell.scrollIntoViewIfNeeded();
  return page.evaluate(
    async ({ subjectId, key, first }) => {
      const el = document.querySelector<HTMLElement>(`[role=row][data-id="${subjectId}"] [data-field="${key}"]`);
      if (!el) throw new Error(`no cell ${key} for ${subjectId}`);
      performance.clearResourceTimings();
      const t0 = performance.now();
      el.click();
      const t1 = await (window as unknown as BenchWindow).__bench.until(() => {
        const active = document.activeElement as HTMLInputElement | null;
        return (
          !!active &&
          active.id === `field-${first}` &&
          !active.disabled &&
          location.hash.includes(encodeURIComponent(subjectId)) &&
          document.querySelectorAll('section[aria-label$=" fields"] [data-field]').length > 1 &&
          !!document.querySelector('[role=region][aria-label="Save"]')
        );
      });
      return (window as unknown as BenchWindow).__bench.split(t0, t1, ['forms.context']);
    },
    { subjectId, key: `${EVENT}/${FORM}`, first: FIRST_FIELD },
  );
}

/** The form screen's own IPC call (useFormData: one forms.context), timed from the page: the floor of table → form. */
async function formCallsTimed(page: Page, subjectId: string): Promise<number> {
  return page.evaluate(
    async ({ subjectId, event, form }) => {
      const t0 = performance.now();
      await (window as unknown as BenchWindow).__bench.call('forms.context', { subjectId, event, form, instance: 1 });
      return performance.now() - t0;
    },
    { subjectId, event: EVENT, form: FORM },
  );
}

/** Closes a toast still shown from the previous save, so the next one is a new element. */
async function clearToast(page: Page): Promise<void> {
  const toast = page.getByRole('alert').filter({ hasText: /saved/ });
  if (await toast.count()) {
    await toast.getByRole('button', { name: 'Close' }).click();
    await toast.waitFor({ state: 'detached' });
  }
}

/** Edit → Ctrl+S → reason typed; then "Save with this reason" pressed and timed to the toast. */
async function saveTimed(page: Page, subjectId: string, n: string): Promise<Split> {
  await clearToast(page);
  const notes = page.locator(`#field-${EDIT_FIELD}`);
  const before = await notes.inputValue();
  await notes.fill(`${before.replace(/ \(bench [^)]*\)$/, '')} (bench ${n})`.trim());
  await notes.blur();
  await page.keyboard.press('Control+s');
  const dlg = page.getByRole('dialog', { name: 'Reason for change' });
  await dlg.getByLabel('Reason for change').fill(REASON);
  await dlg.getByRole('button', { name: 'Save with this reason' }).waitFor();
  const ms = await page.evaluate(async (sid) => {
    const btn = [...document.querySelectorAll<HTMLButtonElement>('[role=dialog] button')].find(
      // The button also shows its shortcut (Ctrl+Enter) after the words.
      (b) => b.textContent?.startsWith('Save with this reason'),
    );
    if (!btn || btn.disabled) throw new Error('no enabled "Save with this reason" button');
    performance.clearResourceTimings();
    const t0 = performance.now();
    btn.click();
    const t1 = await (window as unknown as BenchWindow).__bench.until(
      () => [...document.querySelectorAll('[role=alert]')].some((a) => /saved as complete/.test(a.textContent ?? '')),
      10_000,
    );
    if (!location.hash.includes(encodeURIComponent(sid))) throw new Error('left the form');
    return (window as unknown as BenchWindow).__bench.split(t0, t1, ['forms.save']);
  }, subjectId);
  await page.getByRole('dialog', { name: 'Reason for change' }).waitFor({ state: 'detached' });
  return ms;
}

/** forms.save alone (an edit of another subject's complete PROC, with a reason), from the page. */
async function saveCallTimed(page: Page, subjectId: string, n: string): Promise<number> {
  return page.evaluate(
    async ({ subjectId, event, form, field, reason, n }) => {
      const st = (await (window as unknown as BenchWindow).__bench.call('forms.get', {
        subjectId,
        event,
        form,
        instance: 1,
      })) as { values: Record<string, unknown>; version: number; status: string };
      if (st.status !== 'complete') throw new Error(`${subjectId} ${form} is ${st.status}`);
      const values = {
        ...st.values,
        [field]: `${String(st.values[field] ?? '').replace(/ \(bench [^)]*\)$/, '')} (bench ${n})`.trim(),
      };
      const t0 = performance.now();
      await (window as unknown as BenchWindow).__bench.call('forms.save', {
        subjectId,
        event,
        form,
        instance: 1,
        values,
        status: 'complete',
        reason,
        expectedVersion: st.version,
      });
      return performance.now() - t0;
    },
    { subjectId, event: EVENT, form: FORM, field: EDIT_FIELD, reason: REASON, n },
  );
}

export async function measureBrowser(_dir: string, dbPath: string): Promise<Measure[]> {
  const database = basename(dbPath).replace(/\.sitecrf$/, '');
  const renderer = rendererDir();
  let host: Host | undefined;
  let browser: Browser | undefined;
  try {
    host = await startHost({ dataDir: dirname(dbPath), rendererDir: renderer, log: () => undefined });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    // The machine's own time zone, as for a user: the demo's dates are relative to main's today.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    // tsx (esbuild keepNames) wraps named functions in __name(): give the page a no-op one, as
    // the functions below are serialised into it.
    await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
    await context.addInitScript(installHelpers);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.setDefaultTimeout(15_000);
    await page.goto(host.url);

    // Login → subjects table (one sample, informational).
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByRole('combobox', { name: 'Site database' }).click();
    await page.getByRole('option', { name: database, exact: true }).click();
    await page.getByLabel('User name').fill('coord');
    await page.getByLabel('Password').fill(COORD_PW);
    const loginMs = await page.evaluate(async () => {
      const btn = [...document.querySelectorAll<HTMLButtonElement>('button[type=submit]')].find(
        (b) => b.textContent === 'Log in',
      );
      if (!btn) throw new Error('no Log in button');
      const t0 = performance.now();
      btn.click();
      const t1 = await (window as unknown as BenchWindow).__bench.until(
        () =>
          /^([\d,]+) of \1 subjects?$/.test(document.querySelector('h1 + p')?.textContent ?? '') &&
          !!document.querySelector('[role=row][data-id]'),
        60_000,
      );
      return t1 - t0;
    });
    const countText = (await page.locator('h1 + p').textContent()) ?? '';
    const total = Number(/^([\d,]+) of/.exec(countText)?.[1]?.replace(/,/g, '') ?? NaN);

    // Subjects for the samples: the first ones in the table's order whose PROC is complete
    // (from the dashboard's own answer), one for the warm-up and SAMPLES more; the save floor
    // edits other subjects, further down the list.
    const ids = await page.evaluate(async () => {
      const d = (await (window as unknown as BenchWindow).__bench.call('subjects.dashboard', {})) as {
        rows: { subjectId: string; status: string; forms: Record<string, string> }[];
      };
      return d.rows
        .filter((r) => r.status !== 'withdrawn' && r.forms['procedure/PROC'] === 'complete')
        .map((r) => r.subjectId);
    });
    const ui = ids.slice(0, SAMPLES + 1);
    const floorIds = ids.slice(200, 200 + SAMPLES + 1);
    if (ui.length < SAMPLES + 1 || floorIds.length < SAMPLES + 1)
      throw new Error(`not enough subjects with a complete ${FORM} (${ids.length})`);

    // BENCH_BROWSER_PROFILE=file.cpuprofile: a Chromium CPU profile of the samples (open it in
    // DevTools' Performance panel; build the renderer with --minify false for readable names).
    const profiler = process.env.BENCH_BROWSER_PROFILE ? await context.newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.send('Profiler.start');
    }
    const open: Split[] = [];
    const openFloor: number[] = [];
    const save: Split[] = [];
    const saveFloor: number[] = [];
    for (let i = 0; i < ui.length; i++) {
      const sid = ui[i]!;
      await showTable(page, total);
      const o = await openFormTimed(page, sid);
      const s = await saveTimed(page, sid, `${RUN}-${i}`);
      const of = await formCallsTimed(page, sid);
      const sf = await saveCallTimed(page, floorIds[i]!, `${RUN}-${i}`);
      if (i === 0) continue; // warm-up
      open.push(o);
      save.push(s);
      openFloor.push(of);
      saveFloor.push(sf);
    }
    if (profiler)
      writeFileSync(process.env.BENCH_BROWSER_PROFILE!, JSON.stringify((await profiler.send('Profiler.stop')).profile));
    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);

    const o = stats(open.map((x) => x.ms));
    const of = stats(openFloor);
    const s = stats(save.map((x) => x.ms));
    const sf = stats(saveFloor);
    const parts = (xs: Split[]): string =>
      `median split: ${stats(xs.map((x) => x.before)).p50.toFixed(0)} ms renderer before the first request, ${stats(xs.map((x) => x.ipc)).p50.toFixed(0)} ms requests, ${stats(xs.map((x) => x.after)).p50.toFixed(0)} ms renderer after the last answer`;
    const note = (x: ReturnType<typeof stats>, f: ReturnType<typeof stats>, xs: Split[]): string =>
      `p50 ${x.p50.toFixed(0)} ms, p95 ${x.p95.toFixed(0)} ms (min ${x.min.toFixed(0)}, max ${x.max.toFixed(0)}) over ${SAMPLES} subjects; floor p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms; ${parts(xs)}`;
    return [
      measure({
        name: 'browser: login to subjects table',
        value: loginMs,
        unit: 'ms',
        floor: null,
        target: 'informational',
        pass: true,
        note: `${total.toLocaleString('en-US')} subjects shown, one sample`,
      }),
      measure({
        name: 'browser: table to interactive form p50',
        value: o.p50,
        unit: 'ms',
        floor: of.p50,
        target: `≤ ${TARGET_MS} ms`,
        pass: o.p50 <= TARGET_MS,
        note: `${note(o, of, open)}; floor: forms.context over HTTP`,
      }),
      measure({
        name: 'browser: table to interactive form p95',
        value: o.p95,
        unit: 'ms',
        floor: of.p95,
        target: `reported (aim ≤ ${TARGET_MS} ms)`,
        pass: true,
      }),
      measure({
        name: 'browser: save to saved shown p50',
        value: s.p50,
        unit: 'ms',
        floor: sf.p50,
        target: `≤ ${TARGET_MS} ms`,
        pass: s.p50 <= TARGET_MS,
        note: `${note(s, sf, save)}; floor: forms.save over HTTP`,
      }),
      measure({
        name: 'browser: save to saved shown p95',
        value: s.p95,
        unit: 'ms',
        floor: sf.p95,
        target: `reported (aim ≤ ${TARGET_MS} ms)`,
        pass: true,
      }),
    ];
  } catch (e) {
    // A failed run leaves its last screen behind for whoever reads the error.
    const shot = join(dirname(dbPath), 'browser-failure.png');
    await browser
      ?.contexts()[0]
      ?.pages()[0]
      ?.screenshot({ path: shot, fullPage: true })
      .catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)} (last screen: ${shot})`, { cause: e });
  } finally {
    await browser?.close();
    await host?.close();
  }
}
