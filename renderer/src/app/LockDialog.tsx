/** The session lock: the screen behind stays as it was (unsaved entries included) until unlocked. */
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Dialog, Stack, TextField, Typography } from '@mui/material';
import LockIcon from '@mui/icons-material/Lock';
import { api, errorOf } from './api';
import type { SessionInfo } from './context';
import { useRetryCountdown } from './useRetryCountdown';
import { plural } from '../../../shared/plural';

export function LockDialog({
  open,
  session,
  onUnlocked,
  onLogout,
}: {
  open: boolean;
  session: SessionInfo;
  onUnlocked: (s: SessionInfo) => Promise<void>;
  onLogout: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [retry, setRetry] = useRetryCountdown();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) {
      setPassword('');
      setError(null);
    }
  }, [open]);

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    if (!password || busy) return;
    setBusy(true);
    setError(null);
    try {
      const s = await api['auth.unlock']({ password });
      setPassword('');
      await onUnlocked(s);
    } catch (e) {
      const err = errorOf(e);
      // The host restarted (nobody logged in any more): log in again; drafts kept what was typed.
      if (err.code === 'SESSION') return onLogout();
      if (err.code === 'LOCKED_OUT' && err.retryAfterSeconds) setRetry(err.retryAfterSeconds);
      setError(err.code === 'AUTH' ? 'Wrong password.' : err.message);
      setPassword('');
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      fullScreen
      aria-labelledby="lock-title"
      disableEscapeKeyDown
      slotProps={{ paper: { sx: { bgcolor: 'rgba(31,53,72,0.96)' } } }}
    >
      <Box sx={{ display: 'grid', placeItems: 'center', height: '100%' }}>
        <Box component="form" onSubmit={submit} sx={{ bgcolor: 'background.paper', p: 4, borderRadius: 2, width: 380 }}>
          <Stack spacing={2}>
            <Stack direction="row" spacing={1} alignItems="center">
              <LockIcon color="primary" />
              <Typography id="lock-title" variant="h2" component="h1">
                Session locked
              </Typography>
            </Stack>
            <Typography variant="body2">
              {session.user.fullName} ({session.user.username}) — {session.site.name}. Your unsaved entries are kept.
              Enter your password to continue.
            </Typography>
            {error && (
              <Alert severity="error" role="alert">
                {error}
                {retry > 0 ? ` Try again in ${plural(retry, 'second')}.` : ''}
              </Alert>
            )}
            <TextField
              inputRef={input}
              autoFocus
              label="Password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              disabled={retry > 0}
              fullWidth
            />
            <Stack direction="row" spacing={1} justifyContent="space-between">
              <Button onClick={onLogout} color="inherit">
                Log out
              </Button>
              <Button type="submit" variant="contained" disabled={busy || !password || retry > 0}>
                Unlock
              </Button>
            </Stack>
          </Stack>
        </Box>
      </Box>
    </Dialog>
  );
}
