/**
 * Identifiers stay with the site's own staff. Fields whose PHI class names a person or place
 * (direct identifiers, the birth date, the ZIP code) are withheld from roles without
 * `subject.identified` (the monitor) in every read: forms, field history, audit trail.
 * Dates and notes are not withheld: source verification needs them.
 */
import { may } from '../../shared/roles';
import type { PhiClass } from '../../shared/protocol/schema';
import type { SiteSession } from './session';

const WITHHELD_CLASSES: ReadonlySet<PhiClass> = new Set(['direct', 'birthdate', 'geo']);
export const WITHHELD_TEXT = '[identifier withheld]';

export function seesIdentifiers(s: SiteSession): boolean {
  return may(s.user.role, 'subject.identified');
}

/** The fields of a form this session may not see (empty for site staff). */
export function withheldFields(s: SiteSession, formId: string): string[] {
  if (seesIdentifiers(s) || !s.study.hasForm(formId)) return [];
  return s.study
    .form(formId)
    .fields.filter((f) => WITHHELD_CLASSES.has(f.phi))
    .map((f) => f.id);
}
