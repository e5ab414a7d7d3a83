/** Every service call checks the caller's role: a user without it is refused, and nothing changes. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrfError } from '../../shared/errors';
import { may, ROLES, type Permission, type Role } from '../../shared/roles';
import { backupDatabase } from '../../main/services/backup';
import { listAudit } from '../../main/services/audit-view';
import { getCasebook } from '../../main/services/casebook';
import { subjectDashboard } from '../../main/services/dashboard';
import { discardDraft, getDraft, keepDraft } from '../../main/services/drafts';
import { getForm } from '../../main/services/forms';
import { saveForm } from '../../main/services/save-form';
import { formHistory } from '../../main/services/history';
import {
  closeQuery,
  listQueries,
  openQuery,
  raiseRuleQueries,
  reopenQuery,
  replyQuery,
} from '../../main/services/queries';
import type { SiteSession } from '../../main/services/session';
import { findSubjects, getSubject, registerSubject, withdrawSubject } from '../../main/services/subjects';
import { addUser, listUsers, resetPassword, setUserActive, setUserRole } from '../../main/services/users';
import { lockForms, signCasebook, unlockForm, verifyForms } from '../../main/services/workflow';
import { followUpWorklist } from '../../main/services/worklist';
import { contentDigest } from './db-digest';
import { makeSite, PASSWORDS, SACRO_CASE, sitecrf, type Site } from './site-fixture';

let site: Site;
const sessions = {} as Record<Role, SiteSession>;
let subjectId: string;
beforeAll(() => {
  site = makeSite();
  for (const r of ROLES) sessions[r] = site.login(r);
  const c = sessions.coordinator;
  subjectId = registerSubject(c).subjectId;
  saveForm(c, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
});
afterAll(() => {
  for (const r of ROLES) sessions[r].close();
  site.cleanup();
});

const key = () => ({ subjectId, event: 'screening', form: 'BASE' });
const calls: [string, Permission, (s: SiteSession) => unknown][] = [
  ['registerSubject', 'subject.register', (s) => registerSubject(s)],
  ['withdrawSubject', 'subject.withdraw', (s) => withdrawSubject(s, { subjectId: 'MMC-9998', reason: 'x' })],
  ['getSubject', 'subject.read', (s) => getSubject(s, subjectId)],
  ['findSubjects', 'subject.read', (s) => findSubjects(s, 'MMC')],
  ['subjectDashboard', 'subject.read', (s) => subjectDashboard(s)],
  ['getCasebook', 'subject.read', (s) => getCasebook(s, subjectId)],
  ['getForm', 'form.read', (s) => getForm(s, key())],
  ['saveForm', 'form.save', (s) => saveForm(s, { ...key(), values: { vas_pre: 99 }, status: 'draft' })],
  ['formHistory', 'form.read', (s) => formHistory(s, { ...key(), instance: 1 })],
  ['keepDraft', 'draft.keep', (s) => keepDraft(s, { ...key(), instance: 1, values: {}, baseVersion: 0 })],
  ['getDraft', 'draft.keep', (s) => getDraft(s, { ...key(), instance: 1 })],
  ['discardDraft', 'draft.keep', (s) => discardDraft(s, { ...key(), instance: 1 })],
  [
    'verifyForms',
    'form.verify',
    (s) => verifyForms(s, { subjectId, forms: [{ event: 'screening', form: 'BASE', instance: 1 }] }),
  ],
  ['signCasebook', 'casebook.sign', (s) => signCasebook(s, { subjectId, password: 'wrong-password-x' })],
  ['lockForms', 'form.lock', (s) => lockForms(s, { subjectId: 'MMC-9998', reason: 'cut' })],
  ['unlockForm', 'form.lock', (s) => unlockForm(s, { ...key(), instance: 1, reason: 'x' })],
  ['listQueries', 'query.read', (s) => listQueries(s)],
  ['openQuery', 'query.open', (s) => openQuery(s, { subjectId: 'MMC-9998', text: 'x' })],
  ['closeQuery', 'query.close', (s) => closeQuery(s, { queryId: 999 })],
  ['reopenQuery', 'query.close', (s) => reopenQuery(s, { queryId: 999, text: 'x' })],
  ['raiseRuleQueries', 'query.open', (s) => raiseRuleQueries(s, { subjectId: 'MMC-9998' })],
  ['listUsers', 'user.manage', (s) => listUsers(s)],
  ['addUser', 'user.manage', (s) => addUser(s, { username: 'x', fullName: 'X', role: 'nope', password: 'short' })],
  ['setUserRole', 'user.manage', (s) => setUserRole(s, { username: 'nobody', role: 'monitor' })],
  ['setUserActive', 'user.manage', (s) => setUserActive(s, { username: 'nobody', active: false })],
  [
    'resetPassword',
    'user.manage',
    (s) => resetPassword(s, { username: 'nobody', newPassword: 'long-enough-password' }),
  ],
  ['listAudit', 'audit.read', (s) => listAudit(s, {})],
  ['followUpWorklist', 'worklist.read', (s) => followUpWorklist(s)],
  ['backupDatabase', 'backup.run', (s) => backupDatabase(s, join(site.dir, 'exists-already.sitecrf'))],
];

describe('role checks on every service', () => {
  const matrix = calls.flatMap(([name, perm, call]) => ROLES.map((role) => ({ name, perm, call, role })));
  it.each(matrix)('$name as $role', ({ perm, call, role }) => {
    const s = sessions[role];
    const before = contentDigest(s.db);
    let err: unknown;
    try {
      call(s);
    } catch (e) {
      err = e;
    }
    if (may(role, perm)) {
      if (err) expect((err as CrfError).code).not.toBe('FORBIDDEN');
    } else {
      expect(err).toBeInstanceOf(CrfError);
      expect((err as CrfError).code).toBe('FORBIDDEN');
      expect((err as CrfError).message).toMatch(new RegExp(`A ${role} may not do this`));
      expect(contentDigest(s.db)).toBe(before);
    }
  });

  it('keeps identified look-up (MRN, name) from the monitor', () => {
    expect(findSubjects(sessions.coordinator, 'quackenbush').map((x) => x.subjectId)).toContain(subjectId);
    expect(findSubjects(sessions.coordinator, 'QX 778812').map((x) => x.subjectId)).toContain(subjectId);
    expect(findSubjects(sessions.monitor, 'quackenbush')).toEqual([]);
    expect(getCasebook(sessions.monitor, subjectId).identity).toBeNull();
    expect(getCasebook(sessions.coordinator, subjectId).identity).toEqual({
      name: 'Zebulon Quackenbush',
      mrn: 'QX-778812',
    });
    expect(subjectDashboard(sessions.monitor).rows[0]).not.toHaveProperty('name');
  });

  it('lets a monitor reply (keeps the query open) but not answer as the site', () => {
    const q = openQuery(sessions.monitor, {
      subjectId,
      event: 'screening',
      form: 'REG',
      field: 'zip',
      text: 'Please confirm the ZIP code',
    });
    expect(replyQuery(sessions.monitor, { queryId: q.id, text: 'Also the phone' }).status).toBe('open');
    expect(replyQuery(sessions.coordinator, { queryId: q.id, text: 'Confirmed from the chart' }).status).toBe(
      'answered',
    );
  });
});

describe('role checks on every CLI verb that opens a database', () => {
  const cli = (args: string[], role: Role) =>
    sitecrf(args, { SITECRF_PASSWORD: PASSWORDS[role], SITECRF_NEW_PASSWORD: 'new-user-password-1' });
  const verbs: [string, (role: Role) => string[], Role[]][] = [
    [
      'user add',
      (r) => ['user', 'add', '--db', site.path, '--user', r, '--name', `u${r.slice(0, 3)}x`, '--role', 'monitor'],
      ['coordinator', 'investigator', 'monitor'],
    ],
    [
      'backup',
      (r) => ['backup', '--db', site.path, '--user', r, '--out', join(site.dir, `b-${r}.sitecrf`)],
      ['coordinator', 'investigator', 'monitor'],
    ],
    ['audit verify', (r) => ['audit', 'verify', '--db', site.path, '--user', r], ['coordinator', 'investigator']],
    [
      'enter',
      (r) => ['enter', '--db', site.path, '--user', r, '--file', 'tests/fixtures/enter-example.json'],
      ['monitor', 'admin'],
    ],
  ];
  it.each(verbs)('%s is refused to the roles without it', (_name, args, refused) => {
    for (const role of refused) {
      const r = cli(args(role), role);
      expect(r.code, `${role}: ${r.err}`).toBe(3);
      expect(r.err).toMatch(new RegExp(`sitecrf: A ${role} may not do this`));
    }
  });
});

describe('identifiers stay with the site', () => {
  it('withholds names, MRN, phone, birth date and ZIP from a monitor in forms, history and the audit trail', async () => {
    const { getForm } = await import('../../main/services/forms');
    const { formHistory } = await import('../../main/services/history');
    const m = sessions.monitor;
    const reg = getForm(m, { subjectId, event: 'screening', form: 'REG' });
    expect(reg.withheld.sort()).toEqual(['birth_date', 'first_name', 'last_name', 'mrn', 'phone', 'zip']);
    const shown = JSON.stringify(reg);
    for (const v of ['Quackenbush', 'Zebulon', 'QX-778812', '555-0142', '1941-04-12', '10474'])
      expect(shown).not.toContain(v);
    expect(reg.values.consent).toBe('WAIVER');
    expect(reg.values.referral_date).toBe('2025-01-06');
    const hist = JSON.stringify(formHistory(m, { subjectId, event: 'screening', form: 'REG', instance: 1 }));
    expect(hist).toContain('[identifier withheld]');
    expect(hist).not.toContain('Quackenbush');
    const audit = JSON.stringify(listAudit(m, { subjectId, pageSize: 500 }));
    expect(audit).not.toContain('Quackenbush');
    expect(audit).not.toContain('QX-778812');
    // Site staff see everything.
    expect(getForm(sessions.coordinator, { subjectId, event: 'screening', form: 'REG' }).values.last_name).toBe(
      'Quackenbush',
    );
    expect(JSON.stringify(listAudit(sessions.admin, { subjectId, pageSize: 500 }))).toContain('Quackenbush');
  });
});
