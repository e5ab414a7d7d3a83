/** All errors and warnings of a save, each a link that puts the cursor in its field. */
import { forwardRef } from 'react';
import { Alert, AlertTitle, Box, Link } from '@mui/material';

export interface SummaryIssue {
  field?: string;
  label: string;
  severity: 'error' | 'warning';
  message: string;
}

export const IssueSummary = forwardRef<
  HTMLDivElement,
  { title: string; issues: SummaryIssue[]; onFocusField: (id: string) => void }
>(function IssueSummary({ title, issues, onFocusField }, ref) {
  const errors = issues.filter((i) => i.severity === 'error');
  return (
    <Alert
      ref={ref}
      severity={errors.length ? 'error' : 'warning'}
      tabIndex={-1}
      role="alert"
      sx={{ '&:focus': { outline: '2px solid', outlineColor: 'primary.main' } }}
    >
      <AlertTitle>{title}</AlertTitle>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {issues.map((i, n) => (
          <li key={n}>
            {i.severity === 'warning' ? 'Warning: ' : ''}
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
    </Alert>
  );
});
