/** A kept draft offered back on reopening: restore what was typed, or discard it. */
import { useEffect, useRef } from 'react';
import { Alert, AlertTitle, Box, Button, Link, Stack } from '@mui/material';
import { displayDateTime } from '../../../shared/date-display';
import type { Issue } from '../../../shared/protocol/engine';
import type { FormDef } from '../../../shared/protocol/schema';
import type { Draft } from './useFormData';
import { plural } from '../../../shared/plural';

export function DraftOffer({
  draft,
  form,
  errors,
  onRestore,
  onDiscard,
  onFocusField,
}: {
  draft: Draft;
  form: FormDef;
  /** What keeps the draft out of the casebook (it was kept with invalid values). */
  errors: Issue[];
  onRestore: () => void;
  onDiscard: () => void;
  /** Restores the draft and puts the cursor in this field. */
  onFocusField: (id: string) => void;
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
      <AlertTitle id="draft-offer-title">Restore unsaved changes from {displayDateTime(draft.updatedAt)}?</AlertTitle>
      Fields that differ from the saved record: {labels.join(', ')}.
      {errors.length > 0 && (
        <>
          <Box component="p" sx={{ mt: 1, mb: 0.5 }}>
            {plural(errors.length, 'error')} to fix before it can be saved:
          </Box>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {errors.map((i, n) => (
              <li key={n}>
                {i.field ? (
                  <Link
                    component="button"
                    type="button"
                    onClick={() => onFocusField(i.field!)}
                    sx={{ verticalAlign: 'baseline', textAlign: 'left' }}
                  >
                    {i.message}
                  </Link>
                ) : (
                  i.message
                )}
              </li>
            ))}
          </Box>
        </>
      )}
    </Alert>
  );
}
