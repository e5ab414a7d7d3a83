/** Submissions: the sites × months grid of `sitecrf sponsor status`, with each submission's state and chain problems. */
import {
  Alert,
  Box,
  Chip,
  CircularProgress,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { SponsorStatus } from '../../../shared/ipc/sponsor-contract';
import { sponsorApi } from './api';
import { useLoad } from './useLoad';
import { plural } from '../../../shared/plural';

type Sub = SponsorStatus['sites'][number]['submissions'][number];

function SubmissionCell({ subs }: { subs: Sub[] }) {
  if (!subs.length)
    return (
      <Typography variant="body2" color="text.secondary">
        none
      </Typography>
    );
  return (
    <Box sx={{ display: 'grid', gap: 0.5 }}>
      {subs.map((s) => (
        <Box key={s.id} sx={{ display: 'flex', gap: 0.5, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="body2">
            #{s.id}: {plural(s.subjects, 'subject')}, {s.profile}
          </Typography>
          <Chip size="small" label={s.current ? 'current' : 'history'} color={s.current ? 'success' : 'default'} />
          {s.problems.map((p) => (
            <Chip key={p} size="small" color="error" label={p.toUpperCase()} />
          ))}
        </Box>
      ))}
    </Box>
  );
}

export function SubmissionsScreen() {
  const { data: st, error } = useLoad(() => sponsorApi['sponsor.status']({}));
  const problems = st?.sites.flatMap((s) => s.problems.map((p) => ({ site: s.site, ...p }))) ?? [];
  return (
    <>
      <Typography variant="h1" tabIndex={-1}>
        Submissions
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      {!st && !error && <CircularProgress aria-label="Loading the submissions" />}
      {st && (
        <>
          <Typography variant="body2">
            Study {st.study}; protocol versions known: {st.versions.join(', ') || 'none'}.
          </Typography>
          {st.sites.length === 0 ? (
            <Alert severity="info">No workbook imported yet: import the sites&apos; workbooks first.</Alert>
          ) : (
            <Paper sx={{ overflowX: 'auto' }}>
              <Table size="small" aria-label="Submissions by site and month">
                <TableHead>
                  <TableRow>
                    <TableCell>Site</TableCell>
                    {st.periods.map((p) => (
                      <TableCell key={p}>{p}</TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {st.sites.map((s) => (
                    <TableRow key={s.site}>
                      <TableCell component="th" scope="row">
                        <strong>{s.site}</strong> {s.name}
                      </TableCell>
                      {st.periods.map((p) => (
                        <TableCell key={p}>
                          <SubmissionCell subs={s.submissions.filter((x) => x.period === p)} />
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Paper>
          )}
          <Paper component="section" aria-labelledby="chain-h" sx={{ p: 2 }}>
            <Typography id="chain-h" variant="h2">
              Chain problems
            </Typography>
            {problems.length === 0 ? (
              <Typography variant="body2">No chain problems.</Typography>
            ) : (
              <ul>
                {problems.map((p, i) => (
                  <li key={i}>
                    <strong>
                      {p.site} {p.period} {p.kind.toUpperCase()}
                    </strong>
                    : {p.message}
                  </li>
                ))}
              </ul>
            )}
          </Paper>
        </>
      )}
    </>
  );
}
