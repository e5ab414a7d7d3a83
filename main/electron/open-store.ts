/**
 * File > Open sponsor store…: choose a .duckdb file, confirm when a site user is logged in
 * (opening the store logs them out), open it and reload the page, which then finds the sponsor
 * contract and shows the sponsor screen. A file that is not a store is refused in a dialog and
 * the window stays as it was.
 */
import type { BrowserWindow, Dialog } from 'electron';
import type { AppState } from '../ipc/app-state';
import type { ShellModes } from './modes';

export type StoreDialogs = Pick<Dialog, 'showOpenDialog' | 'showMessageBox' | 'showErrorBox'>;

export async function chooseAndOpenStore(
  win: BrowserWindow,
  modes: ShellModes,
  state: AppState,
  dialog: StoreDialogs,
): Promise<boolean> {
  const picked = await dialog.showOpenDialog(win, {
    title: 'Open a sponsor store',
    buttonLabel: 'Open store',
    filters: [{ name: 'SiteCRF sponsor store', extensions: ['duckdb'] }],
    properties: ['openFile'],
  });
  const path = picked.canceled ? undefined : picked.filePaths[0];
  if (!path) return false;
  if (state.session) {
    const { response } = await dialog.showMessageBox(win, {
      type: 'question',
      buttons: ['Log out and open the store', 'Cancel'],
      defaultId: 0,
      cancelId: 1,
      message: `Opening the sponsor store logs ${state.session.user.username} out of the site database.`,
      detail: 'Save or keep as a draft what you are typing first: an unsaved form is not kept.',
    });
    if (response !== 0) return false;
  }
  try {
    await modes.openStore(path);
  } catch (e) {
    dialog.showErrorBox('The sponsor store could not be opened', e instanceof Error ? e.message : String(e));
    return false;
  }
  win.webContents.reload();
  return true;
}
