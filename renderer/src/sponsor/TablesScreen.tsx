/**
 * Study tables: the tables of `sitecrf sponsor report` (the report service, on the store's
 * pooled rows), with two charts drawn from them: the outcome by group over the visits, and
 * enrollment by site. A chart with nothing to draw says so instead.
 */
import {
  Alert,
  Box,
  CircularProgress,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import { displayDateTime } from '../../../shared/date-display';
import type { StudyTableView } from '../../../shared/ipc/sponsor-contract';
import { NoData, num } from '../reports/Section';
import { sponsorApi } from './api';
import { enrollmentBars, outcomeLines } from './charts';
import { useLoad } from './useLoad';

const COLORS = ['#1f5f8b', '#c0581b', '#5b6770', '#2e7d32', '#6a1b9a', '#8a5300'];

function OutcomeChart({ tables }: { tables: StudyTableView[] }) {
  const d = outcomeLines(tables);
  const title = tables.find((t) => t.id === 'outcomes')?.title.split(' by group')[0] ?? 'Outcome';
  return (
    <Paper component="section" aria-labelledby="chart-outcome-h" sx={{ p: 2 }}>
      <Typography id="chart-outcome-h" variant="h2">
        {title} by group over the visits (mean)
      </Typography>
      {d.series.length === 0 ? (
        <NoData>No data yet: no outcome value in the pooled study.</NoData>
      ) : (
        <Box
          role="img"
          aria-label={`${title}, mean by group: ${d.series
            .map((s) => `${s.label} ${s.data.map((v, i) => `${d.times[i]} ${v ?? 'no value'}`).join(', ')}`)
            .join('; ')}`}
        >
          <LineChart
            height={260}
            xAxis={[{ scaleType: 'point', data: d.times, label: 'Visit' }]}
            yAxis={[{ label: `${title} (mean)` }]}
            series={d.series.map((s, i) => ({
              id: s.id,
              label: s.label,
              data: s.data,
              color: COLORS[i % COLORS.length],
            }))}
          />
        </Box>
      )}
    </Paper>
  );
}

function EnrollmentChart({ tables }: { tables: StudyTableView[] }) {
  const d = enrollmentBars(tables);
  return (
    <Paper component="section" aria-labelledby="chart-enrollment-h" sx={{ p: 2 }}>
      <Typography id="chart-enrollment-h" variant="h2">
        Enrollment by site
      </Typography>
      {d.sites.length === 0 || d.series.length === 0 ? (
        <NoData>No data yet: no workbook imported.</NoData>
      ) : (
        <Box
          role="img"
          aria-label={`Subjects by site: ${d.sites
            .map((site, i) => `${site} ${d.series.reduce((a, s) => a + (s.data[i] ?? 0), 0)}`)
            .join(', ')}`}
        >
          <BarChart
            height={260}
            xAxis={[{ scaleType: 'band', data: d.sites, label: 'Site' }]}
            yAxis={[{ label: 'Subjects', tickMinStep: 1 }]}
            series={d.series.map((s, i) => ({
              id: s.id,
              label: `First submitted ${s.label}`,
              data: s.data,
              stack: 'months',
              color: COLORS[i % COLORS.length],
            }))}
          />
        </Box>
      )}
    </Paper>
  );
}

const show = (v: string | number | null): string => (v === null ? '—' : String(v));

function StudyTable({ t }: { t: StudyTableView }) {
  return (
    <Paper component="section" aria-labelledby={`t-${t.id}-h`} sx={{ p: 2 }}>
      <Typography id={`t-${t.id}-h`} variant="h2" sx={{ mb: 1 }}>
        {t.title}
      </Typography>
      {t.rows.length === 0 ? (
        <NoData>No rows yet.</NoData>
      ) : (
        <Box role="region" aria-label={`${t.title} (scrolls)`} tabIndex={0} sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-labelledby={`t-${t.id}-h`}>
            <TableHead>
              <TableRow>
                {t.columns.map((c) => (
                  <TableCell key={c.id}>{c.label}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {t.rows.map((r, i) => (
                <TableRow key={i}>
                  {r.map((v, j) => (
                    <TableCell key={j} sx={typeof v === 'number' ? num : undefined}>
                      {show(v)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Paper>
  );
}

export function TablesScreen() {
  const { data, error } = useLoad(() => sponsorApi['sponsor.tables']({}));
  return (
    <>
      <Typography variant="h1" tabIndex={-1}>
        Study tables
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      {!data && !error && <CircularProgress aria-label="Computing the study tables" />}
      {data && (
        <>
          <Typography variant="body2">
            Study {data.study}, protocol version {data.protocolVersion || '—'}, computed{' '}
            {displayDateTime(data.generatedAt)} from the pooled de-identified rows (the same tables as{' '}
            <code>sitecrf sponsor report</code>).
          </Typography>
          <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 1fr', xs: '1fr' }, gap: 2 }}>
            <OutcomeChart tables={data.tables} />
            <EnrollmentChart tables={data.tables} />
          </Box>
          {data.tables.map((t) => (
            <StudyTable key={t.id} t={t} />
          ))}
        </>
      )}
    </>
  );
}
