/** Complications: major and minor events per stratum, and subjects with at least one major event. */
import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { Section, num } from './Section';
import type { Summary } from '../../../shared/ipc/views';
import { stratumLabel } from './summary';

export function ComplicationsSection({ s }: { s: Summary }) {
  if (!s.complications.length) return null;
  return (
    <Section
      id="complications"
      title="Complications"
      note="Events graded by the protocol’s severity classification: major and minor as the protocol defines them."
    >
      <Table size="small" aria-label="Complications per stratum">
        <TableHead>
          <TableRow>
            <TableCell>Stratum</TableCell>
            <TableCell sx={num}>Major events</TableCell>
            <TableCell sx={num}>Minor events</TableCell>
            <TableCell sx={num}>Subjects with a major event</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {s.complications.map((c) => (
            <TableRow key={c.stratum} data-stratum={c.stratum}>
              <TableCell component="th" scope="row">
                {stratumLabel(s, c.stratum)}
              </TableCell>
              <TableCell sx={num} data-col="major">
                {c.major}
              </TableCell>
              <TableCell sx={num} data-col="minor">
                {c.minor}
              </TableCell>
              <TableCell sx={num}>{c.subjectsWithMajor}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}
