/**
 * The keyboard shortcuts and the date formats in one place (F1, or the "Shortcuts" button): a
 * coordinator learns them once instead of hunting for them in the buttons.
 */
import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import KeyboardIcon from '@mui/icons-material/KeyboardOutlined';
import { DATE_DISPLAY_FORMAT } from '../../../shared/date-display';

export const SHORTCUTS: { keys: string; what: string; where: string }[] = [
  { keys: 'F1', what: 'This list of shortcuts', where: 'Anywhere' },
  { keys: 'Ctrl+L', what: 'Lock the session', where: 'Anywhere' },
  { keys: 'Ctrl+S', what: 'Save', where: 'A form' },
  { keys: 'Ctrl+Shift+S', what: 'Save as draft', where: 'A form' },
  { keys: 'Ctrl+Enter', what: 'Save and go to the next form', where: 'A form' },
  { keys: 'Alt+M', what: 'Missing-data code for the field (then its letter and Enter)', where: 'A field' },
  { keys: 'Alt+H', what: "The field's history", where: 'A field' },
  { keys: 'Alt+Q', what: 'Open or see a query on the field', where: 'A field' },
  { keys: 'Alt+D', what: 'Pick the date from a calendar', where: 'A date field' },
  {
    keys: 'A code or letter',
    what: 'Pick the answer with that code or first letter (again: the next one)',
    where: 'A choice',
  },
  {
    keys: 'Arrows, Space',
    what: 'Move between the boxes, tick or untick one (Tab leaves the field)',
    where: 'A multiple choice',
  },
  { keys: 'Enter', what: 'Submit (OK, Add user, Sign…)', where: 'Dialogs' },
  {
    keys: 'Ctrl+Enter',
    what: 'Save with this reason (Enter is a new line)',
    where: 'A reason (for change, withdraw, lock)',
  },
  { keys: 'Esc', what: 'Close a dialog or a menu', where: 'Dialogs' },
];

export const DATE_FORMATS = ['MM/DD/YYYY (01/31/2025)', 'M/D/YYYY (1/31/2025)', 'YYYY-MM-DD (2025-01-31)'];

export function ShortcutHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F1' && !e.ctrlKey && !e.altKey && !e.metaKey) {
        // F1 is the browser's own help otherwise.
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <Button color="inherit" startIcon={<KeyboardIcon />} onClick={() => setOpen(true)} aria-keyshortcuts="F1">
        Shortcuts
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="shortcut-help-title" maxWidth="sm" fullWidth>
        <DialogTitle id="shortcut-help-title">Keyboard shortcuts</DialogTitle>
        <DialogContent>
          <Table size="small" aria-label="Keyboard shortcuts">
            <TableBody>
              {SHORTCUTS.map((s) => (
                <TableRow key={`${s.keys} ${s.where}`}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Box component="kbd" sx={{ fontFamily: 'inherit', fontWeight: 600 }}>
                      {s.keys}
                    </Box>
                  </TableCell>
                  <TableCell>{s.what}</TableCell>
                  <TableCell sx={{ color: 'text.secondary' }}>{s.where}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
            Dates are typed as (and shown as {DATE_DISPLAY_FORMAT})
          </Typography>
          <Typography variant="body2" component="ul" sx={{ m: 0, pl: 3 }}>
            {DATE_FORMATS.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </Typography>
          <Typography variant="body2" sx={{ mt: 1 }} color="text.secondary">
            Tab goes from field to field; the calendar, history and query buttons of a field are on the keys above.
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} autoFocus>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
