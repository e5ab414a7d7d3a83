/**
 * The one table: every contract channel → the service call that answers it. The role check is
 * the service's own `s.require(permission)`; channels that read no service (protocol.get,
 * export.progress) check a permission here so that no non-public channel escapes a role.
 */
import type { z } from 'zod';
import '../export/free-text-redactor';
import { CrfError } from '../../shared/errors';
import { contract, type Channel, type ChannelOutput, type Contract } from '../../shared/ipc/contract';
import { DEFAULT_STUDY_ID, getStudy } from '../../shared/studies/index';
import { checkStudyText } from '../../shared/protocol/study-file';
import { createSiteDatabase, logout, unlockSiteDatabase, validatePassword } from '../services/site-db';
import { listAudit } from '../services/audit-view';
import { appendAudit } from '../services/audit';
import { getCasebook } from '../services/casebook';
import { subjectDashboard } from '../services/dashboard';
import { discardDraft, getDraft, keepDraft } from '../services/drafts';
import { getForm } from '../services/forms';
import { saveForm } from '../services/save-form';
import { getFormContext } from '../services/form-context';
import { formHistory } from '../services/history';
import { closeQuery, listQueries, openQuery, raiseRuleQueries, reopenQuery, replyQuery } from '../services/queries';
import { importSponsorQueriesText } from '../services/sponsor-queries';
import type { SiteSession } from '../services/session';
import { findSubjects, registerSubject, withdrawSubject } from '../services/subjects';
import { discardSubject } from '../services/subject-discard';
import {
  addUser,
  changeOwnPassword,
  checkOwnPassword,
  currentUser,
  listUsers,
  resetPassword,
  setLockMinutes,
  setUserActive,
  setUserRole,
} from '../services/users';
import { followUpWorklist } from '../services/worklist';
import { lockForms, signCasebook, unlockForm, verifyForms } from '../services/workflow';
import type { AppState } from './app-state';
import { databasePath, listDatabases, newDatabasePath } from './databases';
import { exportHandlers } from './export-channels';
import { studyHandlers } from './study-channels';
import { lockoutSeconds } from '../../shared/lockout';
import { plural } from '../../shared/plural';

export type PublicChannel = { [C in Channel]: Contract[C] extends { public: true } ? C : never }[Channel];
export type SessionChannel = Exclude<Channel, PublicChannel>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
type Result<C extends Channel> = ChannelOutput<C> | Promise<ChannelOutput<C>>;

export interface SessionContext {
  state: AppState;
  s: SiteSession;
}
export type PublicHandlers = { [C in PublicChannel]: (input: ParsedInput<C>, state: AppState) => Result<C> };
export type SessionHandlers = { [C in SessionChannel]: (input: ParsedInput<C>, ctx: SessionContext) => Result<C> };

export const isPublic = (c: Channel): c is PublicChannel => (contract[c] as { public?: boolean }).public === true;

/** Five wrong passwords at the lock screen delay the next try, as five at login do (architecture.md). */

export function sessionInfo(state: AppState): ChannelOutput<'auth.session'> {
  const s = state.session;
  if (!s) return null;
  const me = currentUser(s);
  return {
    user: { id: me.id, username: me.username, fullName: me.fullName, role: me.role, lockMinutes: me.lockMinutes },
    site: { code: s.site.code, name: s.site.name },
    study: { id: s.study.def.id, title: s.study.def.title, version: s.study.def.version },
    locked: state.locked,
    today: s.today(),
    warnings: [...s.warnings],
  };
}

function noExportRunning(state: AppState): void {
  if (state.exportProgress.running)
    throw new CrfError({
      code: 'CONFLICT',
      rule: 'exportRunning',
      message: 'An export is running: wait for it to finish first',
    });
}

function endSession(state: AppState): void {
  const old = state.session;
  state.session = null;
  state.review = null;
  state.open = null;
  state.locked = false;
  if (old) logout(old);
}

function startSession(state: AppState, s: SiteSession, name: string): ChannelOutput<'auth.session'> {
  endSession(state);
  state.session = s;
  state.open = name;
  state.locked = false;
  state.unlockFailures = { count: 0, last: 0 };
  state.lastActivity = state.clock().getTime();
  return sessionInfo(state);
}

function unlockWait(state: AppState): number {
  const f = state.unlockFailures;
  return lockoutSeconds(f.count, f.last, state.clock().getTime());
}

const defaultSites = () => getStudy(DEFAULT_STUDY_ID).def.sites.map((x) => ({ code: x.code, name: x.name }));
const OK = { ok: true } as const;

