import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CssBaseline, ThemeProvider } from '@mui/material';
import { theme } from './app/theme';
import { App } from './app/App';
import { HostNotice } from './app/HostNotice';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <App />
      <HostNotice />
    </ThemeProvider>
  </StrictMode>,
);
