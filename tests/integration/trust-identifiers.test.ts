/**
 * Issue 10 attack 1 and issue 14 part 4: identifier values are encrypted under the
 * identified-access key. A script with a monitor's password and the file reads no identifier;
 * the monitor sees free text only as the scanner's redacted copy, in forms, field history and the
 * audit viewer; site staff see, search and export everything as before, also after a rotation.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysForSecret } from '../../main/db/grants';
import { readKeyFile, userSlotId } from '../../main/db/keyslots';
import { listAudit } from '../../main/services/audit-view';
import { getCasebook } from '../../main/services/casebook';
import { subjectDashboard } from '../../main/services/dashboard';
import { getForm } from '../../main/services/forms';
import { saveForm } from '../../main/services/save-form';
import { formHistory } from '../../main/services/history';
import { findSubjects, registerSubject } from '../../main/services/subjects';
import { setUserActive } from '../../main/services/users';
import { makeSite, PASSWORDS, SACRO_CASE, type Site } from './site-fixture';

const NOTE = 'Spoke with son Jose at 631-555-0123 about the visit';
const SECRETS = ['Quackenbush', 'Zebulon', 'QX-778812', '555-0142', '1941-04-12', '10474', 'Jose', '631-555-0123'];

let site: Site;
let subjectId: string;

function everyText(db: Database.Database): string {
  const out: string[] = [];
  for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[])
    for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
      out.push(JSON.stringify(row));
  return out.join('\n');
}

beforeAll(() => {
  site = makeSite();
  const c = site.login('coordinator');
  subjectId = registerSubject(c).subjectId;
  saveForm(c, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
  saveForm(c, { subjectId, event: 'screening', form: 'ELIG', values: SACRO_CASE.ELIG, status: 'complete' });
  saveForm(c, {
    subjectId,
    event: 'procedure',
    form: 'PROC',
    values: { ...SACRO_CASE.PROC, proc_notes: NOTE },
    status: 'complete',
  });
  // An edit puts old and new identifier values into the trail.
  saveForm(c, {
    subjectId,
    event: 'screening',
    form: 'REG',
    values: { ...SACRO_CASE.REG, phone: '(718) 555-0199' },
    status: 'complete',
    reason: 'New number',
  });
  c.close();
});
afterAll(() => site.cleanup());

describe('identifiers under their own key', () => {
  it('leaves a script with the monitor password and the file without any identifier (attack 1)', () => {
    const mon = keysForSecret(readKeyFile(site.path), userSlotId('monitor'), PASSWORDS.monitor)!;
    const db = new Database(site.path, { fileMustExist: true });
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma(`key = "x'${mon.keys.data.toString('hex')}'"`);
    const all = everyText(db);
    db.close();
    expect(all).toContain(subjectId);
    expect(all).toContain('$enc');
    for (const x of SECRETS) expect(all, x).not.toContain(x);
  });

  it('shows the monitor free text only as the redacted copy, in the form, the history and the audit viewer', () => {
    const m = site.login('monitor');
    const proc = getForm(m, { subjectId, event: 'procedure', form: 'PROC' });
    const shown = String(proc.values.proc_notes);
    expect(shown).toContain('Spoke with son');
    expect(shown).toContain('[REDACTED');
    expect(shown).not.toContain('Jose');
    expect(shown).not.toContain('631-555-0123');
    const hist = JSON.stringify(formHistory(m, { subjectId, event: 'procedure', form: 'PROC', instance: 1 }));
    const audit = JSON.stringify(listAudit(m, { subjectId, pageSize: 500 }).rows);
    for (const text of [hist, audit]) for (const x of SECRETS) expect(text, x).not.toContain(x);
    expect(hist).toContain('Spoke with son');
    expect(getForm(m, { subjectId, event: 'screening', form: 'REG' }).values.last_name).toBeUndefined();
    m.close();
  });

  it('gives site staff the values, the history, the subjects table and the search as before', () => {
    const c = site.login('investigator');
    expect(getForm(c, { subjectId, event: 'procedure', form: 'PROC' }).values.proc_notes).toBe(NOTE);
    const hist = formHistory(c, { subjectId, event: 'screening', form: 'REG', instance: 1, field: 'phone' });
    expect(hist.map((h) => h.newValue)).toEqual(['(718) 555-0142', '(718) 555-0199']);
    expect(subjectDashboard(c).rows[0]).toMatchObject({ name: 'Zebulon Quackenbush', mrn: 'QX-778812' });
    for (const q of ['quack', 'QX-7788', 'Zebulon Quackenbush', 'quackenbush zebulon'])
      expect(
        findSubjects(c, q).map((x) => x.subjectId),
        q,
      ).toEqual([subjectId]);
    expect(findSubjects(c, 'smith')).toEqual([]);
    c.close();
  });

  it('keeps every value readable to site staff after a rotation, and the old key opens none of the new ones', () => {
    const before = keysForSecret(readKeyFile(site.path), userSlotId('coordinator'), PASSWORDS.coordinator)!.keys.id!;
    const a = site.login('admin');
    setUserActive(a, { username: 'monitor', active: false });
    a.close();
    const c = site.login('coordinator');
    expect(c.identifierKey()!.current.equals(before)).toBe(false);
    expect(getCasebook(c, subjectId).identity).toEqual({ name: 'Zebulon Quackenbush', mrn: 'QX-778812' });
    expect(getForm(c, { subjectId, event: 'procedure', form: 'PROC' }).values.proc_notes).toBe(NOTE);
    const hist = formHistory(c, { subjectId, event: 'screening', form: 'REG', instance: 1, field: 'phone' });
    expect(hist.map((h) => h.newValue)).toEqual(['(718) 555-0142', '(718) 555-0199']);
    expect(findSubjects(c, 'quacken').map((x) => x.subjectId)).toEqual([subjectId]);
    c.close();
  });
});
