/**
 * Both contracts onto ipcMain.handle: one loop each, so a channel can neither be forgotten nor
 * wired by hand without the sender check (GitHub Desktop learned that raw handle calls bypass
 * it). Which contract answers is the shell's mode (modes.ts): the other says "no such channel".
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type IpcResult } from '../../shared/ipc/contract';
import { SPONSOR_CHANNELS } from '../../shared/ipc/sponsor-contract';
import { IPC_PREFIX, isAppUrl } from './channels';
import type { ShellModes } from './modes';

/** Only our own top-level page may call: not an iframe, not a page that got navigated elsewhere. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!frame && frame.parent === null && isAppUrl(frame.url);
}

const REFUSED: IpcResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This caller may not use SiteCRF' },
};

export function registerIpc(ipcMain: IpcMain, modes: ShellModes): string[] {
  for (const channel of CHANNELS)
    ipcMain.handle(IPC_PREFIX + channel, (event, input) =>
      isTrustedSender(event) ? modes.siteCall(channel, input) : REFUSED,
    );
  for (const channel of SPONSOR_CHANNELS)
    ipcMain.handle(IPC_PREFIX + channel, (event, input) =>
      isTrustedSender(event) ? modes.sponsorCall(channel, input) : REFUSED,
    );
  return [...CHANNELS, ...SPONSOR_CHANNELS];
}
