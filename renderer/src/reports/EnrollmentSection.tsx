/** Enrollment: totals, by stratum, and over time by month of registration. */
import { Box, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { NoData, Section, num } from './Section';
import { ALL_SUBJECTS, type Summary } from '../../../shared/ipc/views';

function Tile({ label, value }: { label: string; value: number }) {
  return (
    <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, px: 2, py: 1, minWidth: 130 }}>
      <Typography variant="caption" color="text.secondary" component="p">
        {label}
      </Typography>
      <Typography
        sx={{ fontSize: 24, fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}
        aria-label={`${label}: ${value}`}
      >
        {value}
      </Typography>
    </Box>
  );
}

export function EnrollmentSection({ s, period }: { s: Summary; period: string }) {
  const e = s.enrollment;
  const strata = s.strata.filter((x) => x.code !== ALL_SUBJECTS);
  const months = e.byMonth;
  return (
    <Section
      id="enrollment"
      title="Enrollment"
      note="Subjects registered at this site, by stratum and by month of registration."
    >
      <Stack direction="row" spacing={1.5} flexWrap="wrap" useFlexGap sx={{ mb: 2 }}>
        <Tile label="Enrolled in total" value={e.total} />
        <Tile label={`Enrolled in ${period}`} value={e.thisPeriod} />
        <Tile label="Withdrawn" value={e.withdrawn} />
      </Stack>
      <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 2fr', xs: '1fr' }, gap: 2, alignItems: 'start' }}>
        <Table size="small" aria-label="Enrollment by stratum">
          <TableHead>
            <TableRow>
              <TableCell>Stratum</TableCell>
              <TableCell sx={num}>Subjects</TableCell>
              <TableCell sx={num}>Share</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {strata.map((st) => (
              <TableRow key={st.code}>
                <TableCell component="th" scope="row">
                  {st.label}
                </TableCell>
                <TableCell sx={num}>{e.byStratum[st.code] ?? 0}</TableCell>
                <TableCell sx={num}>
                  {e.total ? `${(((e.byStratum[st.code] ?? 0) / e.total) * 100).toFixed(1)}%` : '—'}
                </TableCell>
              </TableRow>
            ))}
            <TableRow>
              <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
                All subjects
              </TableCell>
              <TableCell sx={{ ...num, fontWeight: 600 }}>{e.total}</TableCell>
              <TableCell />
            </TableRow>
          </TableBody>
        </Table>
        {months.length > 0 ? (
          <Box
            role="img"
            aria-label={`Subjects enrolled per month: ${months.map((m) => `${m.month} ${m.n}`).join(', ')}`}
          >
            <BarChart
              height={220}
              xAxis={[{ scaleType: 'band', data: months.map((m) => m.month), label: 'Month of registration' }]}
              yAxis={[{ label: 'Subjects', tickMinStep: 1 }]}
              series={[{ data: months.map((m) => m.n), label: 'Subjects enrolled', color: '#1f5f8b' }]}
              hideLegend
              margin={{ left: 10, right: 10, top: 10, bottom: 10 }}
            />
          </Box>
        ) : (
          <NoData>No subject registered yet.</NoData>
        )}
      </Box>
    </Section>
  );
}
