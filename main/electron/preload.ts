/**
 * The only door from the page to main: `window.sitecrf.invoke(channel, input)` for the
 * contracts' channels (site and sponsor) and nothing else, plus `onLocked` so the lock screen appears when main
 * locks the session. No ipcRenderer, no Node, no event objects reach the page.
 * Bundled to CommonJS (dist/electron/preload.cjs): a sandboxed preload cannot be an ES module.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, type IpcResult } from '../../shared/ipc/contract';
import { SPONSOR_CHANNELS } from '../../shared/ipc/sponsor-contract';
import { IPC_PREFIX, LOCKED_EVENT } from './channels';

// Both contracts' names: which one answers is main's mode (File > Open sponsor store…).
const allowed = new Set<string>([...CHANNELS, ...SPONSOR_CHANNELS]);

export const bridge = {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    if (typeof channel !== 'string' || !allowed.has(channel))
      return Promise.resolve({
        ok: false,
        error: { code: 'NOT_FOUND', field: 'channel', rule: 'channel', message: 'There is no such channel' },
      });
    return ipcRenderer.invoke(IPC_PREFIX + channel, input) as Promise<IpcResult<unknown>>;
  },
  onLocked(listener: () => void): void {
    if (typeof listener === 'function') ipcRenderer.on(LOCKED_EVENT, () => listener());
  },
};

contextBridge.exposeInMainWorld('sitecrf', bridge);
