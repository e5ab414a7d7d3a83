/**
 * Registers the PHI scanner as the maker of free text's redacted copies (identifier-values.ts):
 * the copy a monitor reads, stored when the text is saved, with the subject's own identifiers
 * from the casebook. Imported for its effect by every entry point (IPC, CLI, demo).
 */
import { setFreeTextRedactor, type FreeTextRedactor } from '../services/identifier-values';
import { subjectIdentifiers } from './deidentify';
import { redactPhi } from './phi/index';

/** The context is the subject's identifiers: a copy is made again when one of them changes. */
export const phiRedactor: FreeTextRedactor = {
  prepare(study, casebook) {
    const ids = subjectIdentifiers(study, casebook);
    return { context: JSON.stringify(ids), redact: (text) => redactPhi(text, ids).text };
  },
};
setFreeTextRedactor(phiRedactor);
