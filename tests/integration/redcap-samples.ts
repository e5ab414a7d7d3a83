/** Values a converted REDCap form accepts, one per field by its type, for the import tests. */
import type { FieldDef, FieldValue, FormDef } from '../../shared/protocol/schema';

const SAMPLES: Record<string, string> = {
  'a time HH:MM': '08:30',
  'a time HH:MM:SS': '08:30:15',
  'minutes and seconds MM:SS': '12:30',
  'an e-mail address': 'someone@example.org',
  'a North American phone number': '718-555-0142',
  'a US ZIP code': '10467',
  'a social security number': '123-45-6789',
  'a 10-digit medical record number': '0123456789',
  'letters only': 'abc',
};
function sample(fd: FieldDef, indexDate: string): FieldValue | undefined {
  switch (fd.type) {
    case 'int':
      return fd.min ?? 1;
    case 'decimal':
      return fd.min ?? 1.5;
    case 'date':
      return indexDate;
    case 'choice':
      return fd.codes![0]!.code;
    case 'multi':
      return [fd.codes![0]!.code];
    case 'yesno':
      return 'Y';
    case 'text':
      return fd.pattern ? SAMPLES[fd.pattern.description] : 'abc';
    default:
      return undefined;
  }
}
export function valuesFor(form: FormDef): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const fd of form.fields) {
    if (fd.showIf) continue;
    const v = sample(fd, '2025-01-10');
    if (v !== undefined) out[fd.id] = v;
  }
  return out;
}
