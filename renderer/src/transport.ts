/**
 * The renderer's only way to main: a transport for the typed client of the IPC contract.
 * In Electron the preload exposes `window.sitecrf.invoke`; in a browser the host serves the
 * same table over loopback HTTP (its token travels as a same-origin cookie).
 */
import type { Channel, IpcResult } from '../../shared/ipc/contract';
import type { Transport } from '../../shared/ipc/client';

declare global {
  interface Window {
    /** The Electron preload's bridge (main/electron/preload.ts). */
    sitecrf?: {
      invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
      onLocked?(listener: () => void): void;
    };
  }
}

/**
 * What the browser transport last learnt of its host. `stopped`: nothing answers on the page's
 * port. `newAddress`: something answers there but refuses this page's token (a new host has a new
 * token and name), so no call from this page can work again. `reload`: a new host answers on
 * the same address (SITECRF_PORT and SITECRF_TOKEN fixed), without this page's session.
 */
export type HostState = 'ok' | 'stopped' | 'newAddress' | 'reload';
type HostListener = (state: HostState) => void;
const hostListeners = new Set<HostListener>();
let hostState: HostState = 'ok';
let firstInstance: string | null = null;

export function onHostState(l: HostListener): () => void {
  hostListeners.add(l);
  return () => hostListeners.delete(l);
}

function setHostState(next: HostState): void {
  if (next === hostState) return;
  hostState = next;
  for (const l of hostListeners) l(next);
}

export const browserTransport: Transport = async (channel: Channel, input: unknown) => {
  let res: Response;
  try {
    res = await fetch('/api/' + channel, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    setHostState('stopped');
    return {
      ok: false,
      error: {
        code: 'OFFLINE',
        message: 'SiteCRF is not responding. Your typing is kept on this screen; try again in a moment.',
      },
    };
  }
  // 401: the token is not this host's; 403 with no JSON: the page's host name is not this host's
  // (the name comes from the token). Either way the host was restarted under the page.
  const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
  const instance = res.headers.get('x-sitecrf-instance');
  if (instance && !firstInstance) firstInstance = instance;
  if (res.status === 401 || (res.status === 403 && !json)) setHostState('newAddress');
  else if (hostState === 'reload' || (instance && instance !== firstInstance)) setHostState('reload');
  else setHostState('ok');
  try {
    return (await res.json()) as IpcResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `Unexpected answer from SiteCRF (HTTP ${res.status})` } };
  }
};

export const electronTransport: Transport = (channel, input) => window.sitecrf!.invoke(channel, input ?? {});

export function pickTransport(): Transport {
  return typeof window !== 'undefined' && typeof window.sitecrf?.invoke === 'function'
    ? electronTransport
    : browserTransport;
}
