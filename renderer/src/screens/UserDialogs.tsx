/** The administrator's dialogs on the users table: add a user, reset a password (Enter submits, DialogForm). */
import { useState } from 'react';
import {
  Alert,
  Button,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  TextField,
} from '@mui/material';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { DialogForm } from '../components/DialogForm';
import { NewPasswordFields, newPasswordReady, NO_PASSWORD } from '../components/NewPasswordFields';
import type { User } from './AdminScreen';

export function AddUserDialog({
  open,
  onClose,
  onAdded,
}: {
  open: boolean;
  onClose: () => void;
  onAdded: (u: User) => void;
}) {
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<Role>('coordinator');
  const [pw, setPw] = useState(NO_PASSWORD);
  const [error, setError] = useState<string | null>(null);
  const ready = !!username && !!fullName && newPasswordReady(pw);
  const submit = async () => {
    setError(null);
    try {
      onAdded(
        await api['users.add']({ username: username.trim(), fullName: fullName.trim(), role, password: pw.password }),
      );
      setUsername('');
      setFullName('');
      setPw(NO_PASSWORD);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <DialogForm
      open={open}
      onClose={onClose}
      onSubmit={() => ready && void submit()}
      aria-labelledby="add-user-title"
      fullWidth
      maxWidth="xs"
    >
      <DialogTitle id="add-user-title">Add a user</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            label="User name"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
            autoComplete="off"
          />
          <TextField label="Full name" value={fullName} onChange={(e) => setFullName(e.target.value)} />
          <FormControl>
            <InputLabel id="new-role-label">Role</InputLabel>
            <Select
              labelId="new-role-label"
              label="Role"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
            >
              {ROLES.map((r) => (
                <MenuItem key={r} value={r}>
                  {ROLE_LABELS[r]}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <NewPasswordFields label="Initial password" value={pw} onChange={setPw} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="contained" disabled={!ready}>
          Add user
        </Button>
      </DialogActions>
    </DialogForm>
  );
}

export function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: User | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [pw, setPw] = useState(NO_PASSWORD);
  const [error, setError] = useState<string | null>(null);
  const ready = newPasswordReady(pw);
  const submit = async () => {
    if (!user) return;
    try {
      await api['users.resetPassword']({ username: user.username, newPassword: pw.password });
      setPw(NO_PASSWORD);
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <DialogForm
      open={!!user}
      onClose={onClose}
      onSubmit={() => ready && void submit()}
      aria-labelledby="reset-title"
      fullWidth
      maxWidth="xs"
    >
      <DialogTitle id="reset-title">Reset the password of {user?.username}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {error && <Alert severity="error">{error}</Alert>}
          <NewPasswordFields value={pw} onChange={setPw} autoFocus note="tell the user in person" />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="contained" disabled={!ready}>
          Reset password
        </Button>
      </DialogActions>
    </DialogForm>
  );
}
