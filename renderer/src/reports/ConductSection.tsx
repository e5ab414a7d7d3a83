/** Study conduct: open and answered queries, follow-up visits overdue. */
import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import type { Study } from '../../../shared/protocol/load';
import { Section, num } from './Section';
import type { Summary } from '../../../shared/ipc/views';

export function ConductSection({ s, study }: { s: Summary; study: Study }) {
  return (
    <Section id="conduct" title="Queries and overdue follow-up">
      <Table size="small" aria-label="Queries and overdue follow-up">
        <TableHead>
          <TableRow>
            <TableCell>Item</TableCell>
            <TableCell sx={num}>Number</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          <TableRow>
            <TableCell component="th" scope="row">
              Open queries (awaiting the site)
            </TableCell>
            <TableCell sx={num} data-item="queries-open">
              {s.queries.open}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell component="th" scope="row">
              Answered queries (awaiting the monitor)
            </TableCell>
            <TableCell sx={num}>{s.queries.answered}</TableCell>
          </TableRow>
          {s.overdue.map((o) => (
            <TableRow key={o.event}>
              <TableCell component="th" scope="row">
                {study.hasEvent(o.event) ? study.event(o.event).label : o.event}: visits overdue
              </TableCell>
              <TableCell sx={num}>{o.n}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}
