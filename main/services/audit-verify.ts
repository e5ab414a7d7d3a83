/**
 * `sitecrf audit verify`: everything an insider with the file could have rewritten, named.
 * - PRAGMA integrity_check (a flipped byte deep in the file);
 * - user records signed by the site key (a role or state edited in the users table);
 * - the hash chain and each batch's Ed25519 signature by its actor (a re-chained trail, a row
 *   forged in another user's name);
 * - a replay of the trail against the current data (a value, a role, a user or a subject that
 *   differs from what the trail says);
 * - the signed chain heads of the key file (a truncated trail, an older backup copied over).
 */
import { readKeyFile } from '../db/keyslots';
import { verifyAuditChain } from './audit';
import { auditKeys } from './audit-keys';
import { checkHeads } from './heads';
import { readAuditJson } from './identifier-values';
import type { SiteSession } from './session';
import { allUserRecords, verifyUserRecord } from './user-records';

export interface VerifyReport {
  ok: boolean;
  rows: number;
  problems: string[];
  /** identifier values that could not be compared (the verifying role holds no identified access) */
  unchecked: number;
}

const MAX_PROBLEMS = 50;

export function verifyAudit(s: SiteSession): VerifyReport {
  s.require('audit.read');
  const problems: string[] = [];
  const add = (p: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const kf = readKeyFile(s.dbPath);

  const integrity = s.db.pragma('integrity_check') as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok')
    add(
      `PRAGMA integrity_check: ${integrity
        .map((r) => r.integrity_check)
        .slice(0, 3)
        .join('; ')}`,
    );

  const records = allUserRecords(s.db);
  for (const r of records) {
    if (r.sig === null) {
      // A system account (the demo user) has no keys and can never log in.
      if (r.active) add(`user ${r.username}: active without a signed record (added outside SiteCRF)`);
    } else if (!verifyUserRecord(kf.sitePublicKey, kf.dbId, r))
      add(
        `user ${r.username}: the record (role ${r.role}, ${r.active ? 'active' : 'inactive'}) is not signed by the site: changed outside SiteCRF`,
      );
  }

  const chain = verifyAuditChain(s.db, auditKeys(s.db, kf.sitePublicKey, kf.dbId));
  if (!chain.ok) add(`audit row ${chain.badRow}: ${chain.problem}`);

  replayUsers(s, records, add);
  const unchecked = replayForms(s, add);
  replaySubjects(s, add);
  for (const w of checkHeads(s.db, kf)) add(w);
  return { ok: problems.length === 0, rows: chain.rows, problems, unchecked };
}

function replayUsers(s: SiteSession, records: ReturnType<typeof allUserRecords>, add: (p: string) => void): void {
  const want = new Map<string, { role: string | null; active: boolean }>();
  const rows = s.db
    .prepare(
      `SELECT action, new_value, detail FROM audit WHERE action IN ('user.add', 'user.role', 'user.activate', 'user.deactivate') ORDER BY id`,
    )
    .all() as { action: string; new_value: string | null; detail: string | null }[];
  for (const r of rows) {
    const name = (JSON.parse(r.detail ?? '{}') as { username?: string }).username?.toLowerCase();
    if (!name) continue;
    const cur = want.get(name) ?? { role: null, active: true };
    if (r.action === 'user.add' || r.action === 'user.role') cur.role = r.new_value;
    if (r.action === 'user.activate') cur.active = true;
    if (r.action === 'user.deactivate') cur.active = false;
    want.set(name, cur);
  }
  for (const r of records) {
    const w = want.get(r.username.toLowerCase());
    if (!w) {
      add(`user ${r.username}: in the users table but never added in the trail`);
      continue;
    }
    if (w.role !== r.role) add(`user ${r.username}: role ${r.role} in the users table, ${w.role} in the trail`);
    if (r.sig !== null && w.active !== r.active)
      add(
        `user ${r.username}: ${r.active ? 'active' : 'inactive'} in the users table, ${w.active ? 'active' : 'inactive'} in the trail`,
      );
    want.delete(r.username.toLowerCase());
  }
  for (const name of want.keys()) add(`user ${name}: added in the trail but missing from the users table`);
}

/** Each form value against the last value the trail recorded for it; returns how many could not be compared. */
function replayForms(s: SiteSession, add: (p: string) => void): number {
  const key = s.identifierKey();
  let unchecked = 0;
  const trail = s.db.prepare(
    `SELECT event, form, instance, field, new_value FROM audit WHERE subject_id = ? AND action = 'form.value' ORDER BY id`,
  );
  const forms = s.db.prepare('SELECT event, form, instance, data FROM forms WHERE subject = ?');
  const norm = (v: string | null): string => (v === null || v === '""' || v === '[]' ? 'null' : v);
  for (const sub of s.db.prepare('SELECT id, subject_id FROM subjects ORDER BY seq').all() as {
    id: number;
    subject_id: string;
  }[]) {
    const last = new Map<string, string | null>();
    for (const r of trail.all(sub.subject_id) as {
      event: string;
      form: string;
      instance: number;
      field: string;
      new_value: string | null;
    }[])
      last.set(`${r.event}/${r.form}/${r.instance}/${r.field}`, r.new_value);
    const seen = new Set<string>();
    for (const f of forms.all(sub.id) as { event: string; form: string; instance: number; data: string }[]) {
      const data = JSON.parse(f.data) as Record<string, unknown>;
      const fields = new Set([
        ...Object.keys(data),
        ...[...last.keys()]
          .filter((k) => k.startsWith(`${f.event}/${f.form}/${f.instance}/`))
          .map((k) => k.split('/')[3]!),
      ]);
      for (const field of fields) {
        const k = `${f.event}/${f.form}/${f.instance}/${field}`;
        seen.add(k);
        const now = norm(data[field] === undefined ? null : JSON.stringify(data[field]));
        const was = norm(last.get(k) ?? null);
        if (now === was) continue;
        if (now.startsWith('{"$enc"') || was.startsWith('{"$enc"')) {
          // Sealed again by a rotation: compare the clear values, when this role may open them.
          if (!key) {
            unchecked++;
            continue;
          }
          if (norm(plain(key, now)) === norm(plain(key, was))) continue;
        }
        add(
          `${sub.subject_id} ${f.event}/${f.form}#${f.instance} ${field}: the data differs from the trail's last value`,
        );
      }
    }
    for (const k of last.keys())
      if (!seen.has(k) && norm(last.get(k) ?? null) !== 'null')
        add(`${sub.subject_id} ${k.replace(/\/(\d+)\//, '#$1 ')}: recorded in the trail, missing from the data`);
  }
  return unchecked;
}

function plain(key: NonNullable<ReturnType<SiteSession['identifierKey']>>, json: string): string | null {
  const v = readAuditJson(key, json === 'null' ? null : json);
  return typeof v === 'string' || v === null ? v : null;
}

function replaySubjects(s: SiteSession, add: (p: string) => void): void {
  const registered = new Set(
    (
      s.db.prepare(`SELECT subject_id FROM audit WHERE action = 'subject.register'`).all() as {
        subject_id: string;
      }[]
    ).map((r) => r.subject_id),
  );
  const present = s.db.prepare('SELECT subject_id FROM subjects').all() as { subject_id: string }[];
  for (const r of present)
    if (!registered.has(r.subject_id)) add(`subject ${r.subject_id}: in the data but never registered in the trail`);
  // A registration discarded before anything was saved (subject-discard.ts) leaves the data on purpose.
  const discarded = new Set(
    (
      s.db.prepare(`SELECT subject_id FROM audit WHERE action = 'subject.discard'`).all() as { subject_id: string }[]
    ).map((r) => r.subject_id),
  );
  const have = new Set(present.map((r) => r.subject_id));
  for (const id of registered) {
    if (have.has(id) && discarded.has(id)) add(`subject ${id}: discarded in the trail, still in the data`);
    if (!have.has(id) && !discarded.has(id)) add(`subject ${id}: registered in the trail, missing from the data`);
  }
}