export const publicHandlers: PublicHandlers = {
  'app.status': (_i, state) => ({
    databases: listDatabases(state.dataDir),
    open: state.open,
    session: sessionInfo(state),
    sites: defaultSites(),
    shippedStudy: (({ id, title, version }) => ({ id, title, version }))(getStudy(DEFAULT_STUDY_ID).def),
  }),

  'site.create': (i, state) => {
    const path = newDatabasePath(state.dataDir, i.name);
    const { recoveryCode } = createSiteDatabase({
      path,
      siteCode: i.siteCode,
      ...(i.study !== undefined ? { studyText: i.study } : {}),
      admin: i.admin,
      kdf: state.kdf,
      now: state.clock(),
    });
    return { recoveryCode, database: i.name };
  },

  'study.check': (i) => {
    const r = checkStudyText(i.text);
    if (!r.ok) return { ok: false, errors: r.errors };
    const d = r.study.def;
    return {
      ok: true,
      study: {
        id: d.id,
        title: d.title,
        version: d.version,
        forms: d.forms.length,
        sites: d.sites.map((x) => ({ code: x.code, name: x.name })),
      },
    };
  },

  'auth.login': (i, state) => {
    const path = databasePath(state.dataDir, i.database);
    noExportRunning(state);
    const s = unlockSiteDatabase(path, { username: i.username, password: i.password }, { clock: state.clock });
    return startSession(state, s, i.database)!;
  },

  'auth.recover': (i, state) => {
    const path = databasePath(state.dataDir, i.database);
    validatePassword(i.newPassword, 'newPassword');
    noExportRunning(state);
    // The code is spent on use: a new one replaces it (with a rotation) and the screen shows it once.
    const s = unlockSiteDatabase(
      path,
      { username: i.username, recoveryCode: i.recoveryCode },
      { clock: state.clock, replaceRecovery: true },
    );
    const newRecoveryCode = s.newRecoveryCode;
    try {
      if (!newRecoveryCode) throw new Error('auth.recover: the recovery code was not replaced');
      // The recovery code opened the file as this administrator; a new password makes a new key slot.
      resetPassword(s, { username: s.user.username, newPassword: i.newPassword });
    } catch (e) {
      s.close();
      throw e;
    }
    return { ...startSession(state, s, i.database)!, newRecoveryCode };
  },

  'auth.logout': (_i, state) => {
    noExportRunning(state);
    endSession(state);
    return OK;
  },

  'auth.lock': (_i, state) => {
    if (state.session) state.locked = true;
    return OK;
  },

  'auth.unlock': (i, state) => {
    const s = state.session;
    if (!s) throw new CrfError({ code: 'SESSION', message: 'Nobody is logged in' });
    const wait = unlockWait(state);
    if (wait > 0)
      throw new CrfError({
        code: 'LOCKED_OUT',
        retryAfterSeconds: wait,
        message: `Too many wrong passwords: try again in ${plural(wait, 'second')}`,
      });
    if (!checkOwnPassword(s, i.password)) {
      state.unlockFailures = { count: state.unlockFailures.count + 1, last: state.clock().getTime() };
      s.db.transaction(() => appendAudit(s.db, [{ user: s.user.username, action: 'unlock.failed' }], s.now()))();
      throw new CrfError({ code: 'AUTH', field: 'password', rule: 'password', message: 'Wrong password' });
    }
    state.locked = false;
    state.unlockFailures = { count: 0, last: 0 };
    state.lastActivity = state.clock().getTime();
    return sessionInfo(state)!;
  },

  'auth.session': (_i, state) => sessionInfo(state),
};

export const sessionHandlers: SessionHandlers = {
  'protocol.get': (_i, { s }) => {
    s.require('form.read');
    return s.study.def;
  },

  'subjects.dashboard': (_i, { s }) => subjectDashboard(s),
  'subjects.find': (i, { s }) => findSubjects(s, i.query),
  'subjects.register': (_i, { s }) => registerSubject(s),
  'subjects.withdraw': (i, { s }) => withdrawSubject(s, i),
  'subjects.discard': (i, { s }) => discardSubject(s, i),

  'casebook.get': (i, { s }) => getCasebook(s, i.subjectId),
  'forms.get': (i, { s }) => getForm(s, i),
  'forms.context': (i, { s }) => getFormContext(s, i),
  'forms.save': (i, { s }) => saveForm(s, i),
  'forms.history': (i, { s }) => formHistory(s, i),
  'drafts.keep': (i, { s }) => keepDraft(s, i),
  'drafts.get': (i, { s }) => getDraft(s, i),
  'drafts.discard': (i, { s }) => {
    discardDraft(s, i);
    return OK;
  },

  'workflow.verify': (i, { s }) => verifyForms(s, i),
  'workflow.sign': (i, { s }) => signCasebook(s, i),
  'workflow.lock': (i, { s }) => lockForms(s, i),
  'workflow.unlock': (i, { s }) => unlockForm(s, i),

  'queries.list': (i, { s }) => listQueries(s, i),
  'queries.open': (i, { s }) => openQuery(s, i),
  'queries.reply': (i, { s }) => {
    // A monitor's reply is a follow-up question (no 'query.answer'); joining a thread at all is 'query.open'.
    s.require('query.open');
    return replyQuery(s, i);
  },
  'queries.close': (i, { s }) => closeQuery(s, i),
  'queries.reopen': (i, { s }) => reopenQuery(s, i),
  'queries.raiseFromRules': (i, { s }) => raiseRuleQueries(s, i),
  'queries.importSponsor': (i, { s }) => importSponsorQueriesText(s, i.text),

  'users.list': (_i, { s }) => listUsers(s),
  'users.add': (i, { s }) => addUser(s, i),
  'users.setRole': (i, { s }) => setUserRole(s, i),
  'users.setActive': (i, { s }) => setUserActive(s, i),
  'users.resetPassword': (i, { s }) => {
    resetPassword(s, i);
    return OK;
  },
  'users.changePassword': (i, { s }) => {
    changeOwnPassword(s, i);
    return OK;
  },
  'users.setLockMinutes': (i, { s }) => setLockMinutes(s, i.minutes),

  'audit.list': (i, { s }) => listAudit(s, i),
  'worklist.followUp': (_i, { s }) => followUpWorklist(s),

  ...exportHandlers,
  ...studyHandlers,
};
