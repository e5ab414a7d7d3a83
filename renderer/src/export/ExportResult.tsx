/** What an export wrote: each file with its SHA-256, and what it holds. */
import { Stack } from '@mui/material';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { plural } from '../../../shared/plural';
import { FileResult } from '../components/FileResult';

export function ExportResult({ result }: { result: ChannelOutput<'export.run'> & { profile: string } }) {
  const review = result.review
    ? ` Free-text review kept with the export record: ${plural(result.review.items, 'value')}, ${plural(result.review.added, 'redaction')} added, ${result.review.removed} removed.`
    : '';
  if (result.format === 'xlsx')
    return (
      <FileResult
        title={`Workbook written (${result.profile})`}
        file={result.file}
        sha256={result.sha256}
        details={`${plural(result.subjects, 'subject')}, ${plural(result.rows, 'row')}. Recorded in the audit trail as a disclosure.${review}`}
      />
    );
  return (
    <Stack spacing={1.5}>
      <FileResult
        title={`ODM file written (${result.profile})`}
        file={result.file}
        sha256={result.sha256}
        details={`CDISC ODM 1.3.2: the study's metadata and ${plural(result.subjects, 'subject')}, ${plural(result.rows, 'form')}. Recorded in the audit trail as a disclosure, never as the previous submission.${review}`}
      />
      {result.audit && (
        <FileResult
          title="Audit trail written (Transactional ODM)"
          file={result.audit.file}
          sha256={result.audit.sha256}
          details={`${plural(result.audit.records, 'audit record')}: who changed which item and when, never the values or reasons.`}
        />
      )}
    </Stack>
  );
}
