/** The frame of a logged-in session: top bar (where am I, who am I, lock), then the screen. */
import { useEffect } from 'react';
import { AppBar, Box, Button, Chip, Toolbar, Tooltip, Typography } from '@mui/material';
import LockIcon from '@mui/icons-material/LockOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import { ROLE_LABELS } from '../../../shared/roles';
import { useApp } from './context';
import { navigate, useRoute } from './router';
import { SubjectsScreen } from '../screens/SubjectsScreen';
import { CasebookScreen } from '../screens/CasebookScreen';
import { FormScreen } from '../screens/FormScreen';
import { AdminScreen } from '../screens/AdminScreen';

export function Shell() {
  const { session, lock, logout } = useApp();
  const route = useRoute();

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

  const navButton = (label: string, active: boolean, go: () => void) => (
    <Button color="inherit" onClick={go} aria-current={active ? 'page' : undefined} sx={{ fontWeight: active ? 700 : 400, borderBottom: active ? '2px solid #fff' : '2px solid transparent', borderRadius: 0 }}>
      {label}
    </Button>
  );

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <AppBar position="sticky" color="primary">
        <Toolbar variant="dense" sx={{ gap: 1 }}>
          <Typography component="span" sx={{ fontWeight: 700, mr: 1 }}>SiteCRF</Typography>
          <Typography component="span" variant="body2" sx={{ opacity: 0.85, mr: 2 }}>
            {session.study.title.length > 40 ? session.study.id : session.study.title} · {session.site.code}
          </Typography>
          <Box component="nav" aria-label="Main" sx={{ display: 'flex', gap: 0.5 }}>
            {navButton('Subjects', route.name === 'subjects' || route.name === 'casebook' || route.name === 'form', () => navigate({ name: 'subjects' }))}
            {navButton(session.user.role === 'admin' ? 'Users & settings' : 'My account', route.name === 'admin' || route.name === 'account', () => navigate({ name: 'admin' }))}
          </Box>
          <Box sx={{ flex: 1 }} />
          <Chip size="small" label={`${session.user.fullName} · ${ROLE_LABELS[session.user.role]}`} sx={{ color: '#fff', borderColor: 'rgba(255,255,255,0.5)' }} variant="outlined" />
          <Tooltip title="Lock the session (Ctrl+L)">
            <Button color="inherit" startIcon={<LockIcon />} onClick={lock} aria-keyshortcuts="Control+L">Lock</Button>
          </Tooltip>
          <Button color="inherit" startIcon={<LogoutIcon />} onClick={logout}>Log out</Button>
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ flex: 1, p: 2, maxWidth: route.name === 'subjects' ? 'none' : 1280, width: '100%', mx: 'auto' }}>
        {route.name === 'subjects' && <SubjectsScreen />}
        {route.name === 'casebook' && <CasebookScreen key={route.subjectId} subjectId={route.subjectId} />}
        {route.name === 'form' && <FormScreen key={`${route.subjectId}/${route.event}/${route.form}/${route.instance}`} route={route} />}
        {(route.name === 'admin' || route.name === 'account') && <AdminScreen />}
      </Box>
    </Box>
  );
}
