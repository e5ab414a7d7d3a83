/**
 * Test support for the transports (not imported by the app): a site with one user per role on
 * a cheap KDF, a valid sample input for every channel, and a digest of the database's content.
 */
import { createHash } from 'node:crypto';
import type { Channel, ChannelInput } from '../../shared/ipc/contract';
import type { Db } from '../../main/db/connection';
import { createAppState, type AppState } from '../../main/ipc/app-state';
import { dispatch } from '../../main/ipc/dispatch';
import type { Role } from '../../shared/roles';

/** scrypt at its floor: tests create and open many databases. Never used outside tests. */
export const CHEAP_KDF = { name: 'scrypt', N: 1024, r: 8, p: 1 } as const;
export const PASSWORD = 'correct horse battery';
export const DATABASE = 'mmc';
export const USERS: Record<Role, string> = { admin: 'ada', coordinator: 'cora', investigator: 'ivan', monitor: 'mona' };

export async function call<C extends Channel>(state: AppState, channel: C, input: ChannelInput<C> | unknown) {
  return dispatch(state, channel, input, { checkOutput: true });
}

export async function must<C extends Channel>(
  state: AppState,
  channel: C,
  input: ChannelInput<C> | unknown,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const r = await call(state, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** A site database with an admin, a coordinator, an investigator and a monitor (all PASSWORD). */
export async function siteWithUsers(
  dataDir: string,
  state: AppState = createAppState({ dataDir, kdf: CHEAP_KDF }),
): Promise<{ state: AppState; recoveryCode: string }> {
  const { recoveryCode } = await must(state, 'site.create', {
    name: DATABASE,
    siteCode: 'MMC',
    admin: { username: USERS.admin, fullName: 'Ada Admin', password: PASSWORD },
  });
  await must(state, 'auth.login', { database: DATABASE, username: USERS.admin, password: PASSWORD });
  for (const role of ['coordinator', 'investigator', 'monitor'] as const)
    await must(state, 'users.add', { username: USERS[role], fullName: `${role} user`, role, password: PASSWORD });
  await must(state, 'auth.logout', {});
  return { state, recoveryCode };
}

export async function loginAs(state: AppState, role: Role): Promise<void> {
  await must(state, 'auth.login', { database: DATABASE, username: USERS[role], password: PASSWORD });
}

export interface SampleIds {
  subjectId: string;
  queryId: number;
}

/** One valid input per channel: what the screens would send. */
export function sampleInputs(ids: SampleIds): { [C in Channel]: ChannelInput<C> } {
  const { subjectId, queryId } = ids;
  const reg = { subjectId, event: 'screening', form: 'REG', instance: 1 };
  return {
    'app.status': {},
    'site.create': {
      name: 'other',
      siteCode: 'SDI',
      admin: { username: 'root', fullName: 'Root', password: PASSWORD },
    },
    'study.check': { text: '{"id": "X"}' },
    'auth.login': { database: DATABASE, username: USERS.admin, password: PASSWORD },
    'auth.recover': { database: DATABASE, username: USERS.admin, recoveryCode: 'XXXX', newPassword: PASSWORD },
    'auth.logout': {},
    'auth.lock': {},
    'auth.unlock': { password: PASSWORD },
    'auth.session': {},
    'protocol.get': {},
    'subjects.dashboard': {},
    'subjects.find': { query: subjectId },
    'subjects.register': {},
    'subjects.withdraw': { subjectId, reason: 'consent withdrawn' },
    'subjects.discard': { subjectId, reason: 'registered by mistake' },
    'casebook.get': { subjectId },
    'forms.get': reg,
    'forms.context': reg,
    'forms.save': {
      ...reg,
      values: { last_name: 'Doe', sex: 'F', birth_date: '1950-03-15' },
      status: 'draft',
      reason: 'chart review',
    },
    'forms.history': reg,
    'drafts.keep': { ...reg, values: { last_name: 'Do' }, baseVersion: 0 },
    'drafts.get': reg,
    'drafts.discard': reg,
    'workflow.verify': { subjectId },
    'workflow.sign': { subjectId, password: PASSWORD },
    'workflow.lock': { subjectId, reason: 'data cut' },
    'workflow.unlock': { ...reg, reason: 'correction' },
    'queries.list': {},
    'queries.open': { subjectId, event: 'screening', form: 'REG', field: 'sex', text: 'Please check' },
    'queries.reply': { queryId, text: 'Checked' },
    'queries.close': { queryId },
    'queries.reopen': { queryId, text: 'Again' },
    'queries.raiseFromRules': { subjectId },
    'queries.importSponsor': { text: '{}' },
    'users.list': {},
    'users.add': { username: 'newbie', fullName: 'New User', role: 'coordinator', password: PASSWORD },
    'users.setRole': { username: USERS.monitor, role: 'monitor' },
    'users.setActive': { username: USERS.monitor, active: true },
    'users.resetPassword': { username: USERS.monitor, newPassword: PASSWORD },
    'users.changePassword': { currentPassword: PASSWORD, newPassword: PASSWORD },
    'users.setLockMinutes': { minutes: 15 },
    'audit.list': {},
    'worklist.followUp': {},
    'reports.summary': {},
    'export.profiles': {},
    'export.run': { period: '2026-01', profile: 'safe-harbor' },
    'export.review': { period: '2026-01' },
    'export.progress': {},
    'export.worklist': {},
    'study.amendPreview': { text: '{"id": "X"}' },
    'study.amend': { text: '{"id": "X"}', reason: 'protocol amendment 2' },
  };
}

/**
 * SHA-256 over every table's rows, in rowid order. Audit rows that record an attempt rather
 * than a change (logins, failed signatures or unlocks) are left out: refusing an attempt
 * legitimately records it.
 */
export function digestDatabase(db: Db): string {
  const h = createHash('sha256');
  const tables = (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]
  ).map((r) => r.name);
  for (const t of tables) {
    // Logins, logouts and refused passwords are recorded by design, with their batch signatures.
    const traceOnly = `action IN ('login', 'logout', 'login.failed', 'login.recovery', 'signature.failed', 'unlock.failed')`;
    const where =
      t === 'audit'
        ? ` WHERE NOT (${traceOnly})`
        : t === 'audit_sigs'
          ? ` WHERE audit_id NOT IN (SELECT id FROM audit WHERE ${traceOnly})`
          : '';
    const rows = db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}"${where}`).all();
    h.update(t).update(JSON.stringify(rows));
  }
  return h.digest('hex');
}
