/** The sticky bar under a form: what is unsaved or still required, and the save buttons with their shortcuts. */
import { Button, Paper, Typography } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import NextIcon from '@mui/icons-material/NavigateNext';
import { Shortcut } from '../components/Shortcut';
import type { SaveMode } from './useFormSave';
import { plural } from '../../../shared/plural';

export function SaveBar(props: {
  dirty: number;
  canComplete: boolean;
  required: number;
  wasComplete: boolean;
  repeating: boolean;
  busy: boolean;
  onSave(mode: SaveMode, goNext: boolean): void;
}) {
  const { dirty, canComplete, required, wasComplete, busy, onSave } = props;
  return (
    <Paper
      sx={{
        position: 'sticky',
        bottom: 0,
        p: 1.25,
        display: 'flex',
        gap: 1,
        alignItems: 'center',
        zIndex: 2,
        boxShadow: '0 -2px 8px rgba(0,0,0,0.06)',
      }}
      role="region"
      aria-label="Save"
    >
      <Typography variant="body2" color={dirty ? 'warning.main' : 'text.secondary'} sx={{ flex: 1 }} aria-live="polite">
        {dirty
          ? `${plural(dirty, 'unsaved change')} — kept safe as you type`
          : canComplete
            ? 'All required fields answered.'
            : `${plural(required, 'required field')} to answer before the form is complete.`}
      </Typography>
      {!wasComplete && (
        <Button
          variant="outlined"
          onClick={() => onSave('draft', false)}
          disabled={busy}
          aria-keyshortcuts="Control+Shift+S"
        >
          Save as draft
          <Shortcut keys="Ctrl+Shift+S" />
        </Button>
      )}
      <Button
        variant="contained"
        startIcon={<SaveIcon />}
        onClick={() => onSave('auto', false)}
        disabled={busy}
        aria-keyshortcuts="Control+S"
      >
        Save{canComplete || wasComplete ? '' : ' (draft)'}
        <Shortcut keys="Ctrl+S" />
      </Button>
      {!props.repeating && (
        <Button
          variant="contained"
          color="secondary"
          endIcon={<NextIcon />}
          onClick={() => onSave('auto', true)}
          disabled={busy}
          aria-keyshortcuts="Control+Enter"
        >
          Save and next
          <Shortcut keys="Ctrl+Enter" />
        </Button>
      )}
    </Paper>
  );
}
