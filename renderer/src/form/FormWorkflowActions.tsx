/** The form's own workflow: a monitor verifies a complete form; an administrator unlocks a locked one. */
import { useState } from 'react';
import { Button } from '@mui/material';
import VerifiedIcon from '@mui/icons-material/Verified';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import { may } from '../../../shared/roles';
import { api, messageOf } from '../app/api';
import { useApp } from '../app/context';
import { ReasonPrompt } from '../app/ReasonPrompt';

interface Props {
  formKey: { subjectId: string; event: string; form: string; instance: number };
  formLabel: string;
  status: string;
  dirty: boolean;
  onChanged(): void;
}

export function FormWorkflowActions({ formKey, formLabel, status, dirty, onChanged }: Props) {
  const { session, notify } = useApp();
  const role = session.user.role;
  const [unlocking, setUnlocking] = useState(false);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    try {
      const r = await api['workflow.verify']({
        subjectId: formKey.subjectId,
        forms: [{ event: formKey.event, form: formKey.form, instance: formKey.instance }],
      });
      if (r.skipped.length) notify(`${formLabel} not verified: a query on it is not closed.`, 'warning');
      else notify(`${formLabel} marked verified against the source.`);
      onChanged();
    } catch (e) {
      notify(messageOf(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {may(role, 'form.verify') && status === 'complete' && (
        <Button variant="outlined" startIcon={<VerifiedIcon />} onClick={verify} disabled={busy || dirty}>
          Mark this form verified
        </Button>
      )}
      {may(role, 'form.lock') && status === 'locked' && (
        <Button variant="outlined" startIcon={<LockOpenIcon />} onClick={() => setUnlocking(true)}>
          Unlock this form
        </Button>
      )}
      <ReasonPrompt
        open={unlocking}
        title={`Unlock ${formLabel} of ${formKey.subjectId}`}
        explanation="Unlocking lets the site edit this form again; it returns to the status it had before the lock. The reason is recorded in the audit trail."
        action="Unlock"
        onCancel={() => setUnlocking(false)}
        onConfirm={async (reason) => {
          await api['workflow.unlock']({ ...formKey, reason });
          setUnlocking(false);
          notify(`${formLabel} unlocked.`);
          onChanged();
        }}
      />
    </>
  );
}
