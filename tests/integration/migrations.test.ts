/** Numbered migrations on a real file: a schema-2 database opens as schema 3, its new columns filled from the protocol. */
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../main/db/migrations/index';
import { subjectDashboard } from '../../main/services/dashboard';
import { saveForm } from '../../main/services/save-form';
import { registerSubject } from '../../main/services/subjects';
import { verifyAuditChain } from '../../main/services/audit';
import { makeSite, rawConnection, SACRO_CASE } from './site-fixture';

const site = makeSite();
afterAll(() => site.cleanup());

describe('migrations', () => {
  it('brings a schema-2 database to the current schema and backfills the subject columns', () => {
    const c = site.login('coordinator');
    const { subjectId } = registerSubject(c);
    saveForm(c, { subjectId, event: 'screening', form: 'REG', values: SACRO_CASE.REG, status: 'complete' });
    saveForm(c, { subjectId, event: 'screening', form: 'ELIG', values: SACRO_CASE.ELIG, status: 'complete' });
    saveForm(c, { subjectId, event: 'procedure', form: 'PROC', values: SACRO_CASE.PROC, status: 'complete' });
    c.close();

    // Turn the file back into what schema 2 looked like.
    const raw = rawConnection(site.path);
    raw.exec(`DROP INDEX forms_status; ALTER TABLE subjects DROP COLUMN stratum; ALTER TABLE subjects DROP COLUMN index_date;
              ALTER TABLE subjects DROP COLUMN display_name; ALTER TABLE subjects DROP COLUMN mrn; DELETE FROM meta WHERE key = 'subject_columns';`);
    raw.pragma('user_version = 2');
    raw.close();

    const s = site.login('coordinator');
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    const row = subjectDashboard(s).rows.find((r) => r.subjectId === subjectId)!;
    expect(row).toMatchObject({ stratum: 'SIF', name: 'Zebulon Quackenbush', mrn: 'QX-778812' });
    expect(s.db.prepare('SELECT index_date FROM subjects WHERE subject_id = ?').get(subjectId)).toEqual({
      index_date: '2025-01-14',
    });
    expect(verifyAuditChain(s.db).ok).toBe(true);
    s.close();
  });
});
