/** Boot: first run (create the site database), log in, or the app; the lock sits on top. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Box, CircularProgress, Snackbar } from '@mui/material';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { loadProtocol, type Study } from '../../../shared/protocol/load';
import { api, messageOf, onSessionError } from './api';
import { AppContext, type AppContextValue, type SessionInfo } from './context';
import { LockDialog } from './LockDialog';
import { Shell } from './Shell';
import { useIdleLock } from './useIdleLock';
import { SetupScreen } from '../screens/SetupScreen';
import { LoginScreen } from '../screens/LoginScreen';

type Status = ChannelOutput<'app.status'>;

export function App() {
  const [status, setStatus] = useState<Status | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [study, setStudy] = useState<Study | null>(null);
  const [locked, setLocked] = useState(false);
  const [setupMode, setSetupMode] = useState(false);
  const [toast, setToast] = useState<{ message: string; severity: 'success' | 'info' | 'warning' | 'error' } | null>(
    null,
  );

  const enter = useCallback(async (s: SessionInfo) => {
    const proto = await api['protocol.get']({});
    setStudy(loadProtocol(proto));
    setSession(s);
    setLocked(s.locked);
  }, []);

  useEffect(() => {
    let alive = true;
    api['app.status']({})
      .then(async (st) => {
        if (!alive) return;
        setStatus(st);
        if (st.session) {
          if (st.session.locked) {
            // A locked session cannot read the protocol yet: unlock first, then load it.
            setSession(st.session);
            setLocked(true);
          } else await enter(st.session);
        }
      })
      .catch((e) => setBootError(messageOf(e)));
    return () => {
      alive = false;
    };
  }, [enter]);

  useEffect(() => onSessionError(() => setLocked(true)), []);
  // In Electron, main tells the window when it locked the session itself (idle, OS suspend).
  useEffect(() => window.sitecrf?.onLocked?.(() => setLocked(true)), []);

  const lock = useCallback(() => {
    setLocked(true);
    api['auth.lock']({}).catch(() => undefined);
  }, []);

  const logout = useCallback(() => {
    api['auth.logout']({})
      .catch(() => undefined)
      .finally(() => {
        location.hash = '';
        location.reload();
      });
  }, []);

  useIdleLock(session && !locked ? session.user.lockMinutes : null, lock);

  const ctx = useMemo<AppContextValue | null>(
    () =>
      session && study
        ? {
            session,
            study,
            lock,
            logout,
            updateSession: setSession,
            notify: (message, severity = 'success') => setToast({ message, severity }),
          }
        : null,
    [session, study, lock, logout],
  );

  const onUnlocked = async (s: SessionInfo) => {
    setSession(s);
    if (!study) await enter(s);
    setLocked(false);
  };

  if (bootError)
    return (
      <Alert severity="error" sx={{ m: 4 }}>
        {bootError}
      </Alert>
    );
  if (!status) {
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <CircularProgress aria-label="Starting SiteCRF" />
      </Box>
    );
  }
  if (!session) {
    if (setupMode || status.databases.length === 0)
      return (
        <SetupScreen
          sites={status.sites}
          shipped={status.shippedStudy}
          canCancel={status.databases.length > 0}
          onCancel={() => setSetupMode(false)}
          onDone={enter}
        />
      );
    return (
      <LoginScreen
        databases={status.databases}
        defaultDatabase={status.open}
        onLoggedIn={enter}
        onSetup={() => setSetupMode(true)}
      />
    );
  }
  return (
    <>
      {ctx && (
        <AppContext.Provider value={ctx}>
          {/* The lock dialog covers the app; the app stays mounted so nothing typed is lost. */}
          <Box aria-hidden={locked || undefined} inert={locked || undefined}>
            <Shell />
          </Box>
        </AppContext.Provider>
      )}
      <LockDialog open={locked} session={session} onUnlocked={onUnlocked} onLogout={logout} />
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
            variant="standard"
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
