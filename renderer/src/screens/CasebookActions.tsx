/**
 * Workflow on the casebook: a monitor marks forms verified and raises failed checks as queries,
 * an investigator signs (password again, with the signature's meaning), site staff withdraw a
 * subject (or discard an abandoned registration: nothing saved yet), an administrator locks the
 * subject's forms.
 */
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import VerifiedIcon from '@mui/icons-material/Verified';
import DrawIcon from '@mui/icons-material/Draw';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import RuleIcon from '@mui/icons-material/PlaylistAddCheck';
import PersonOffIcon from '@mui/icons-material/PersonOffOutlined';
import LockIcon from '@mui/icons-material/LockOutlined';
import { may, ROLE_LABELS } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { ReasonPrompt } from '../app/ReasonPrompt';
import { DialogForm } from '../components/DialogForm';
import { navigate } from '../app/router';
import { SIGNATURE_MEANING } from '../../../shared/signature';
import { plural, pluralWord } from '../../../shared/plural';

/** A form of the casebook as the bulk verify needs it. */
export interface VerifiableForm {
  label: string;
  status: string;
  openQueries: number;
}

interface Props {
  subjectId: string;
  active: boolean;
  canSign: boolean;
  canVerify: boolean;
  forms: VerifiableForm[];
  failedChecks: number;
  onChanged: () => void;
}

