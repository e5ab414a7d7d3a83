/**
 * Re-encrypting identifier values under a new identified-access key (a rotation's copy, in its
 * transaction): form data, drafts and the subjects table's sealed columns and look-up tokens.
 * Audit rows are append-only and keep the key of their day (the keyring still opens them).
 */
import type { Casebook } from '../../shared/protocol/casebook';
import type { Study } from '../../shared/protocol/load';
import { isSealed, openText, openValues, sealText, type IdKeyring } from './identifier-values';
import { formsWithSubjectColumns, writeSubjectColumns } from './subject-columns';
import type { Db } from '../db/connection';

export function reencryptIdentifiers(db: Db, study: Study, from: IdKeyring, to: IdKeyring): number {
  let n = 0;
  const setForm = db.prepare('UPDATE forms SET data = ? WHERE id = ?');
  for (const r of db.prepare(`SELECT id, data FROM forms WHERE instr(data, '"$enc"') > 0`).all() as {
    id: number;
    data: string;
  }[]) {
    const v = JSON.parse(r.data) as Record<string, unknown>;
    for (const [k, x] of Object.entries(v))
      if (isSealed(x)) {
        v[k] = { ...x, $enc: sealText(to, openText(from, x.$enc)) };
        n++;
      }
    setForm.run(JSON.stringify(v), r.id);
  }
  const setDraft = db.prepare('UPDATE drafts SET data = ? WHERE rowid = ?');
  for (const r of db.prepare(`SELECT rowid AS id, data FROM drafts WHERE data LIKE 'v1.%'`).all() as {
    id: number;
    data: string;
  }[])
    setDraft.run(sealText(to, openText(from, r.data)), r.id);

  // Only the forms the subjects table reads from are opened again (not the whole casebook).
  const columns = [...formsWithSubjectColumns(study)];
  const forms = db.prepare(
    `SELECT event, form, instance, data FROM forms WHERE subject = ? AND form IN (${columns.map(() => '?').join(', ')}) ORDER BY id`,
  );
  for (const s of db.prepare('SELECT id, subject_id FROM subjects').all() as { id: number; subject_id: string }[]) {
    const cb: Casebook = {
      subjectId: s.subject_id,
      forms: (forms.all(s.id, ...columns) as { event: string; form: string; instance: number; data: string }[]).map(
        (f) => ({
          ...f,
          values: openValues(to, JSON.parse(f.data) as Record<string, unknown>),
        }),
      ),
    };
    writeSubjectColumns(db, study, s.id, cb, to);
  }
  return n;
}
