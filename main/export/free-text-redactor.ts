/**
 * Registers the PHI scanner as the maker of free text's redacted copies (identifier-values.ts):
 * the copy a monitor reads, stored when the text is saved, with the subject's own identifiers
 * from the casebook. Imported for its effect by every entry point (IPC, CLI, demo).
 */
import { setFreeTextRedactor } from '../services/identifier-values';
import { subjectIdentifiers } from './deidentify';
import { redactPhi } from './phi/index';

setFreeTextRedactor((text, study, casebook) => redactPhi(text, subjectIdentifiers(study, casebook)).text);
