/** Later runs: choose the site database and log in. */
import { useRef, useState } from 'react';
import { Alert, Button, FormControl, InputLabel, Link, MenuItem, Select, Stack, TextField } from '@mui/material';
import { api, errorOf } from '../app/api';
import type { SessionInfo } from '../app/context';
import { useRetryCountdown } from '../app/useRetryCountdown';
import { AuthLayout } from './AuthLayout';
import { RecoverScreen } from './RecoverScreen';
import { plural } from '../../../shared/plural';

export function LoginScreen({
  databases,
  defaultDatabase,
  onLoggedIn,
  onSetup,
}: {
  databases: string[];
  defaultDatabase: string | null;
  onLoggedIn: (s: SessionInfo) => Promise<void>;
  onSetup: () => void;
}) {
  const [database, setDatabase] = useState(defaultDatabase ?? databases[0] ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [retry, setRetry] = useRetryCountdown();
  const pwRef = useRef<HTMLInputElement>(null);
  const [recovering, setRecovering] = useState(false);

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const s = await api['auth.login']({ database, username: username.trim(), password });
      await onLoggedIn(s);
    } catch (e) {
      const err = errorOf(e);
      if (err.code === 'LOCKED_OUT') {
        setRetry(err.retryAfterSeconds ?? 30);
        setError(`Too many wrong passwords. Try again in ${plural(err.retryAfterSeconds ?? 30, 'second')}.`);
      } else setError(err.code === 'AUTH' ? 'Wrong user name or password.' : err.message);
      setPassword('');
      pwRef.current?.focus();
      setBusy(false);
    }
  };

  if (recovering)
    return (
      <RecoverScreen
        databases={databases}
        defaultDatabase={database}
        onRecovered={onLoggedIn}
        onCancel={() => setRecovering(false)}
      />
    );
  return (
    <AuthLayout title="Log in">
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        {error && (
          <Alert severity="error" role="alert">
            {retry > 0 ? `Too many wrong passwords. Try again in ${plural(retry, 'second')}.` : error}
          </Alert>
        )}
        <FormControl fullWidth>
          <InputLabel id="db-label">Site database</InputLabel>
          <Select
            labelId="db-label"
            label="Site database"
            value={database}
            onChange={(e) => setDatabase(e.target.value)}
          >
            {databases.map((d) => (
              <MenuItem key={d} value={d}>
                {d}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <TextField
          label="User name"
          autoFocus
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          inputRef={pwRef}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <Button
          type="submit"
          variant="contained"
          size="medium"
          disabled={busy || retry > 0 || !username || !password || !database}
        >
          Log in
        </Button>
        <Stack direction="row" justifyContent="space-between">
          <Link component="button" type="button" variant="body2" onClick={() => setRecovering(true)}>
            Forgot the password? Use the recovery code
          </Link>
          <Link component="button" type="button" variant="body2" onClick={onSetup}>
            Set up a new site database
          </Link>
        </Stack>
      </Stack>
    </AuthLayout>
  );
}
