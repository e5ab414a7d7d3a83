/**
 * What the login found wrong with the database (older than its own last export, backup or
 * logout record; a tampered wrong-password counter), shown until the user dismisses it: it means
 * the file may have been rolled back or edited outside SiteCRF, so an administrator should check.
 */
import { useState } from 'react';
import { Alert, AlertTitle, Box } from '@mui/material';

export function TrustWarnings({ warnings }: { warnings: string[] }) {
  const [dismissed, setDismissed] = useState(false);
  if (!warnings.length || dismissed) return null;
  return (
    <Box className="no-print" sx={{ px: 2, pt: 2 }}>
      <Alert severity="warning" role="alert" onClose={() => setDismissed(true)} data-testid="trust-warnings">
        <AlertTitle>This database may have been rolled back or changed outside SiteCRF</AlertTitle>
        <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </Box>
        Ask an administrator to run the audit check (sitecrf audit verify) before entering more data.
      </Alert>
    </Box>
  );
}
