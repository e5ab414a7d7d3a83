/**
 * `generateDemo`: synthetic subjects entered through the real services (registerSubject,
 * saveForm, withdrawSubject), so every protocol rule is applied and every value is audited,
 * exactly as if a coordinator had typed it. What they hold is planned from the study's definition
 * by the generic planner (planner/), shaped by its `demo` section; no study's plan is code.
 *
 * Reproducibility: the same seed on the same site calendar day (`session.today()`) gives the
 * same form content in the same order. Dates are relative to that day, so on another day the
 * content shifts with it. Timestamps (updated_at, audit `at`) are wall-clock, as for any save.
 */
import { CrfError } from '../../shared/errors';
import '../export/free-text-redactor';
import { appendAudit } from '../services/audit';
import { saveForm } from '../services/save-form';
import type { SessionUser, SiteSession } from '../services/session';

import { registerSubject, withdrawSubject } from '../services/subjects';
import { siteGeo } from './names';
import type { Planner } from './plan';
import { genericPlanner } from './planner/index';
import { mixSeed, Rng, seedHash } from './random';

export interface DemoOptions {
  subjects: number;
  seed: string | number;
  /** Called after each committed batch with the subjects done so far. */
  onProgress?: (done: number, total: number) => void;
  /** Subjects per outer transaction; one commit per batch is what makes the demo fast. */
  batchSize?: number;
  /**
   * One part of a cohort spread over several databases or months (demo-network): this call's
   * subjects are cohort members `first`… of `size`, each with its own random stream and, when
   * given, a fixed code of the grouping field (`stratifyBy`), so the parts together are the one planned cohort.
   */
  cohort?: { first: number; size: number; group?: (index: number) => string | undefined };
}

export interface DemoStats {
  subjects: number;
  /** Subjects per code of the study's grouping field (`stratifyBy`; empty when it has none). */
  byIndication: Record<string, number>;
  /** Form saves made (each one validated and audited). */
  forms: number;
  drafts: number;
  aes: number;
  /** Subjects recorded dead at a follow-up. */
  dead: number;
  /** Subjects recorded lost to follow-up at a follow-up. */
  lost: number;
  withdrawn: number;
  seconds: number;
}

export const MAX_DEMO_SUBJECTS = 100_000;

/** "SIF 12, LESION 3": subjects per group, for a one-line report (empty without groups). */
export function groupsText(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([g, n]) => `${g} ${n}`)
    .join(', ');
}

export const DEMO_USERNAME = 'demo';

/**
 * Who enters the synthetic data. A coordinator enters it as themself. An administrator (the only
 * user right after `sitecrf init`) may not enter data, so the demo is entered by a `demo`
 * coordinator account that has no key slot (it can never log in) and marks every synthetic
 * value in the audit trail; the administrator's own audit row records who started it.
 */
function demoSession(s: SiteSession): SiteSession {
  if (s.user.role !== 'admin') return s;
  const find = () =>
    s.db.prepare('SELECT id, username, full_name FROM users WHERE username = ?').get(DEMO_USERNAME) as
      { id: number; username: string; full_name: string } | undefined;
  let row = find();
  if (!row) {
    s.db.transaction(() => {
      s.db
        .prepare(
          `INSERT INTO users (username, full_name, role, active, created_at) VALUES (?, 'Synthetic demo data', 'coordinator', 0, ?)`,
        )
        .run(DEMO_USERNAME, s.now().toISOString());
      appendAudit(
        s.db,
        [
          {
            user: s.user.username,
            action: 'user.add',
            field: 'role',
            newValue: 'coordinator',
            detail: { username: DEMO_USERNAME, system: true, note: 'no key slot: cannot log in' },
          },
        ],
        s.now(),
      );
    })();
    row = find()!;
  }
  const user: SessionUser = { id: row.id, username: row.username, fullName: row.full_name, role: 'coordinator' };
  return s.actingAs(user);
}

/**
 * Every study's plan is its definition's (the generic planner). A definition that still names a
 * code plug-in in `demo.generator` is refused by name: this build has none, and silently planning
 * it generically would hide that its author expected something else.
 */
function plannerFor(s: SiteSession, run: { seed: number; size: number }): Planner {
  const name = s.study.def.demo?.generator;
  if (name !== undefined)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'demo.generator',
      rule: 'demoGenerator',
      message: `The study ${s.study.def.id} names the demo generator "${name}", which this build does not have (every plan is the definition's demo section)`,
    });
  return genericPlanner(s.study, run);
}

export function generateDemo(s: SiteSession, opts: DemoOptions): DemoStats {
  s.require('demo.generate');
  const total = opts.subjects;
  if (!Number.isInteger(total) || total < 1 || total > MAX_DEMO_SUBJECTS)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'subjects',
      rule: 'range',
      message: `The number of demo subjects must be a whole number from 1 to ${MAX_DEMO_SUBJECTS}`,
    });
  if (s.user.role !== 'admin') {
    // The demo enters data the way a coordinator does, so it needs their permissions too.
    s.require('subject.register');
    s.require('form.save');
  }
  const session = demoSession(s);
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 100));
  s.db.transaction(() =>
    appendAudit(
      s.db,
      [
        {
          user: s.user.username,
          action: 'demo.generate',
          detail: { subjects: total, seed: String(opts.seed), enteredBy: session.user.username },
        },
      ],
      s.now(),
    ),
  )();

  const started = performance.now();
  const seed = seedHash(opts.seed);
  const today = session.today();
  const geo = siteGeo(s.study, session.site.code);
  const first = opts.cohort?.first ?? 0;
  const plan = plannerFor(s, { seed, size: opts.cohort?.size ?? total });
  const mrns = new Set<string>();
  const by = s.study.def.stratifyBy;
  const groups = by ? (s.study.field(by.form, by.field).codes ?? []).map((c) => c.code) : [];
  const stats: DemoStats = {
    subjects: 0,
    byIndication: Object.fromEntries(groups.map((g) => [g, 0])),
    forms: 0,
    drafts: 0,
    aes: 0,
    dead: 0,
    lost: 0,
    withdrawn: 0,
    seconds: 0,
  };

  for (let from = 0; from < total; from += batchSize) {
    const to = Math.min(total, from + batchSize);
    // Counted into a copy so a batch that rolls back leaves the stats as committed.
    const batch = structuredClone(stats);
    session.db.transaction(() => {
      for (let k = from; k < to; k++) {
        const i = first + k;
        const planned = plan(new Rng(mixSeed(seed, i)), { today, geo, mrns, group: opts.cohort?.group?.(i), index: i });
        const { subjectId } = registerSubject(session);
        for (const save of planned.saves) {
          saveForm(session, {
            subjectId,
            event: save.event,
            form: save.form,
            values: save.values,
            status: save.status,
          });
          batch.forms++;
          if (save.status === 'draft') batch.drafts++;
        }
        if (planned.withdrawReason) {
          withdrawSubject(session, { subjectId, reason: planned.withdrawReason });
          batch.withdrawn++;
        }
        batch.subjects++;
        if (planned.group !== null) batch.byIndication[planned.group] = (batch.byIndication[planned.group] ?? 0) + 1;
        batch.aes += planned.aes;
        if (planned.dead) batch.dead++;
        if (planned.lost) batch.lost++;
      }
    })();
    Object.assign(stats, batch);
    opts.onProgress?.(to, total);
  }
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}
