import type { ReactNode } from 'react';
import { Paper, Typography } from '@mui/material';

/** A report section: whole on a printed page, its heading naming the table for screen readers. */
export function Section({
  id,
  title,
  note,
  children,
  breakBefore,
}: {
  id: string;
  title: string;
  note?: ReactNode;
  children: ReactNode;
  breakBefore?: boolean;
}) {
  return (
    <Paper
      component="section"
      aria-labelledby={`${id}-h`}
      className={`print-section${breakBefore ? ' print-break-before' : ''}`}
      sx={{ p: 2 }}
    >
      <Typography id={`${id}-h`} variant="h2" sx={{ mb: 0.5 }}>
        {title}
      </Typography>
      {note && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {note}
        </Typography>
      )}
      {children}
    </Paper>
  );
}

export const num = { fontVariantNumeric: 'tabular-nums', textAlign: 'right' } as const;

/** In place of a chart that has nothing to draw (MUI X Charts throws on a series with no point). */
export function NoData({ children = 'No data yet.' }: { children?: ReactNode }) {
  return (
    <Typography
      variant="body2"
      color="text.secondary"
      sx={{ border: 1, borderStyle: 'dashed', borderColor: 'divider', borderRadius: 1, p: 2 }}
    >
      {children}
    </Typography>
  );
}
