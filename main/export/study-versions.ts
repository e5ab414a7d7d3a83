/** The protocol versions a site has run, as the workbook's Dictionary lists them. */
import type { Db } from '../db/connection';
import { formsByProtocolVersion, studyVersions } from '../services/study-store';
import type { DictionaryVersion } from './sheet-dictionary';

export function dictionaryVersions(db: Db): DictionaryVersion[] {
  const forms = new Map(formsByProtocolVersion(db).map((r) => [r.version, r.forms]));
  return studyVersions(db).map((v) => ({
    version: v.version,
    installedAt: v.installedAt,
    sha256: v.sha256,
    forms: forms.get(v.version) ?? 0,
  }));
}
