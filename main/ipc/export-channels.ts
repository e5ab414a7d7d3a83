/**
 * The export and report channels. The submission is asynchronous (the workbook streams to
 * disk), so other calls are answered while it runs and `export.progress` reads what it reports.
 * Files go to <data dir>/exports: the renderer names a period and a profile, never a path.
 */
import { join } from 'node:path';
import { CrfError } from '../../shared/errors';
import { may } from '../../shared/roles';
import { exportSubmission, PROFILE_IDS, PROFILES, ruleTexts, computeSummary } from '../export/index';
import { exportOdm } from '../export/odm/index';
import { PHI_CLASSES, type PhiClass } from '../../shared/protocol/schema';
import { iterateSubjects, openSnapshot, queryCounts } from '../export/source';
import type { ChannelOutput } from '../../shared/ipc/contract';
import type { ExportFormat } from '../../shared/ipc/views';
import type { ProfileId } from '../export/profiles';
import type { FreeTextReview } from '../export/review';
import type { SiteSession } from '../services/session';
import type { SessionHandlers } from './handlers';
import { writeWorklistFile } from './worklist-file';
import { reviewForRun, showReview } from './review-channel';

const exportDir = (dataDir: string) => join(dataDir, 'exports');

type Written = Omit<ChannelOutput<'export.run'>, 'review'>;
interface Common {
  period: string;
  profile: ProfileId;
  outDir: string;
  review: FreeTextReview | undefined;
  onProgress: (done: number, total: number) => void;
}

/** The same services as `sitecrf export` and `sitecrf export --format odm`: one export record each. */
async function writeFormat(s: SiteSession, format: ExportFormat, audit: boolean, common: Common): Promise<Written> {
  if (format === 'odm') {
    const o = await exportOdm(s, { ...common, audit });
    return {
      format: 'odm',
      file: o.file,
      sha256: o.sha256,
      rows: o.forms,
      subjects: o.subjects,
      ...(o.auditFile && o.auditSha256
        ? { audit: { file: o.auditFile, sha256: o.auditSha256, records: o.auditRecords ?? 0 } }
        : {}),
    };
  }
  const w = await exportSubmission(s, common);
  return { format: 'xlsx', file: w.file, sha256: w.sha256, rows: w.rows, subjects: w.subjects };
}

export const exportHandlers: Pick<
  SessionHandlers,
  'reports.summary' | 'export.profiles' | 'export.run' | 'export.review' | 'export.progress' | 'export.worklist'
> = {
  'reports.summary': (_i, { s }) => {
    s.require('report.read');
    const snap = openSnapshot(s, s.now());
    try {
      return computeSummary(s.study, iterateSubjects(snap), {
        period: s.today().slice(0, 7),
        today: s.today(),
        queries: queryCounts(snap),
      });
    } finally {
      snap.close();
    }
  },

  /** Only the profiles this user may run: a monitor never sees `identified`. */
  'export.profiles': (_i, { s }) => {
    s.require('export.deidentified');
    const ruleText = ruleTexts(s.study);
    return PROFILE_IDS.filter((id) => may(s.user.role, PROFILES[id].permission)).map((id) => ({
      id,
      purpose: PROFILES[id].purpose,
      submission: PROFILES[id].submission,
      phi: PROFILES[id].phiBanner !== null,
      // The same sentences the workbook's Cover states, shown before anything is written.
      // One entry per PHI class, so the record is complete.
      rules: Object.fromEntries(PHI_CLASSES.map((c) => [c, ruleText[PROFILES[id].rules[c]]])) as Record<
        PhiClass,
        string
      >,
      keepsDates: PROFILES[id].rules.date !== 'dayOffset',
    }));
  },

  'export.run': async (i, { s, state }) => {
    s.require('export.deidentified');
    if (state.exportProgress.running)
      throw new CrfError({ code: 'CONFLICT', rule: 'exportRunning', message: 'An export is already running' });
    if (i.audit && i.format !== 'odm')
      throw new CrfError({
        code: 'VALIDATION',
        field: 'audit',
        rule: 'format',
        message: 'the audit trail file goes with the ODM format',
      });
    const review = reviewForRun(s, state, i.profile, i.period, i.review);
    state.exportProgress = { running: true, done: 0, total: 0, phase: 'export' };
    try {
      const r = await writeFormat(s, i.format, i.audit, {
        period: i.period,
        profile: i.profile,
        outDir: exportDir(state.dataDir),
        review,
        onProgress: (done, total) => (state.exportProgress = { running: true, done, total, phase: 'export' }),
      });
      state.exportProgress = {
        running: false,
        done: state.exportProgress.total,
        total: state.exportProgress.total,
        phase: 'done',
      };
      // One review, one export: the next one is reviewed again.
      if (review) state.review = null;
      const kept = review?.record();
      return {
        ...r,
        ...(kept ? { review: { items: kept.items, added: kept.added.length, removed: kept.removed.length } } : {}),
      };
    } catch (e) {
      state.exportProgress = { running: false, done: 0, total: 0, phase: 'failed' };
      throw e;
    }
  },

  'export.review': (i, { s, state }) => {
    if (state.exportProgress.running)
      throw new CrfError({
        code: 'CONFLICT',
        rule: 'exportRunning',
        message: 'An export is running: wait for it to finish first',
      });
    return showReview(s, state, i);
  },

  'export.progress': (_i, { s, state }) => {
    s.require('export.deidentified');
    return { ...state.exportProgress };
  },

  'export.worklist': (_i, { s, state }) => {
    s.require('worklist.read');
    // Names and phone numbers: an identified export, never a monitor's.
    s.require('export.identified');
    return writeWorklistFile(s, exportDir(state.dataDir));
  },
};
