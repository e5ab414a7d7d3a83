/**
 * Forgotten password: the recovery code shown once at set-up opens the database and sets a new
 * password. The code is spent by its use: main replaces it, and the new one is shown here once,
 * to be copied or printed and confirmed before the session starts.
 */
import { useState } from 'react';
import { Alert, Button, FormControl, InputLabel, MenuItem, Select, Stack, TextField, Typography } from '@mui/material';
import { api, errorOf } from '../app/api';
import type { SessionInfo } from '../app/context';
import { AuthLayout } from './AuthLayout';
import { RecoveryCodePanel } from './RecoveryCodePanel';
import { NewPasswordFields, newPasswordReady, NO_PASSWORD } from '../components/NewPasswordFields';

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
  const [pw, setPw] = useState(NO_PASSWORD);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recovered, setRecovered] = useState<{ session: SessionInfo; code: string } | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { newRecoveryCode, ...s } = await api['auth.recover']({
        database,
        username: username.trim(),
        recoveryCode: code.trim(),
        newPassword: pw.password,
      });
      setCode('');
      setRecovered({ session: s, code: newRecoveryCode });
      setBusy(false);
    } catch (err) {
      const x = errorOf(err);
      setError(x.code === 'AUTH' ? 'The user name or the recovery code is wrong.' : x.message);
      setBusy(false);
    }
  };

  if (recovered)
    return (
      <RecoveryCodePanel
        title="Store the new recovery code"
        intro="The new password is set. The recovery code you used no longer opens the database: this new one replaces it."
        code={recovered.code}
        codeLabel="New recovery code"
        testId="new-recovery-code"
        onContinue={() => void onRecovered(recovered.session)}
      />
    );

  return (
    <AuthLayout title="Recover access" width={480}>
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        <Typography variant="body2" color="text.secondary">
          Use the recovery code printed when this site database was created. It opens the database as the administrator
          and sets a new password; the event is recorded in the audit trail, and the code is replaced by a new one.
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
        <NewPasswordFields value={pw} onChange={setPw} required />
        <Stack direction="row" spacing={1} justifyContent="space-between">
          <Button onClick={onCancel}>Back to log in</Button>
          <Button
            type="submit"
            variant="contained"
            disabled={busy || !database || !username || !code || !newPasswordReady(pw)}
          >
            Set the new password and log in
          </Button>
        </Stack>
      </Stack>
    </AuthLayout>
  );
}
