import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Box, CircularProgress, CssBaseline, ThemeProvider } from '@mui/material';
import { theme } from './app/theme';
import { App } from './app/App';
import { HostNotice } from './app/HostNotice';
import { detectMode, type AppMode } from './sponsor/api';
import { SponsorApp } from './sponsor/SponsorApp';

/** A host opened on a sponsor store answers the sponsor contract, a site host the site's. */
function Root() {
  const [mode, setMode] = useState<AppMode | null>(null);
  useEffect(() => {
    void detectMode().then(setMode);
  }, []);
  if (!mode)
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <CircularProgress aria-label="Starting SiteCRF" />
      </Box>
    );
  return mode === 'sponsor' ? (
    <>
      <SponsorApp />
      <HostNotice mode="sponsor" />
    </>
  ) : (
    <>
      <App />
      <HostNotice />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Root />
    </ThemeProvider>
  </StrictMode>,
);
