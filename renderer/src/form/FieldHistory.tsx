/** Who changed this field, when, from what to what, and why (forms.history, the audit trail). */
import { useState } from 'react';
import {
  Box,
  CircularProgress,
  IconButton,
  Popover,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import HistoryIcon from '@mui/icons-material/History';
import { displayDateTime } from '../../../shared/date-display';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { api, messageOf } from '../app/api';
import { showValue } from '../audit/format';

type Change = ChannelOutput<'forms.history'>[number];

export function FieldHistory({
  fieldId,
  fieldLabel,
  formKey,
}: {
  fieldId: string;
  fieldLabel: string;
  formKey: { subjectId: string; event: string; form: string; instance: number };
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [rows, setRows] = useState<Change[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = (el: HTMLElement) => {
    setAnchor(el);
    setRows(null);
    setError(null);
    api['forms.history']({ ...formKey, field: fieldId }).then(setRows, (e) => setError(messageOf(e)));
  };
  return (
    <>
      <Tooltip title="History of this field (Alt+H in the field)">
        <IconButton
          data-action="history"
          tabIndex={-1}
          aria-keyshortcuts="Alt+H"
          aria-label={`History of ${fieldLabel}`}
          onClick={(e) => open(e.currentTarget)}
        >
          <HistoryIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Popover
        open={!!anchor}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <Box sx={{ p: 2, maxWidth: 640 }} role="dialog" aria-label={`History of ${fieldLabel}`}>
          <Typography variant="h3" sx={{ mb: 1 }}>
            History: {fieldLabel}
          </Typography>
          {error && <Typography color="error">{error}</Typography>}
          {!rows && !error && <CircularProgress size={20} aria-label="Loading history" />}
          {rows && rows.length === 0 && <Typography variant="body2">No saved changes yet.</Typography>}
          {rows && rows.length > 0 && (
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>When</TableCell>
                  <TableCell>Who</TableCell>
                  <TableCell>From</TableCell>
                  <TableCell>To</TableCell>
                  <TableCell>Reason</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((r, i) => (
                  <TableRow key={i}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{displayDateTime(r.at, { seconds: true })}</TableCell>
                    <TableCell>{r.user}</TableCell>
                    <TableCell>{showValue(r.oldValue)}</TableCell>
                    <TableCell>{showValue(r.newValue)}</TableCell>
                    <TableCell>{r.reason ?? ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Box>
      </Popover>
    </>
  );
}
