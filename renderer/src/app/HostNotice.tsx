/**
 * A fixed notice when the browser host under this page stopped or restarted (issue 11): without
 * it every call just fails quietly. The page checks on focus and every 30 s, so the notice shows
 * before the next click; in Electron there is no host to lose and nothing is shown. The sponsor
 * screen's host (`sitecrf sponsor serve`) has the same address rules but no login: its texts say
 * how that host is started and that the page asks for the name again.
 */
import { useEffect, useState } from 'react';
import { Alert, AlertTitle, Box, Button } from '@mui/material';
import { onHostState, type HostState } from '../transport';
import { api } from './api';
import { sponsorApi } from '../sponsor/api';

const STABLE =
  'To keep one address across restarts, start the host with SITECRF_PORT and SITECRF_TOKEN set (README, "Run it").';

type Texts = Record<Exclude<HostState, 'ok'>, { title: string; body: string }>;
export type HostMode = 'site' | 'sponsor';

const SITE: Texts = {
  stopped: {
    title: 'The SiteCRF host was stopped or restarted',
    body: `Nothing answers at this page's address, so nothing can be loaded or saved here. Start it again (npm run start:browser) and open the address it prints (it ends in ?token=…). Started with SITECRF_PORT and SITECRF_TOKEN set, the address stays the same: then reload this page. Drafts saved before it stopped are offered again when you reopen the form.`,
  },
  newAddress: {
    title: 'The SiteCRF host was restarted with a new address',
    body: `This page's address is no longer valid, so nothing can be loaded or saved here. Open the address the host printed when it started (it ends in ?token=…) and log in again. ${STABLE}`,
  },
  reload: {
    title: 'The SiteCRF host was restarted',
    body: 'The address is the same, but your session on this page ended. Reload the page and log in again; drafts saved before the restart are offered again when you reopen the form.',
  },
};

// An import cut off by a stop commits whole or not at all (one DuckDB transaction), so the
// texts can promise that nothing half-imported is left.
const SPONSOR: Texts = {
  stopped: {
    title: 'The SiteCRF sponsor host was stopped or restarted',
    body: `Nothing answers at this page's address, so the store cannot be read or changed here. Start it again (sitecrf sponsor serve --store STUDY.duckdb) and open the address it prints (it ends in ?token=…). Started with SITECRF_PORT and SITECRF_TOKEN set, the address stays the same: then reload this page. An import cut off by the stop was either completed or left the store unchanged; import the file again to see which.`,
  },
  newAddress: {
    title: 'The SiteCRF sponsor host was restarted with a new address',
    body: `This page's address is no longer valid, so the store cannot be read or changed here. Open the address the host printed when it started (it ends in ?token=…) and give your name again. ${STABLE}`,
  },
  reload: {
    title: 'The SiteCRF sponsor host was restarted',
    body: 'The address is the same, but this page no longer knows your name, which the store records as the author of the queries you raise. Reload the page and give your name again.',
  },
};

const CHECK: Record<HostMode, () => Promise<unknown>> = {
  site: () => api['app.status']({}),
  sponsor: () => sponsorApi['sponsor.info']({}),
};

export function HostNotice({ mode = 'site' }: { mode?: HostMode }) {
  const [state, setState] = useState<HostState>('ok');
  const electron = typeof window !== 'undefined' && typeof window.sitecrf?.invoke === 'function';

  useEffect(() => {
    if (electron) return;
    const off = onHostState(setState);
    const check = () => void CHECK[mode]().catch(() => undefined);
    const visible = () => {
      if (document.visibilityState === 'visible') check();
    };
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', visible);
    const timer = window.setInterval(check, 30_000);
    return () => {
      off();
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', visible);
      window.clearInterval(timer);
    };
  }, [electron, mode]);

  if (state === 'ok') return null;
  const t = (mode === 'sponsor' ? SPONSOR : SITE)[state];
  return (
    <Box
      data-testid="host-notice"
      sx={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: (th) => th.zIndex.modal + 10, p: 1 }}
    >
      <Alert
        severity="error"
        variant="filled"
        action={
          state === 'reload' ? (
            <Button color="inherit" size="small" onClick={() => location.reload()}>
              Reload
            </Button>
          ) : undefined
        }
      >
        <AlertTitle>{t.title}</AlertTitle>
        {t.body}
      </Alert>
    </Box>
  );
}
