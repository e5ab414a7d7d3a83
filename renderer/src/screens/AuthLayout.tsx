import type { ReactNode } from 'react';
import { Box, Paper, Stack, Typography } from '@mui/material';

/** The centred card of the first-run and login screens. */
export function AuthLayout({ title, children, width = 440 }: { title: string; children: ReactNode; width?: number }) {
  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'background.default', p: 2 }}
    >
      <Paper sx={{ p: 4, width, maxWidth: '100%' }}>
        <Stack spacing={0.5} sx={{ mb: 3 }}>
          <Typography variant="overline" color="primary" sx={{ fontWeight: 700, letterSpacing: 1.5 }}>
            SiteCRF
          </Typography>
          <Typography variant="h1">{title}</Typography>
        </Stack>
        {children}
      </Paper>
    </Box>
  );
}
