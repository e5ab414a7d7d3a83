/** Users (administrator only), and for everyone: change my password, my lock timeout. */
import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  MenuItem,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { may, ROLE_LABELS, ROLES, type Role } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { AddUserDialog, ResetPasswordDialog } from './UserDialogs';
import { NewPasswordFields, newPasswordReady, NO_PASSWORD } from '../components/NewPasswordFields';
import { AmendStudyPanel } from './AmendStudyPanel';
import { plural } from '../../../shared/plural';

export type User = ChannelOutput<'users.list'>[number];

export function AdminScreen() {
  const { session } = useApp();
  return (
    <Stack spacing={2}>
      <Typography variant="h1">{may(session.user.role, 'user.manage') ? 'Users & settings' : 'My account'}</Typography>
      {may(session.user.role, 'user.manage') && <UsersPanel />}
      {may(session.user.role, 'site.manage') && <AmendStudyPanel />}
      <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 1fr', xs: '1fr' }, gap: 2, alignItems: 'start' }}>
        <ChangePasswordPanel />
        <LockMinutesPanel />
      </Box>
    </Stack>
  );
}

function UsersPanel() {
  const { session, notify } = useApp();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const load = () => api['users.list']({}).then(setUsers, (e) => setError(messageOf(e)));
  useEffect(() => {
    void load();
  }, []);
  const act = async (p: Promise<unknown>, msg: string) => {
    setError(null);
    try {
      await p;
      notify(msg);
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Paper component="section" aria-labelledby="users-h" sx={{ p: 2 }}>
      <Stack direction="row" alignItems="center" sx={{ mb: 1 }}>
        <Typography id="users-h" variant="h2" sx={{ flex: 1 }}>
          Users
        </Typography>
        <Button variant="contained" onClick={() => setAdding(true)}>
          Add a user
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {error}
        </Alert>
      )}
      <Table size="small" aria-labelledby="users-h">
        <TableHead>
          <TableRow>
            <TableCell>User name</TableCell>
            <TableCell>Full name</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Active</TableCell>
            <TableCell>Lock after</TableCell>
            <TableCell>
              <Box
                component="span"
                sx={{ position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
              >
                Actions
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(users ?? []).map((u) => (
            <TableRow key={u.username}>
              <TableCell sx={{ fontWeight: 600 }}>{u.username}</TableCell>
              <TableCell>{u.fullName}</TableCell>
              <TableCell>
                <Select
                  size="small"
                  value={u.role}
                  disabled={u.username === session.user.username}
                  inputProps={{ 'aria-label': `Role of ${u.username}` }}
                  onChange={(e) =>
                    act(
                      api['users.setRole']({ username: u.username, role: e.target.value as Role }),
                      `${u.username} is now ${ROLE_LABELS[e.target.value as Role]}.`,
                    )
                  }
                  sx={{ minWidth: 200 }}
                >
                  {ROLES.map((r) => (
                    <MenuItem key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </MenuItem>
                  ))}
                </Select>
              </TableCell>
              <TableCell>
                <Switch
                  checked={u.active}
                  disabled={u.username === session.user.username}
                  slotProps={{ input: { 'aria-label': `${u.username} active` } }}
                  onChange={(e) =>
                    act(
                      api['users.setActive']({ username: u.username, active: e.target.checked }),
                      `${u.username} ${e.target.checked ? 'reactivated' : 'deactivated'}.`,
                    )
                  }
                />
              </TableCell>
              <TableCell>{u.lockMinutes} min</TableCell>
              <TableCell align="right">
                <Button onClick={() => setResetting(u)}>Reset password</Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <AddUserDialog
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(u) => {
          setAdding(false);
          notify(`${u.username} added.`);
          void load();
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={() => {
          notify(`Password of ${resetting?.username} reset.`);
          setResetting(null);
        }}
      />
    </Paper>
  );
}

function ChangePasswordPanel() {
  const { notify } = useApp();
  const [current, setCurrent] = useState('');
  const [pw, setPw] = useState(NO_PASSWORD);
  const [error, setError] = useState<string | null>(null);
  const ready = !!current && newPasswordReady(pw);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setError(null);
    try {
      await api['users.changePassword']({ currentPassword: current, newPassword: pw.password });
      setCurrent('');
      setPw(NO_PASSWORD);
      notify('Password changed.');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <Paper component="section" aria-labelledby="pw-h" sx={{ p: 2 }}>
      <Typography id="pw-h" variant="h2" sx={{ mb: 2 }}>
        Change my password
      </Typography>
      <Stack component="form" spacing={2} onSubmit={submit}>
        {error && <Alert severity="error">{error}</Alert>}
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <NewPasswordFields value={pw} onChange={setPw} />
        <Box>
          <Button type="submit" variant="contained" disabled={!ready}>
            Change password
          </Button>
        </Box>
      </Stack>
    </Paper>
  );
}

function LockMinutesPanel() {
  const { session, updateSession, notify } = useApp();
  const [minutes, setMinutes] = useState(String(session.user.lockMinutes));
  const [error, setError] = useState<string | null>(null);
  const n = Number(minutes);
  const valid = Number.isInteger(n) && n >= 1 && n <= 60;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const u = await api['users.setLockMinutes']({ minutes: n });
      updateSession({ ...session, user: { ...session.user, lockMinutes: u.lockMinutes } });
      notify(`The session now locks after ${plural(u.lockMinutes, 'idle minute')}.`);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <Paper component="section" aria-labelledby="lock-h" sx={{ p: 2 }}>
      <Typography id="lock-h" variant="h2" sx={{ mb: 2 }}>
        Session lock
      </Typography>
      <Stack component="form" spacing={2} onSubmit={submit}>
        {error && <Alert severity="error">{error}</Alert>}
        <TextField
          label="Lock after this many idle minutes"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          error={!valid}
          helperText={valid ? 'From 1 to 60. Ctrl+L locks at once.' : 'A whole number from 1 to 60'}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          sx={{ maxWidth: 300 }}
        />
        <Box>
          <Button type="submit" variant="contained" disabled={!valid}>
            Save lock timeout
          </Button>
        </Box>
      </Stack>
    </Paper>
  );
}
