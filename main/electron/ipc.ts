/**
 * The contract onto ipcMain.handle: one loop, so a channel can neither be forgotten nor wired
 * by hand without the sender check (GitHub Desktop learned that raw handle calls bypass it).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Channel, type IpcResult } from '../../shared/ipc/contract';
import type { AppState } from '../ipc/app-state';
import { dispatch, type DispatchOptions } from '../ipc/dispatch';
import { IPC_PREFIX, isAppUrl } from './channels';

/** Only our own top-level page may call: not an iframe, not a page that got navigated elsewhere. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

const REFUSED: IpcResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This caller may not use SiteCRF' },
};

export function registerIpc(ipcMain: IpcMain, state: AppState, opts: DispatchOptions = {}): Channel[] {
  for (const channel of CHANNELS) {
    ipcMain.handle(IPC_PREFIX + channel, (event, input) =>
      isTrustedSender(event) ? dispatch(state, channel, input, opts) : REFUSED,
    );
  }
  return [...CHANNELS];
}
