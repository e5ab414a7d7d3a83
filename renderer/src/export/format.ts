/**
 * The export screen's two formats: the submission workbook, or the same data as one CDISC ODM
 * 1.3.2 file (what other EDCs and warehouses import). Names and wording for the screen; the
 * files are written by main under the same names as `sitecrf export` gives them.
 */
import type { ExportFormat, ProfileInfo } from '../../../shared/ipc/views';

export const FORMAT_TEXT: Record<ExportFormat, { label: string; hint: string; noun: string }> = {
  xlsx: {
    label: 'Submission workbook (.xlsx)',
    hint: 'The monthly submission the sponsor imports.',
    noun: 'workbook',
  },
  odm: {
    label: 'CDISC ODM 1.3.2 (.xml)',
    hint: 'The study and its data for another EDC or a warehouse; never the previous submission.',
    noun: 'ODM file',
  },
};

/** `SACRO_MMC_2026-09_safe-harbor.xlsx`, `…_limited_PHI.odm.xml` and its `_audit.odm.xml`. */
export function exportFileNames(
  study: string,
  site: string,
  period: string,
  profile: Pick<ProfileInfo, 'id' | 'phi'>,
  format: ExportFormat,
  audit: boolean,
): string[] {
  const base = `${study}_${site}_${period}_${profile.id}${profile.phi ? '_PHI' : ''}`;
  if (format === 'xlsx') return [`${base}.xlsx`];
  return [`${base}.odm.xml`, ...(audit ? [`${base}_audit.odm.xml`] : [])];
}

/** The audit trail's timestamps are dates: only a profile that keeps dates may carry them. */
export const auditAllowed = (profile: Pick<ProfileInfo, 'keepsDates'> | null, format: ExportFormat): boolean =>
  format === 'odm' && !!profile?.keepsDates;
