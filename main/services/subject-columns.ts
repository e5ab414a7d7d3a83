/**
 * The per-subject values the subjects table lists, taken from the protocol's references
 * (stratifyBy, indexDate, lookupFields) and written to the subjects row whenever a form that
 * holds one of them is saved.
 */
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';
import type { Casebook } from '../../shared/protocol/casebook';
import { identifierWithRole } from '../../shared/protocol/knowledge';
import type { Study } from '../../shared/protocol/load';
import type { FieldRef, IdentifierRole } from '../../shared/protocol/schema';
import { foldForLookup } from './subjects';

export function formsWithSubjectColumns(study: Study): Set<string> {
  const d = study.def;
  return new Set([
    d.indexDate.form,
    ...(d.stratifyBy ? [d.stratifyBy.form] : []),
    ...d.lookupFields.map((r) => r.form),
    ...d.identifierFields.map((r) => r.form),
  ]);
}

function text(cb: Casebook, ref: FieldRef & { form: string }): string | null {
  const rec = cb.forms.find((f) => f.form === ref.form && (!ref.event || f.event === ref.event));
  const v = rec?.values[ref.field];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function writeSubjectColumns(db: Db, study: Study, subjectPk: number, cb: Casebook): void {
  const d = study.def;
  const look = d.lookupFields.map((r) => text(cb, r));
  // The record number and the names by their declared identifier roles, never by position.
  const byRole = (role: IdentifierRole): string | null => {
    const ref = identifierWithRole(study, role);
    return ref ? text(cb, ref) : null;
  };
  const mrn = byRole('recordNumber');
  const last = byRole('lastName');
  const first = byRole('firstName') ?? byRole('fullName');
  const folded = look.filter((v): v is string => v !== null).map(foldForLookup);
  // Names match in either order ("Smith John", "John Smith").
  if (last && first) folded.push(foldForLookup(last + first), foldForLookup(first + last));
  stmt(db, 'UPDATE subjects SET stratum = ?, index_date = ?, display_name = ?, mrn = ?, lookup = ? WHERE id = ?').run(
    d.stratifyBy ? text(cb, d.stratifyBy) : null,
    text(cb, d.indexDate),
    [first, last].filter(Boolean).join(' ') || null,
    mrn,
    folded.length ? `|${folded.join('|')}|` : '',
    subjectPk,
  );
}

/** Fills every subject's columns from its forms: migration 0003's backfill, run once inside it. */
export function fillSubjectColumns(db: Db, study: Study): void {
  const forms = db.prepare('SELECT event, form, instance, data FROM forms WHERE subject = ?');
  for (const s of db.prepare('SELECT id, subject_id FROM subjects').all() as { id: number; subject_id: string }[]) {
    const cb: Casebook = {
      subjectId: s.subject_id,
      forms: (forms.all(s.id) as { event: string; form: string; instance: number; data: string }[]).map((f) => ({
        ...f,
        values: JSON.parse(f.data),
      })),
    };
    writeSubjectColumns(db, study, s.id, cb);
  }
}
