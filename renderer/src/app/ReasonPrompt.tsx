/** A dialog that asks for a reason before an audited action (lock, unlock, withdraw) and shows main's refusal. */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { messageOf } from './api';
import { DialogForm } from '../components/DialogForm';
import { Shortcut } from '../components/Shortcut';

interface Props {
  open: boolean;
  title: string;
  explanation: ReactNode;
  action: string;
  danger?: boolean;
  onCancel(): void;
  onConfirm(reason: string): Promise<void>;
}

export function ReasonPrompt({ open, title, explanation, action, danger, onCancel, onConfirm }: Props) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) {
      setReason('');
      setError(null);
    }
  }, [open]);
  const ok = reason.trim().length > 0 && reason.length <= 500;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <DialogForm
      open={open}
      onClose={onCancel}
      onSubmit={() => ok && !busy && void submit()}
      aria-labelledby="reason-prompt-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="reason-prompt-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{explanation}</DialogContentText>
        {error && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          helperText={`${reason.length}/500`}
          error={reason.length > 500}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          type="submit"
          variant="contained"
          color={danger ? 'error' : 'primary'}
          disabled={!ok || busy}
          aria-keyshortcuts="Control+Enter"
        >
          {action}
          <Shortcut keys="Ctrl+Enter" />
        </Button>
      </DialogActions>
    </DialogForm>
  );
}
