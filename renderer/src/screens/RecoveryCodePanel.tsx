/**
 * The one place a recovery code is shown: at set-up and after a recovery replaced the used one.
 * Both must look and behave alike (shown once, copy, print, confirm before going on), so the
 * person who learns it at set-up recognises it the day they need it.
 */
import { useState, type ReactNode } from 'react';
import { Alert, Box, Button, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import { AuthLayout } from './AuthLayout';

export interface RecoveryCodePanelProps {
  title: string;
  /** What the code opens and why it matters; the panel adds the "shown only once" advice. */
  intro: ReactNode;
  code: string;
  /** "Recovery code" or "New recovery code": the accessible name of the code box. */
  codeLabel: string;
  testId: string;
  error?: string | null;
  busy?: boolean;
  onContinue: () => void;
}

export function RecoveryCodePanel({
  title,
  intro,
  code,
  codeLabel,
  testId,
  error,
  busy,
  onContinue,
}: RecoveryCodePanelProps) {
  const [stored, setStored] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const noun = codeLabel.toLowerCase();
  return (
    <AuthLayout title={title} width={560}>
      <Stack spacing={2}>
        <Typography>
          {intro} It is shown <strong>only once</strong>: print it or write it down and keep it locked away, apart from
          this computer.
        </Typography>
        <Box
          aria-label={codeLabel}
          role="note"
          data-testid={testId}
          sx={{
            fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace',
            fontSize: '1.25rem',
            letterSpacing: 1,
            p: 2,
            border: 2,
            borderColor: 'primary.main',
            borderRadius: 1,
            textAlign: 'center',
            bgcolor: '#f7fafc',
            wordBreak: 'break-all',
          }}
        >
          {code}
        </Box>
        <Stack direction="row" spacing={1}>
          <Button
            variant="outlined"
            onClick={() =>
              navigator.clipboard
                .writeText(code)
                .then(() => setCopied('Copied to the clipboard.'))
                .catch(() => setCopied('Copying is not allowed here: write the code down or print it.'))
            }
          >
            Copy
          </Button>
          <Button startIcon={<PrintIcon />} variant="outlined" onClick={() => window.print()}>
            Print
          </Button>
        </Stack>
        {copied && (
          <Typography role="status" variant="body2">
            {copied}
          </Typography>
        )}
        <FormControlLabel
          control={<Checkbox checked={stored} onChange={(e) => setStored(e.target.checked)} />}
          label={`I have stored the ${noun} in a safe place`}
        />
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <Button variant="contained" size="medium" disabled={!stored || busy} onClick={onContinue}>
          Continue
        </Button>
      </Stack>
    </AuthLayout>
  );
}
