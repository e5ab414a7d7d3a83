/**
 * The sponsor screen: a sponsor store opened in sponsor mode. No login (the store holds only
 * de-identified rows); the name asked at open is the author of the queries raised here. Then a
 * shell of its own: Import, Submissions, Study tables, Queries.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  Alert,
  AppBar,
  Box,
  Button,
  CircularProgress,
  Paper,
  Snackbar,
  TextField,
  Toolbar,
  Typography,
} from '@mui/material';
import type { SponsorOutput } from '../../../shared/ipc/sponsor-contract';
import { sponsorApi, sponsorError } from './api';
import { ImportScreen } from './ImportScreen';
import { SubmissionsScreen } from './SubmissionsScreen';
import { TablesScreen } from './TablesScreen';
import { QueriesScreen } from './QueriesScreen';

type Info = SponsorOutput<'sponsor.info'>;
export type Notify = (message: string, severity?: 'success' | 'error' | 'info') => void;

const SCREENS = [
  { id: 'import', label: 'Import' },
  { id: 'submissions', label: 'Submissions' },
  { id: 'tables', label: 'Study tables' },
  { id: 'queries', label: 'Queries' },
] as const;
type ScreenId = (typeof SCREENS)[number]['id'];

const screenOf = (hash: string): ScreenId => SCREENS.find((s) => hash === `#/${s.id}`)?.id ?? 'import';

function useScreen(): ScreenId {
  const [screen, setScreen] = useState<ScreenId>(() => screenOf(location.hash));
  useEffect(() => {
    const on = () => setScreen(screenOf(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return screen;
}

function NamePrompt({ info, onDone }: { info: Info; onDone: (i: Info) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await sponsorApi['sponsor.setUser']({ name });
      onDone({ ...info, user: r.user });
    } catch (x) {
      setError(sponsorError(x).message);
    }
  };
  return (
    <Box component="main" sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh', p: 2 }}>
      <Paper component="form" onSubmit={submit} sx={{ p: 3, width: 420, display: 'grid', gap: 2 }}>
        <Typography variant="h1">Open the study store</Typography>
        <Typography variant="body2">
          {info.study} — {info.title} ({info.store}). This store holds only de-identified data and has no site login.
          Your name is kept as the author of the queries you raise, close or re-open.
        </Typography>
        <TextField
          label="Your name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={!!error}
          helperText={error ?? ' '}
          autoFocus
          required
        />
        <Button type="submit" variant="contained">
          Open
        </Button>
      </Paper>
    </Box>
  );
}

function Shell({ info, notify }: { info: Info; notify: Notify }) {
  const screen = useScreen();
  useEffect(() => {
    window.requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true }));
  }, [screen]);
  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <AppBar position="sticky" component="header">
        <Toolbar sx={{ gap: 2, flexWrap: 'wrap' }}>
          <Typography component="p" sx={{ fontWeight: 600 }}>
            SiteCRF sponsor · {info.study} ({info.store})
          </Typography>
          <Box component="nav" aria-label="Sponsor" sx={{ display: 'flex', gap: 0.5, flex: 1 }}>
            {SCREENS.map((s) => (
              <Button
                key={s.id}
                href={`#/${s.id}`}
                color="inherit"
                aria-current={screen === s.id ? 'page' : undefined}
                sx={{ fontWeight: screen === s.id ? 700 : 400, textDecoration: screen === s.id ? 'underline' : 'none' }}
              >
                {s.label}
              </Button>
            ))}
          </Box>
          <Typography component="p" variant="body2">
            {info.user}
          </Typography>
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ p: 2, flex: 1, display: 'grid', gap: 2, alignContent: 'start' }}>
        {screen === 'import' && <ImportScreen />}
        {screen === 'submissions' && <SubmissionsScreen />}
        {screen === 'tables' && <TablesScreen />}
        {screen === 'queries' && <QueriesScreen notify={notify} />}
      </Box>
    </Box>
  );
}

export function SponsorApp() {
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<{ message: string; severity: 'success' | 'error' | 'info' } | null>(null);
  const notify = useCallback<Notify>((message, severity = 'success') => setToast({ message, severity }), []);
  useEffect(() => {
    sponsorApi['sponsor.info']({}).then(setInfo, (e: unknown) => setError(sponsorError(e).message));
  }, []);
  if (error)
    return (
      <Alert severity="error" sx={{ m: 4 }}>
        {error}
      </Alert>
    );
  if (!info)
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <CircularProgress aria-label="Opening the store" />
      </Box>
    );
  if (!info.user) return <NamePrompt info={info} onDone={setInfo} />;
  return (
    <>
      <Shell info={info} notify={notify} />
      <Snackbar
        open={!!toast}
        autoHideDuration={4000}
        onClose={() => setToast(null)}
        anchorOrigin={{ vertical: 'top', horizontal: 'center' }}
        sx={{ top: { xs: 56, sm: 56 } }}
      >
        {toast ? (
          <Alert
            severity={toast.severity}
            sx={{ boxShadow: 3, border: 1, borderColor: 'divider' }}
            onClose={() => setToast(null)}
          >
            {toast.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </>
  );
}
