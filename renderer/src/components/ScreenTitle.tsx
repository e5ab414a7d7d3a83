import type { ReactNode } from 'react';
import { Stack, Typography } from '@mui/material';

/** A screen's heading (focused when the screen opens) with its count or subtitle and actions. */
export function ScreenTitle({ title, sub, children }: { title: string; sub?: ReactNode; children?: ReactNode }) {
  return (
    <Stack direction="row" alignItems="center" spacing={2} flexWrap="wrap" useFlexGap>
      <Typography variant="h1" tabIndex={-1}>
        {title}
      </Typography>
      {sub && (
        <Typography variant="body2" color="text.secondary" aria-live="polite">
          {sub}
        </Typography>
      )}
      <Stack direction="row" spacing={1} sx={{ ml: 'auto' }} className="no-print">
        {children}
      </Stack>
    </Stack>
  );
}
