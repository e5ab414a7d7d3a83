/** The frame of a logged-in session: top bar (where am I, who am I, lock), then the screen. */
import { useEffect } from 'react';
import { Alert, AppBar, Box, Button, Chip, Toolbar, Tooltip, Typography } from '@mui/material';
import LockIcon from '@mui/icons-material/LockOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import { ROLE_LABELS } from '../../../shared/roles';
import { useApp } from './context';
import { navItems, routeAllowed } from './nav';
import { PrintStyles } from './PrintStyles';
import { ScreenBoundary } from './ScreenBoundary';
import { TrustWarnings } from './TrustWarnings';
import { ShortcutHelp } from './ShortcutHelp';
import { navigate, routeHash, useRoute, type Route } from './router';
import { SubjectsScreen } from '../screens/SubjectsScreen';
import { CasebookScreen } from '../screens/CasebookScreen';
import { FormScreen } from '../screens/FormScreen';
import { AdminScreen } from '../screens/AdminScreen';
import { QueriesScreen } from '../screens/QueriesScreen';
import { WorklistScreen } from '../screens/WorklistScreen';
import { ReportsScreen } from '../screens/ReportsScreen';
import { AuditScreen } from '../screens/AuditScreen';
import { ExportScreen } from '../screens/ExportScreen';
import { DataCutScreen } from '../screens/DataCutScreen';

/** One boundary per screen: a form opened on another field (a query link) is the same screen. */
const screenKey = (r: Route): string => (r.name === 'form' ? routeHash({ ...r, field: '' }) : routeHash(r));

const WIDE: Route['name'][] = ['subjects', 'audit', 'queries', 'worklist'];

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'subjects':
      return <SubjectsScreen />;
    case 'casebook':
      return <CasebookScreen key={route.subjectId} subjectId={route.subjectId} />;
    case 'form':
      return <FormScreen key={`${route.subjectId}/${route.event}/${route.form}/${route.instance}`} route={route} />;
    case 'queries':
      return <QueriesScreen />;
    case 'worklist':
      return <WorklistScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'export':
      return <ExportScreen />;
    case 'datacut':
      return <DataCutScreen />;
    case 'admin':
    case 'account':
      return <AdminScreen />;
  }
}

export function Shell() {
  const { session, lock, logout } = useApp();
  const route = useRoute();
  const role = session.user.role;
  const items = navItems(role);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        lock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lock]);

  // A new screen: the reader starts at its heading, not at the last button pressed.
  useEffect(() => {
    if (route.name === 'form') return;
    window.requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true }));
  }, [route.name]);

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <PrintStyles />
      <AppBar position="sticky" color="primary" className="no-print">
        <Toolbar variant="dense" sx={{ gap: 1 }}>
          <Typography component="span" sx={{ fontWeight: 700, mr: 1 }}>
            SiteCRF
          </Typography>
          <Typography component="span" variant="body2" sx={{ opacity: 0.85, mr: 2 }}>
            {session.study.title.length > 40 ? session.study.id : session.study.title} · {session.site.code}
          </Typography>
          <Box component="nav" aria-label="Main" sx={{ display: 'flex', gap: 0.25 }}>
            {items.map((it) => {
              const active = it.owns.includes(route.name);
              return (
                <Button
                  key={it.label}
                  color="inherit"
                  href={`#/${it.route.name}`}
                  aria-current={active ? 'page' : undefined}
                  sx={{
                    fontWeight: active ? 700 : 400,
                    borderBottom: active ? '2px solid #fff' : '2px solid transparent',
                    borderRadius: 0,
                    px: 1.25,
                  }}
                >
                  {it.label}
                </Button>
              );
            })}
          </Box>
          <Box sx={{ flex: 1 }} />
          {role !== 'admin' ? (
            <Tooltip title="My account: password and lock timeout">
              <Chip
                size="small"
                component="a"
                href="#/account"
                clickable
                label={`${session.user.fullName} · ${ROLE_LABELS[role]}`}
                sx={{ color: '#fff', borderColor: 'rgba(255,255,255,0.5)' }}
                variant="outlined"
              />
            </Tooltip>
          ) : (
            <Chip
              size="small"
              label={`${session.user.fullName} · ${ROLE_LABELS[role]}`}
              sx={{ color: '#fff', borderColor: 'rgba(255,255,255,0.5)' }}
              variant="outlined"
            />
          )}
          <ShortcutHelp />
          <Tooltip title="Lock the session (Ctrl+L)">
            <Button color="inherit" startIcon={<LockIcon />} onClick={lock} aria-keyshortcuts="Control+L">
              Lock
            </Button>
          </Tooltip>
          <Button color="inherit" startIcon={<LogoutIcon />} onClick={logout}>
            Log out
          </Button>
        </Toolbar>
      </AppBar>
      <TrustWarnings warnings={session.warnings} />
      <Box
        component="main"
        sx={{
          flex: 1,
          p: 2,
          maxWidth: WIDE.includes(route.name) ? 'none' : 1280,
          width: '100%',
          mx: 'auto',
          '& h1:focus': { outline: 'none' },
        }}
      >
        {routeAllowed(role, route) ? (
          <ScreenBoundary key={screenKey(route)} screen={route.name} onHome={() => navigate({ name: 'subjects' })}>
            <Screen route={route} />
          </ScreenBoundary>
        ) : (
          <Alert
            severity="info"
            action={<Button onClick={() => navigate({ name: 'subjects' })}>Go to Subjects</Button>}
          >
            <Typography component="h1" variant="h3" tabIndex={-1}>
              Not available to a {ROLE_LABELS[role].toLowerCase()}
            </Typography>
          </Alert>
        )}
      </Box>
    </Box>
  );
}
