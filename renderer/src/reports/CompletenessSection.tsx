/** Form completeness per event and form: complete (or later) of those expected by the protocol. */
import { Box, LinearProgress, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import type { Study } from '../../../shared/protocol/load';
import { Section, num } from './Section';
import type { Summary } from '../../../shared/ipc/views';
import { completenessFraction, pct } from './summary';

export function CompletenessSection({ s, study }: { s: Summary; study: Study }) {
  return (
    <Section
      id="completeness"
      title="Form completeness"
      note="Complete, verified, signed or locked, of the forms expected so far (follow-ups once their window is due)."
    >
      <Table size="small" aria-label="Form completeness">
        <TableHead>
          <TableRow>
            <TableCell>Event</TableCell>
            <TableCell>Form</TableCell>
            <TableCell sx={num}>Complete</TableCell>
            <TableCell sx={num}>Expected</TableCell>
            <TableCell sx={{ width: '32%' }}>Completeness</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {s.completeness.map((c) => {
            const f = completenessFraction(c.complete, c.expected);
            const ev = study.hasEvent(c.event) ? study.event(c.event).label : c.event;
            const form = study.hasForm(c.form) ? study.form(c.form).label : c.form;
            return (
              <TableRow key={`${c.event}/${c.form}`}>
                <TableCell>{ev}</TableCell>
                <TableCell component="th" scope="row">
                  {form}
                </TableCell>
                <TableCell sx={num}>{c.complete}</TableCell>
                <TableCell sx={num}>{c.expected}</TableCell>
                <TableCell>
                  <Box sx={{ display: 'grid', gridTemplateColumns: '56px 1fr', alignItems: 'center', gap: 1 }}>
                    <Box component="span" sx={{ ...num, fontWeight: 600 }}>
                      {pct(f)}
                    </Box>
                    <LinearProgress
                      variant="determinate"
                      value={f === null ? 0 : Math.min(100, f * 100)}
                      aria-hidden
                      sx={{ height: 8, borderRadius: 1, bgcolor: 'grey.200' }}
                    />
                  </Box>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Section>
  );
}
