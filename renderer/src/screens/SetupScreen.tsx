/**
 * First run: create the site database, its administrator, and show the recovery code once
 * (architecture.md: the recovery slot is the only way back in if every password is lost).
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { api, errorOf } from '../app/api';
import type { SessionInfo } from '../app/context';
import { AuthLayout } from './AuthLayout';
import { StudyChoice, type ChosenStudy } from './StudyChoice';
import { RecoveryCodePanel } from './RecoveryCodePanel';
import { NewPasswordFields, NO_PASSWORD } from '../components/NewPasswordFields';
import { newPasswordProblems } from '../../../shared/password-policy';

interface Props {
  sites: { code: string; name: string }[];
  shipped: { id: string; title: string; version: string };
  canCancel: boolean;
  onCancel: () => void;
  onDone: (s: SessionInfo) => Promise<void>;
}

const DB_NAME = /^[A-Za-z0-9_-]{1,40}$/;

export function SetupScreen({ sites: shippedSites, shipped, canCancel, onCancel, onDone }: Props) {
  const [study, setStudy] = useState<ChosenStudy | null>({ text: null, sites: shippedSites });
  const sites = study?.sites ?? [];
  const [siteCode, setSiteCode] = useState('');
  const [name, setName] = useState('');
  const [username, setUsername] = useState('admin');
  const [fullName, setFullName] = useState('');
  const [pw, setPw] = useState(NO_PASSWORD);
  const password = pw.password;
  const pwProblems = newPasswordProblems(pw.password, pw.again);
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ recoveryCode: string; database: string } | null>(null);

  const problems: Record<string, string | undefined> = {
    study: study ? undefined : 'Choose a valid study file, or the shipped study',
    site: siteCode && sites.some((x) => x.code === siteCode) ? undefined : 'Choose the site',
    name: DB_NAME.test(name) ? undefined : 'Letters, digits, _ or - (up to 40)',
    username: /^[a-z][a-z0-9._-]{1,31}$/i.test(username)
      ? undefined
      : '2–32 letters, digits, ., _ or -, starting with a letter',
    fullName: fullName.trim() ? undefined : 'Enter the administrator’s full name',
    password: pwProblems.password,
    password2: pwProblems.again,
  };
  const show = (k: string): string | undefined =>
    (touched[k] ? problems[k] : undefined) ?? (error?.field === k ? error.message : undefined);
  const blur = (k: string) => () => setTouched((t) => ({ ...t, [k]: true }));

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    setTouched({
      study: true,
      site: true,
      name: true,
      username: true,
      fullName: true,
    });
    setSubmitted(true);
    const first = Object.entries(problems).find(([, v]) => v);
    if (first) {
      document.getElementById(`setup-${first[0]}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api['site.create']({
        name,
        siteCode,
        admin: { username: username.trim(), fullName: fullName.trim(), password },
        ...(study?.text ? { study: study.text } : {}),
      });
      setCreated(r);
    } catch (e) {
      const err = errorOf(e);
      setError({
        message: err.message,
        field: err.field === 'password' ? 'password' : err.field === 'username' ? 'username' : undefined,
      });
    } finally {
      setBusy(false);
    }
  };

  const finish = async () => {
    if (!created) return;
    setBusy(true);
    try {
      const s = await api['auth.login']({ database: created.database, username: username.trim(), password });
      await onDone(s);
    } catch (e) {
      setError({ message: errorOf(e).message });
      setBusy(false);
    }
  };

  if (created)
    return (
      <RecoveryCodePanel
        title="Store the recovery code"
        intro={
          <>
            The site database <strong>{created.database}</strong> is ready. This recovery code opens it if every
            password is lost.
          </>
        }
        code={created.recoveryCode}
        codeLabel="Recovery code"
        testId="recovery-code"
        error={error?.message}
        busy={busy}
        onContinue={() => void finish()}
      />
    );

  return (
    <AuthLayout title="Set up the site database" width={520}>
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        <Typography variant="body2" color="text.secondary">
          One database per site. It is encrypted; each user opens it with their own password.
        </Typography>
        {error && !error.field && (
          <Alert severity="error" role="alert">
            {error.message}
          </Alert>
        )}
        <Box id="setup-study" tabIndex={-1}>
          <StudyChoice
            shipped={shipped}
            shippedSites={shippedSites}
            onChange={(c) => {
              setStudy(c);
              if (c && !c.sites.some((x) => x.code === siteCode)) setSiteCode('');
            }}
          />
          {show('study') && (
            <Typography variant="caption" color="error" role="alert">
              {show('study')}
            </Typography>
          )}
        </Box>
        <FormControl fullWidth error={!!show('site')}>
          <InputLabel id="setup-site-label">Site</InputLabel>
          <Select
            labelId="setup-site-label"
            id="setup-site"
            label="Site"
            value={siteCode}
            onChange={(e) => setSiteCode(e.target.value)}
            onBlur={blur('site')}
            // First focus on the first answer needed (the study defaults to the shipped one);
            // Enter in any field submits (the form's submit button).
            autoFocus
          >
            {sites.map((s) => (
              <MenuItem key={s.code} value={s.code}>
                {s.code} — {s.name}
              </MenuItem>
            ))}
          </Select>
          {show('site') && (
            <Typography variant="caption" color="error" sx={{ ml: 1.75, mt: 0.5 }}>
              {show('site')}
            </Typography>
          )}
        </FormControl>
        <TextField
          id="setup-name"
          label="Database name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onBlur={blur('name')}
          error={!!show('name')}
          helperText={show('name') ?? 'For example sacro-mmc'}
          required
        />
        <Typography variant="h3" component="h2" sx={{ pt: 1 }}>
          Administrator
        </Typography>
        <Stack direction="row" spacing={2}>
          <TextField
            id="setup-username"
            label="User name"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            onBlur={blur('username')}
            error={!!show('username')}
            helperText={show('username')}
            autoComplete="username"
            required
            fullWidth
          />
          <TextField
            id="setup-fullName"
            label="Full name"
            value={fullName}
            onChange={(e) => setFullName(e.target.value)}
            onBlur={blur('fullName')}
            error={!!show('fullName')}
            helperText={show('fullName')}
            required
            fullWidth
          />
        </Stack>
        <NewPasswordFields
          id="setup"
          label="Password"
          value={pw}
          onChange={setPw}
          required
          showErrors={submitted}
          serverError={error?.field === 'password' ? error.message : undefined}
        />
        <Stack direction="row" spacing={1} justifyContent="flex-end">
          {canCancel && (
            <Button onClick={onCancel} color="inherit">
              Back to log in
            </Button>
          )}
          <Button type="submit" variant="contained" size="medium" disabled={busy}>
            Create the database
          </Button>
        </Stack>
      </Stack>
    </AuthLayout>
  );
}
