/**
 * `generateDemo`: synthetic SACRO subjects entered through the real services (registerSubject,
 * saveForm, withdrawSubject), so every protocol rule is applied and every value is audited,
 * exactly as if a coordinator had typed it.
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
import { mixSeed, Rng, seedHash } from './random';
import { demoParams } from './params';
import { planSubject, type Indication } from './subject';

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
   * given, a fixed indication, so the parts together are the one planned cohort.
   */
  cohort?: { first: number; size: number; indication?: (index: number) => Indication };
}

export interface DemoStats {
  subjects: number;
  byIndication: Record<Indication, number>;
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
/** The published series had one surgical decompression among 243 patients. */
const RADICULAR_PER = 243;

/**
 * Which subjects carry the radicular pain needing decompression: about one per 243, and at
 * least one in any demo of 50 or more so the complication table always has its major event.
 */
export function radicularSubjects(seed: number, n: number): Set<number> {
  const rng = new Rng(mixSeed(seed, 0x7fffffff));
  const count = n >= 50 ? Math.max(1, Math.round(n / RADICULAR_PER)) : rng.chance(n / RADICULAR_PER) ? 1 : 0;
  const out = new Set<number>();
  for (let k = 0; k < count; k++) {
    const from = Math.floor((k * n) / count);
    const to = Math.floor(((k + 1) * n) / count) - 1;
    out.add(rng.int(from, to));
  }
  return out;
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

/** The generator this module implements; a study's definition names it in `demo.generator`. */
export const DEMO_GENERATOR = 'sacro';

export function generateDemo(s: SiteSession, opts: DemoOptions): DemoStats {
  s.require('demo.generate');
  // The plans below fill one study's forms: any other study would be refused field by field.
  if (s.study.def.demo?.generator !== DEMO_GENERATOR)
    throw new CrfError({
      code: 'VALIDATION',
      field: 'study',
      rule: 'demoGenerator',
      message: `The study ${s.study.def.id} has no demo generator (its definition names none this build has)`,
    });
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
  const geo = siteGeo(session.site.code);
  const first = opts.cohort?.first ?? 0;
  const radicular = radicularSubjects(seed, opts.cohort?.size ?? total);
  const mrns = new Set<string>();
  const params = demoParams(s.study);
  const stats: DemoStats = {
    subjects: 0,
    byIndication: { SIF: 0, LESION: 0 },
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
        const plan = planSubject(new Rng(mixSeed(seed, i)), {
          today,
          geo,
          radicular: radicular.has(i),
          mrns,
          indication: opts.cohort?.indication?.(i),
          params,
        });
        const { subjectId } = registerSubject(session);
        for (const save of plan.saves) {
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
        if (plan.withdrawReason) {
          withdrawSubject(session, { subjectId, reason: plan.withdrawReason });
          batch.withdrawn++;
        }
        batch.subjects++;
        batch.byIndication[plan.indication]++;
        batch.aes += plan.aes;
        if (plan.dead) batch.dead++;
        if (plan.lost) batch.lost++;
      }
    })();
    Object.assign(stats, batch);
    opts.onProgress?.(to, total);
  }
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}
