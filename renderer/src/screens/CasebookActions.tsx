/** Workflow on the casebook: a monitor marks forms verified, an investigator signs (password again). */
import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from '@mui/material';
import VerifiedIcon from '@mui/icons-material/Verified';
import DrawIcon from '@mui/icons-material/Draw';
import { may } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';

export function CasebookActions({ subjectId, canSign, onChanged }: { subjectId: string; canSign: boolean; onChanged: () => void }) {
  const { session, notify } = useApp();
  const [signing, setSigning] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const role = session.user.role;

  const verify = async () => {
    setError(null);
    try {
      const r = await api['workflow.verify']({ subjectId });
      notify(`${r.verified} form${r.verified === 1 ? '' : 's'} marked verified.`);
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const sign = async () => {
    setError(null);
    try {
      await api['workflow.sign']({ subjectId, password });
      setSigning(false);
      setPassword('');
      notify('Casebook signed.');
      onChanged();
    } catch (e) {
      setError(messageOf(e));
      setPassword('');
    }
  };

  if (!may(role, 'form.verify') && !may(role, 'casebook.sign')) return null;
  return (
    <Stack spacing={1}>
      {error && !signing && <Alert severity="error">{error}</Alert>}
      <Stack direction="row" spacing={1}>
        {may(role, 'form.verify') && <Button variant="outlined" startIcon={<VerifiedIcon />} onClick={verify}>Mark complete forms verified</Button>}
        {may(role, 'casebook.sign') && (
          <Button variant="contained" startIcon={<DrawIcon />} onClick={() => setSigning(true)} disabled={!canSign}>Sign the casebook</Button>
        )}
      </Stack>
      <Dialog open={signing} onClose={() => setSigning(false)} aria-labelledby="sign-title" fullWidth maxWidth="sm">
        <DialogTitle id="sign-title">Sign the casebook of {subjectId}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            By signing, I, {session.user.fullName}, confirm that I have reviewed the data of this casebook and that it is accurate and complete to the best of my knowledge.
            Enter your password to sign.
          </DialogContentText>
          {error && <Alert severity="error" sx={{ mb: 2 }}>{error}</Alert>}
          <TextField autoFocus fullWidth type="password" label="Password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && password && void sign()} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setSigning(false)}>Cancel</Button>
          <Button variant="contained" onClick={sign} disabled={!password}>Sign</Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}
