/** A kept draft offered back on reopening: restore what was typed, or discard it. */
import { useEffect, useRef } from 'react';
import { Alert, AlertTitle, Button, Stack } from '@mui/material';
import type { FormDef } from '../../../shared/protocol/schema';
import type { Draft } from './useFormData';

export function DraftOffer({
  draft,
  form,
  onRestore,
  onDiscard,
}: {
  draft: Draft;
  form: FormDef;
  onRestore: () => void;
  onDiscard: () => void;
}) {
  const restoreRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    window.setTimeout(() => restoreRef.current?.focus(), 50);
  }, []);
  const labels = draft.differs.map((id) => form.fields.find((f) => f.id === id)?.label ?? id);
  return (
    <Alert
      severity="info"
      role="alertdialog"
      aria-labelledby="draft-offer-title"
      action={
        <Stack direction="row" spacing={1}>
          <Button ref={restoreRef} variant="contained" onClick={onRestore}>
            Restore
          </Button>
          <Button color="inherit" onClick={onDiscard}>
            Discard
          </Button>
        </Stack>
      }
    >
      <AlertTitle id="draft-offer-title">
        Restore unsaved changes from {new Date(draft.updatedAt).toLocaleString()}?
      </AlertTitle>
      Fields that differ from the saved record: {labels.join(', ')}.
    </Alert>
  );
}
