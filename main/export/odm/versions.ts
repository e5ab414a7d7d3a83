/**
 * The study versions an ODM file describes: one MetaDataVersion per protocol version the site
 * has run (its stored definition, through the export's profile), so that each form instance's
 * data sits in the ClinicalData of the version it was last saved under. ODM 1.3.2 ties a
 * ClinicalData to one MetaDataVersion, and its items to that version's definitions.
 */
import type { Db } from '../../db/connection';
import type { Study } from '../../../shared/protocol/load';
import { storedStudyVersions } from '../../services/study-store';
import { exportLayout, type ExportLayout } from '../layout';
import type { Profile } from '../profiles';
import { formColumns, metaDataVersion } from './metadata';
import { oid } from './xml';

export interface OdmVersion {
  version: string;
  /** MDV.<study>.<version> */
  oid: string;
  study: Study;
  layout: ExportLayout;
  /** the ItemOIDs this version defines: data of its forms may name only these */
  items: ReadonlySet<string>;
}

function odmVersion(study: Study, layout: ExportLayout): OdmVersion {
  const items = new Set(study.def.forms.flatMap((f) => formColumns(layout, f.id).map((c) => oid.item(f.id, c.code))));
  return { version: study.def.version, oid: oid.mdv(study.def.id, study.def.version), study, layout, items };
}

/**
 * The versions in the order installed, the running one last with the export's own layout. A
 * database that holds no stored definitions (or only the running one) gives just that one.
 */
export function odmVersions(db: Db, running: Study, layout: ExportLayout, profile: Profile): OdmVersion[] {
  const older = storedStudyVersions(db)
    .filter((v) => v.version !== running.def.version)
    .map((v) => odmVersion(v.study, exportLayout(v.study, profile)));
  return [...older, odmVersion(running, layout)];
}

export const metaDataVersions = (versions: readonly OdmVersion[]): string[] =>
  versions.map((v) => metaDataVersion(v.study, v.layout));
