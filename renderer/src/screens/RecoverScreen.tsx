/** Forgotten password: the recovery code shown once at set-up opens the database and sets a new password. */
import { useState } from 'react';
import { Alert, Button, FormControl, InputLabel, MenuItem, Select, Stack, TextField, Typography } from '@mui/material';
import { api, errorOf } from '../app/api';
import type { SessionInfo } from '../app/context';
import { AuthLayout } from './AuthLayout';

export function RecoverScreen({
  databases,
  defaultDatabase,
  onRecovered,
  onCancel,
}: {
  databases: string[];
  defaultDatabase: string | null;
  onRecovered: (s: SessionInfo) => Promise<void>;
  onCancel: () => void;
}) {
  const [database, setDatabase] = useState(defaultDatabase ?? databases[0] ?? '');
  const [username, setUsername] = useState('');
  const [code, setCode] = useState('');
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = pw2 !== '' && pw !== pw2;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api['auth.recover']({
        database,
        username: username.trim(),
        recoveryCode: code.trim(),
        newPassword: pw,
      });
      await onRecovered(s);
    } catch (err) {
      const x = errorOf(err);
      setError(x.code === 'AUTH' ? 'The user name or the recovery code is wrong.' : x.message);
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Recover access" width={480}>
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        <Typography variant="body2" color="text.secondary">
          Use the recovery code printed when this site database was created. It opens the database as the administrator
          and sets a new password; the event is recorded in the audit trail.
        </Typography>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <FormControl fullWidth>
          <InputLabel id="rdb-label">Site database</InputLabel>
          <Select
            labelId="rdb-label"
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
          label="Administrator user name"
          autoFocus
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <TextField
          label="Recovery code"
          autoComplete="off"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'ui-monospace, monospace' } } }}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={pw}
          onChange={(e) => setPw(e.target.value)}
          helperText="At least 10 characters"
          required
        />
        <TextField
          label="New password again"
          type="password"
          autoComplete="new-password"
          value={pw2}
          onChange={(e) => setPw2(e.target.value)}
          error={mismatch}
          helperText={mismatch ? 'The two passwords differ' : ' '}
          required
        />
        <Stack direction="row" spacing={1} justifyContent="space-between">
          <Button onClick={onCancel}>Back to log in</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={busy || !database || !username || !code || pw.length < 10 || pw !== pw2}
          >
            Set the new password and log in
          </Button>
        </Stack>
      </Stack>
    </AuthLayout>
  );
}