export function CasebookActions({ subjectId, active, canSign, canVerify, forms, failedChecks, onChanged }: Props) {
  const { session, notify } = useApp();
  const [signing, setSigning] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const [locking, setLocking] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  // Nothing saved on any form: the registration may be discarded (main checks queries, exports, drafts too).
  const nothingSaved = forms.every((f) => f.status === 'empty');
  const [confirmVerify, setConfirmVerify] = useState(false);
  const complete = forms.filter((f) => f.status === 'complete');
  const toVerify = complete.filter((f) => f.openQueries === 0);
  const held = complete.filter((f) => f.openQueries > 0);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const role = session.user.role;

  const run = async (p: () => Promise<string>) => {
    setError(null);
    setBusy(true);
    try {
      notify(await p());
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const verify = () =>
    run(async () => {
      setConfirmVerify(false);
      const r = await api['workflow.verify']({ subjectId });
      const done = `${plural(r.verified, 'form')} marked verified.`;
      return r.skipped.length
        ? `${done} ${plural(r.skipped.length, 'form')} with a query not closed ${pluralWord(r.skipped.length, 'was', 'were')} skipped.`
        : done;
    });
  const raise = () =>
    run(async () => {
      const r = await api['queries.raiseFromRules']({ subjectId });
      return r.length
        ? `${plural(r.length, 'query', 'queries')} raised from failed checks.`
        : 'Every failed check already has an open query.';
    });
  const sign = async () => {
    setError(null);
    setBusy(true);
    try {
      await api['workflow.sign']({ subjectId, password });
      setSigning(false);
      notify('Casebook signed.');
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  const buttons = [
    may(role, 'form.verify') && (
      <Button
        key="v"
        variant="outlined"
        startIcon={<VerifiedIcon />}
        onClick={() => setConfirmVerify(true)}
        disabled={busy || !canVerify}
      >
        Mark complete forms verified
      </Button>
    ),
    may(role, 'query.open') && failedChecks > 0 && (
      <Button key="r" variant="outlined" startIcon={<RuleIcon />} onClick={raise} disabled={busy}>
        Raise failed checks as queries
      </Button>
    ),
    may(role, 'casebook.sign') && (
      <Button
        key="s"
        variant="contained"
        startIcon={<DrawIcon />}
        onClick={() => {
          setError(null);
          setSigning(true);
        }}
        disabled={!canSign}
      >
        Sign the casebook
      </Button>
    ),
    may(role, 'subject.withdraw') && active && (
      <Button key="w" color="inherit" startIcon={<PersonOffIcon />} onClick={() => setWithdrawing(true)}>
        Withdraw subject
      </Button>
    ),
    may(role, 'subject.register') && active && nothingSaved && (
      <Button key="d" color="inherit" startIcon={<DeleteIcon />} onClick={() => setDiscarding(true)}>
        Discard this registration
      </Button>
    ),
    may(role, 'form.lock') && (
      <Button key="l" variant="outlined" startIcon={<LockIcon />} onClick={() => setLocking(true)}>
        Lock this subject’s forms
      </Button>
    ),
  ].filter(Boolean);
  if (!buttons.length) return null;

  return (
    <Stack spacing={1}>
      {error && !signing && <Alert severity="error">{error}</Alert>}
      <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
        {buttons}
      </Stack>
      <Dialog
        open={confirmVerify}
        onClose={() => setConfirmVerify(false)}
        aria-labelledby="verify-title"
        fullWidth
        maxWidth="sm"
      >
        <DialogTitle id="verify-title">
          {toVerify.length ? `Mark ${plural(toVerify.length, 'form')} verified?` : 'No form to mark verified'}
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {toVerify.length
              ? `${plural(toVerify.length, 'complete form')} of ${subjectId} ${pluralWord(toVerify.length, 'is', 'are')} marked verified against the source: ${toVerify.map((f) => f.label).join(', ')}.`
              : `Every complete form of ${subjectId} has a query that is not closed.`}
          </DialogContentText>
          {held.length > 0 && (
            <Alert severity="warning" sx={{ mt: 2 }}>
              Skipped, with a query not closed (verify each once its query is closed):
              <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
                {held.map((f, i) => (
                  <li key={i}>
                    {f.label}: {plural(f.openQueries, 'query', 'queries')} not closed
                  </li>
                ))}
              </Box>
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmVerify(false)} autoFocus={!toVerify.length}>
            {toVerify.length ? 'Cancel' : 'Close'}
          </Button>
          {toVerify.length > 0 && (
            <Button variant="contained" onClick={verify} disabled={busy} autoFocus>
              Mark {toVerify.length} verified
            </Button>
          )}
        </DialogActions>
      </Dialog>
      <DialogForm
        open={signing}
        onClose={() => setSigning(false)}
        onSubmit={() => password && !busy && void sign()}
        aria-labelledby="sign-title"
        fullWidth
        maxWidth="sm"
      >
        <DialogTitle id="sign-title">Sign the casebook of {subjectId}</DialogTitle>
        <DialogContent>
          <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, mb: 2, bgcolor: 'grey.50' }}>
            <Typography variant="caption" color="text.secondary" component="p">
              Meaning of this signature
            </Typography>
            <Typography variant="body1" sx={{ fontWeight: 600 }}>
              “{SIGNATURE_MEANING}”
            </Typography>
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              {session.user.fullName} · {ROLE_LABELS[role]} · the time is recorded in UTC
            </Typography>
          </Box>
          <DialogContentText sx={{ mb: 2 }}>
            This is an electronic signature (21 CFR Part 11). Enter your password again to sign. A later change to any
            form voids it.
          </DialogContentText>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {error}
            </Alert>
          )}
          <TextField
            autoFocus
            fullWidth
            type="password"
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setSigning(false)}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={!password || busy}>
            Sign
          </Button>
        </DialogActions>
      </DialogForm>
      <ReasonPrompt
        open={withdrawing}
        title={`Withdraw ${subjectId}`}
        explanation="The casebook becomes read-only and the subject leaves the follow-up worklist. The subject ID is never reused. The reason is recorded in the audit trail."
        action="Withdraw subject"
        danger
        onCancel={() => setWithdrawing(false)}
        onConfirm={async (reason) => {
          await api['subjects.withdraw']({ subjectId, reason });
          setWithdrawing(false);
          notify(`${subjectId} withdrawn.`);
          onChanged();
        }}
      />
      <ReasonPrompt
        open={discarding}
        title={`Discard the registration of ${subjectId}`}
        explanation={`Nothing is saved for ${subjectId}. It leaves the subjects list; the audit trail keeps its registration and this discard with the reason, and the ID is never given again.`}
        action="Discard registration"
        danger
        onCancel={() => setDiscarding(false)}
        onConfirm={async (reason) => {
          await api['subjects.discard']({ subjectId, reason });
          setDiscarding(false);
          notify(`The registration of ${subjectId} was discarded.`);
          navigate({ name: 'subjects' });
        }}
      />
      <ReasonPrompt
        open={locking}
        title={`Lock the forms of ${subjectId}`}
        explanation="Every saved form of this subject is frozen; unlocking one needs a reason too. The reason is recorded with each form in the audit trail."
        action="Lock forms"
        onCancel={() => setLocking(false)}
        onConfirm={async (reason) => {
          const r = await api['workflow.lock']({ subjectId, reason });
          setLocking(false);
          notify(`${plural(r.locked, 'form')} locked.`);
          onChanged();
        }}
      />
    </Stack>
  );
}
