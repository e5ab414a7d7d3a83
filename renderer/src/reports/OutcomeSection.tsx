/**
 * The outcome before and after, per stratum: mean ± SD at each time point as a dot plot (MUI X
 * Charts, error bars drawn on its scales), and the table with n, paired n and the paired t-test.
 */
import { Box, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { ScatterChart } from '@mui/x-charts/ScatterChart';
import { useXScale, useYScale } from '@mui/x-charts/hooks';
import { NoData, Section, num } from './Section';
import type { Summary } from '../../../shared/ipc/views';
import { outcomeGroups, outcomeName, pValue, stat, timeLabels } from './summary';

const COLORS = ['#1f5f8b', '#c0581b', '#5b6770', '#2e7d32', '#6a1b9a'];

interface Bar {
  x: number;
  mean: number;
  sd: number;
  color: string;
}

function ErrorBars({ bars }: { bars: Bar[] }) {
  const x = useXScale<'linear'>();
  const y = useYScale<'linear'>();
  return (
    <g aria-hidden>
      {bars.map((b, i) => {
        const cx = x(b.x) ?? 0;
        const top = y(b.mean + b.sd) ?? 0;
        const bottom = y(Math.max(0, b.mean - b.sd)) ?? 0;
        return (
          <g key={i} stroke={b.color} strokeWidth={1.5}>
            <line x1={cx} x2={cx} y1={top} y2={bottom} />
            <line x1={cx - 5} x2={cx + 5} y1={top} y2={top} />
            <line x1={cx - 5} x2={cx + 5} y1={bottom} y2={bottom} />
          </g>
        );
      })}
    </g>
  );
}

export function OutcomeSection({ s }: { s: Summary }) {
  const times = timeLabels(s);
  const groups = outcomeGroups(s);
  const name = outcomeName(s);
  if (!times.length) return null;
  const width = groups.length > 1 ? 0.5 / (groups.length - 1) : 0;
  const offset = (gi: number) => (groups.length > 1 ? -0.25 + gi * width : 0);
  const allSeries = groups.map((g, gi) => ({
    id: g.stratum,
    label: g.label,
    color: COLORS[gi % COLORS.length],
    markerSize: 6,
    data: g.points.flatMap((p) =>
      p.mean === null
        ? []
        : [
            {
              id: `${g.stratum}-${p.measure}`,
              x: times.findIndex((t) => t.measure === p.measure) + offset(gi),
              y: p.mean,
            },
          ],
    ),
    valueFormatter: (v: { x: number; y: number } | null) => (v ? `mean ${v.y.toFixed(2)}` : ''),
  }));
  // A stratum with no value yet has nothing to plot (and an empty series makes the chart throw).
  const series = allSeries.filter((x) => x.data.length > 0);
  const bars: Bar[] = groups.flatMap((g, gi) =>
    g.points.flatMap((p) =>
      p.mean === null || p.sd === null
        ? []
        : [
            {
              x: times.findIndex((t) => t.measure === p.measure) + offset(gi),
              mean: p.mean,
              sd: p.sd,
              color: COLORS[gi % COLORS.length]!,
            },
          ],
    ),
  );
  const yMax = Math.max(1, ...bars.map((b) => b.mean + b.sd), ...s.outcomes.map((o) => o.mean ?? 0));
  const described = groups
    .map(
      (g) =>
        `${g.label}: ${g.points.map((p) => `${times.find((t) => t.measure === p.measure)?.label} ${stat(p.mean)} ± ${stat(p.sd)} (n ${p.n})`).join('; ')}`,
    )
    .join('. ');

  return (
    <Section
      id="outcome"
      title={`${name}: before and after, per stratum`}
      note="Dots: mean; bars: ± 1 standard deviation. p: paired t-test against before (two-sided), subjects with both values."
      breakBefore
    >
      {series.length === 0 ? (
        <NoData>No data yet: no subject has a value of {name.toLowerCase()}.</NoData>
      ) : (
        <Box role="img" aria-label={`${name}, mean ± SD. ${described}`} sx={{ maxWidth: 760 }}>
          <ScatterChart
            height={300}
            series={series}
            xAxis={[
              {
                min: -0.5,
                max: times.length - 0.5,
                tickInterval: times.map((_t, i) => i),
                valueFormatter: (v: number) => times[Math.round(v)]?.label ?? '',
                label: 'Time point',
              },
            ]}
            yAxis={[{ min: 0, max: Math.ceil(yMax), label: name }]}
            grid={{ horizontal: true }}
            slotProps={{ legend: { direction: 'horizontal', position: { vertical: 'top', horizontal: 'center' } } }}
          >
            <ErrorBars bars={bars} />
          </ScatterChart>
        </Box>
      )}
      <Table size="small" aria-label={`${name} per stratum and time point`} sx={{ mt: 1 }}>
        <TableHead>
          <TableRow>
            <TableCell>Stratum</TableCell>
            <TableCell>Time point</TableCell>
            <TableCell sx={num}>n</TableCell>
            <TableCell sx={num}>Mean</TableCell>
            <TableCell sx={num}>SD</TableCell>
            <TableCell sx={num}>Paired n</TableCell>
            <TableCell sx={num}>p</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {groups.flatMap((g) =>
            g.points.map((p, i) => (
              <TableRow
                key={`${g.stratum}-${p.measure}`}
                data-stratum={g.stratum}
                data-measure={p.measure}
                sx={i === 0 ? { '& td, & th': { borderTop: '2px solid', borderTopColor: 'divider' } } : undefined}
              >
                <TableCell
                  component="th"
                  scope="row"
                  sx={{ fontWeight: i === 0 ? 600 : 400, color: i === 0 ? 'text.primary' : 'text.secondary' }}
                >
                  {g.label}
                </TableCell>
                <TableCell>{times.find((t) => t.measure === p.measure)?.label}</TableCell>
                <TableCell sx={num} data-col="n">
                  {p.n}
                </TableCell>
                <TableCell sx={num} data-col="mean">
                  {stat(p.mean)}
                </TableCell>
                <TableCell sx={num} data-col="sd">
                  {stat(p.sd)}
                </TableCell>
                <TableCell sx={num}>{p.pairedN ?? '—'}</TableCell>
                <TableCell sx={num}>{pValue(p.p)}</TableCell>
              </TableRow>
            )),
          )}
        </TableBody>
      </Table>
    </Section>
  );
}
