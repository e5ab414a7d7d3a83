/**
 * The study tables (`sitecrf sponsor report`): computed from the pooled de-identified rows,
 * as data (study-tables.json) and as a workbook formatted like the site's (study-tables.xlsx).
 */
import type { Study } from '../../../shared/protocol/load';
import { characteristicsTable } from './characteristics';
import { complicationTables } from './complications';
import { outcomeTables } from './outcomes';
import type { PooledData } from './pooled';
import { enrollmentTable, qualityTable } from './sites';
import { tablesSpecOf, type TablesSpec } from './spec';
import type { StudyTable } from './table';

export interface StudyTables {
  study: string;
  protocolVersion: string;
  generatedAt: string;
  tables: StudyTable[];
}

export function studyTables(study: Study, p: PooledData, opts: { asOf?: Date; spec?: TablesSpec } = {}): StudyTables {
  const spec = opts.spec ?? tablesSpecOf(study);
  const asOf = opts.asOf ?? new Date();
  return {
    study: p.studyId,
    protocolVersion: p.protocolVersion,
    generatedAt: asOf.toISOString(),
    tables: [
      enrollmentTable(p),
      characteristicsTable(p, spec),
      ...outcomeTables(p, spec),
      ...complicationTables(p, spec),
      qualityTable(p, asOf),
    ],
  };
}
