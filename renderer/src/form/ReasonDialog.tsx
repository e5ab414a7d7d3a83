/** Editing a complete, verified or signed form needs a reason for change (21 CFR 11 audit trail). */
import { useState } from 'react';
import { Shortcut } from '../components/Shortcut';
import { DialogForm } from '../components/DialogForm';
import { Button, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { plural } from '../../../shared/plural';

export function ReasonDialog({
  open,
  status,
  casebookSigned = false,
  fields,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  status: string;
  casebookSigned?: boolean;
  fields: string[];
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const ok = reason.trim().length > 0 && reason.length <= 500;
  return (
    <DialogForm
      open={open}
      onClose={onCancel}
      onSubmit={() => ok && onConfirm(reason.trim())}
      aria-labelledby="reason-title"
      fullWidth
      maxWidth="sm"
      TransitionProps={{ onExited: () => setReason('') }}
    >
      <DialogTitle id="reason-title">Reason for change</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          This form is {status}. Changing{' '}
          {fields.length === 1 ? fields[0] : `${plural(fields.length, 'field')} (${fields.join(', ')})`} is recorded in
          the audit trail with your reason
          {status === 'signed' || casebookSigned
            ? '. The casebook is signed: saving voids the investigator’s signature, and the casebook must be signed again'
            : ''}
          .
        </DialogContentText>
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          label="Reason for change"
          value={reason}
          // Enter makes a new line in a reason; Ctrl+Enter saves it (DialogForm; the button says so).
          onChange={(e) => setReason(e.target.value)}
          helperText={`${reason.length}/500 — for example “Transcription error, corrected from the chart”`}
          error={reason.length > 500}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="contained" disabled={!ok} aria-keyshortcuts="Control+Enter">
          Save with this reason
          <Shortcut keys="Ctrl+Enter" />
        </Button>
      </DialogActions>
    </DialogForm>
  );
}
