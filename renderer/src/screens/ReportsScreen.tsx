/**
 * Reports: the numbers of the workbook's Summary sheet (reports.summary runs the same
 * computation), as charts and tables. Print to PDF gives a clean document (PrintStyles).
 */
import { useEffect, useState } from 'react';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import PrintIcon from '@mui/icons-material/PrintOutlined';
import ExportIcon from '@mui/icons-material/IosShare';
import { displayDateTime } from '../../../shared/date-display';
import { may } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { ScreenTitle } from '../components/ScreenTitle';
import { CompletenessSection } from '../reports/CompletenessSection';
import { ComplicationsSection } from '../reports/ComplicationsSection';
import { ConductSection } from '../reports/ConductSection';
import { CountsSection } from '../reports/CountsSection';
import { EnrollmentSection } from '../reports/EnrollmentSection';
import { OutcomeSection } from '../reports/OutcomeSection';
import type { Summary } from '../../../shared/ipc/views';

export function ReportsScreen() {
  const { study, session } = useApp();
  const [s, setS] = useState<Summary | null>(null);
  const [at, setAt] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api['reports.summary']({}).then(
      (r) => {
        setS(r);
        setAt(new Date());
      },
      (e) => setError(messageOf(e)),
    );
  }, []);

  const asOf = displayDateTime(at, {}, '');
  return (
    <Stack spacing={2}>
      <ScreenTitle title="Reports" sub={s ? `${session.site.name} · as of ${asOf}` : 'Computing…'}>
        {may(session.user.role, 'export.deidentified') && (
          <Button href="#/export" startIcon={<ExportIcon />}>
            Export the submission
          </Button>
        )}
        <Button variant="outlined" startIcon={<PrintIcon />} onClick={() => window.print()} disabled={!s}>
          Print or save as PDF
        </Button>
      </ScreenTitle>
      {error && <Alert severity="error">{error}</Alert>}
      {s && (
        <>
          <Typography variant="body2" color="text.secondary" className="no-print">
            The same numbers, computed by the same code, as the Summary sheet of the monthly submission workbook.
          </Typography>
          <Box className="print-only" sx={{ fontSize: 11, color: '#444' }}>
            {session.study.title} · protocol {study.def.version} · site {session.site.code} · printed by{' '}
            {session.user.fullName} · same computation as the workbook’s Summary sheet
          </Box>
          <EnrollmentSection s={s} period={session.today.slice(0, 7)} />
          <CompletenessSection s={s} study={study} />
          <OutcomeSection s={s} />
          <Box
            sx={{
              display: 'grid',
              gridTemplateColumns: { md: '1fr 1fr', xs: '1fr' },
              gap: 2,
              alignItems: 'start',
              '@media print': { gridTemplateColumns: '1fr' },
            }}
          >
            <CountsSection s={s} study={study} />
            <ComplicationsSection s={s} />
          </Box>
          <ConductSection s={s} study={study} />
        </>
      )}
    </Stack>
  );
}
