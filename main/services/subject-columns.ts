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
import { lookupTokens, openValues, sealText, type IdKeyring } from './identifier-values';
import { CrfError } from '../../shared/errors';

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

/**
 * The name and record number are stored sealed under the identified-access key, and the look-up
 * column holds keyed tokens of their prefixes (identifier-values.ts), never the folded text.
 */
export function writeSubjectColumns(db: Db, study: Study, subjectPk: number, cb: Casebook, key: IdKeyring): void {
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
    sealOrNull(key, [first, last].filter(Boolean).join(' ') || null),
    sealOrNull(key, mrn),
    lookupTokens(key, folded),
    subjectPk,
  );
}

const sealOrNull = (key: IdKeyring, v: string | null): string | null => (v === null ? null : sealText(key, v));

/**
 * Fills every subject's columns from its forms: migration 0003's backfill, run once inside it.
 * The columns are sealed, so it needs the identified-access key.
 */
export function fillSubjectColumns(db: Db, study: Study, key: IdKeyring | null): void {
  if (!key && (db.prepare('SELECT count(*) AS n FROM subjects').get() as { n: number }).n > 0)
    throw new CrfError({
      code: 'FORBIDDEN',
      message:
        'This database needs an upgrade that only a user with identified access can run: log in as site staff first',
    });
  const forms = db.prepare('SELECT event, form, instance, data FROM forms WHERE subject = ?');
  for (const s of db.prepare('SELECT id, subject_id FROM subjects').all() as { id: number; subject_id: string }[]) {
    const cb: Casebook = {
      subjectId: s.subject_id,
      forms: (forms.all(s.id) as { event: string; form: string; instance: number; data: string }[]).map((f) => ({
        ...f,
        values: openValues(key, JSON.parse(f.data) as Record<string, unknown>),
      })),
    };
    writeSubjectColumns(db, study, s.id, cb, key!);
  }
}
