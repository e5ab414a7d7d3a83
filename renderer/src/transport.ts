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
    return {
      ok: false,
      error: {
        code: 'OFFLINE',
        message: 'SiteCRF is not responding. Your typing is kept on this screen; try again in a moment.',
      },
    };
  }
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
