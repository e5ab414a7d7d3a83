/**
 * The Electron shell: one window on app://sitecrf/, the IPC table on ipcMain, the session
 * locked when the machine sleeps or its screen locks, and File > Open sponsor store… (or
 * `--store FILE` at launch) for the sponsor's screen. Bundled to dist/electron/main.cjs.
 */
import { app, dialog, ipcMain, Menu, powerMonitor, protocol, session, type BrowserWindow } from 'electron';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logout } from '../services/site-db';
import { createAppState, type AppState } from '../ipc/app-state';
import { APP_SCHEME, LOCKED_EVENT } from './channels';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { createShellModes, type ShellModes } from './modes';
import { chooseAndOpenStore } from './open-store';
import { rendererResponse } from './protocol';
import { createMainWindow, hardenContents, hardenSession } from './window';
import { warmPhiScannerSoon } from '../export/phi-warmup';

// In the bundle this is dist/electron/ (see build/bundle-electron.js); the renderer sits beside it.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = resolve(here, '..', 'renderer');
const preload = join(here, 'preload.cjs');

export interface Shell {
  state: AppState;
  modes: ShellModes;
  window(): BrowserWindow | null;
}

/** `--store FILE` among the arguments (after Electron's own), or undefined. */
export function storeArgument(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--store');
  const file = at >= 0 ? argv[at + 1] : undefined;
  return file && !file.startsWith('--') ? resolve(file) : undefined;
}

export function start(): Shell | null {
  // A second instance would open the same database under another session: hand over and leave.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // Before ready: app:// must be standard (real origin, relative URLs) and secure (like https).
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);

  const dataDir = resolve(process.env.SITECRF_DATA_DIR || join(homedir(), 'SiteCRF'));
  const state = createAppState({ dataDir });
  let win: BrowserWindow | null = null;

  const notifyLocked = () => {
    if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(LOCKED_EVENT);
  };
  const lockNow = () => {
    if (!state.session) return;
    state.locked = true;
    notifyLocked();
  };
  state.onLock = notifyLocked;

  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  const modes = createShellModes(state, { dispatch: { checkOutput: process.env.SITECRF_CHECK_OUTPUT === '1' } });
  app.on('before-quit', () => {
    const s = state.session;
    state.session = null;
    if (s) logout(s);
    void modes.closeStore();
  });

  registerIpc(ipcMain, modes);

  const refreshMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          inSponsorMode: modes.storePath !== null,
          openStore: () => {
            if (!win) return;
            void chooseAndOpenStore(win, modes, state, dialog).then((opened) => opened && refreshMenu());
          },
          backToSite: () => {
            void modes.closeStore().then(() => {
              refreshMenu();
              win?.webContents.reload();
            });
          },
          quit: () => app.quit(),
        }),
      ),
    );

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, (request) => rendererResponse(rendererDir, request.url));
    powerMonitor.on('suspend', lockNow);
    powerMonitor.on('lock-screen', lockNow);
    const store = storeArgument(process.argv);
    const opening = store
      ? modes
          .openStore(store)
          .catch((e: unknown) =>
            dialog.showErrorBox('The sponsor store could not be opened', e instanceof Error ? e.message : String(e)),
          )
      : Promise.resolve();
    // The page asks which contract answers as it loads: the store is open before the window is.
    return opening.then(() => {
      refreshMenu();
      win = createMainWindow(preload);
      win.on('closed', () => (win = null));
      // Once the window is up: the PHI scanner's word lists load while the user logs in (phi-warmup.ts).
      void warmPhiScannerSoon();
    });
  });

  return { state, modes, window: () => win };
}

export const shell = start();
