/** The export screen's words for PHI classes, and the month the export defaults to. */
import { PHI_CLASSES, type PhiClass } from '../../../shared/protocol/schema';
import type { Study } from '../../../shared/protocol/load';

/** The month before today's, as YYYY-MM (the monthly submission covers the month just ended). */
export function lastMonth(today: Date = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export const PHI_CLASS_TEXT: Record<PhiClass, string> = {
  none: 'Not identifying',
  direct: 'Direct identifiers',
  date: 'Dates of the patient',
  birthdate: 'Date of birth',
  geo: 'ZIP code',
  freetext: 'Free text',
};

/** The fields of each PHI class, from the protocol: the rules table names what they apply to. */
export function fieldsByClass(study: Study): { phi: PhiClass; fields: string[] }[] {
  return PHI_CLASSES.map((phi) => ({
    phi,
    fields: study.def.forms.flatMap((f) =>
      f.fields.filter((x) => x.phi === phi && x.type !== 'computed').map((x) => `${f.id}.${x.id}`),
    ),
  }));
}
