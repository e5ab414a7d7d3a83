/** Administrator: lock the site's whole data cut (every saved form), with a reason; unlocking is per form. */
import { useState } from 'react';
import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import LockIcon from '@mui/icons-material/Lock';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { ScreenTitle } from '../components/ScreenTitle';
import { plural } from '../../../shared/plural';

export function DataCutScreen() {
  const { notify } = useApp();
  const [reason, setReason] = useState('');
  const [subjectId, setSubjectId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const sid = subjectId.trim().toUpperCase();

  const lock = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api['workflow.lock']({ subjectId: sid || undefined, reason: reason.trim() });
      const msg = `${plural(r.locked, 'form')} locked${sid ? ` for ${sid}` : ' across the site'}.`;
      setDone(msg);
      notify(msg);
      setReason('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={2} sx={{ maxWidth: 760 }}>
      <ScreenTitle title="Lock a data cut" />
      <Paper component="section" aria-labelledby="cut-h" sx={{ p: 2 }}>
        <Typography id="cut-h" variant="h2" sx={{ mb: 1 }}>
          Freeze the data
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Locking freezes every saved form (of the whole site, or of one subject) for an export cut: nobody can edit a
          locked form. To correct one afterwards, open it and choose “Unlock this form”, with a reason. Each lock and
          unlock is recorded in the audit trail.
        </Typography>
        <Stack component="form" spacing={2} onSubmit={lock}>
          {error && <Alert severity="error">{error}</Alert>}
          {done && (
            <Alert severity="success" role="status">
              {done}
            </Alert>
          )}
          <TextField
            label="One subject only (subject ID; leave empty for the whole site)"
            value={subjectId}
            onChange={(e) => setSubjectId(e.target.value)}
          />
          <TextField
            label="Reason"
            required
            multiline
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            helperText="For example “Data cut for the 2026-06 submission”"
          />
          <Box>
            <Button type="submit" variant="contained" startIcon={<LockIcon />} disabled={busy || !reason.trim()}>
              {sid ? `Lock the forms of ${sid}` : 'Lock every saved form of the site'}
            </Button>
          </Box>
        </Stack>
      </Paper>
    </Stack>
  );
}
