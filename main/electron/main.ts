/**
 * The Electron shell: one window on app://sitecrf/, the IPC table on ipcMain, the session
 * locked when the machine sleeps or its screen locks. Bundled to dist/electron/main.cjs.
 */
import { app, ipcMain, powerMonitor, protocol, session, type BrowserWindow } from 'electron';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logout } from '../services/site-db';
import { createAppState, type AppState } from '../ipc/app-state';
import { APP_SCHEME, LOCKED_EVENT } from './channels';
import { registerIpc } from './ipc';
import { rendererResponse } from './protocol';
import { createMainWindow, hardenContents, hardenSession } from './window';

// In the bundle this is dist/electron/ (see build/bundle-electron.js); the renderer sits beside it.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = resolve(here, '..', 'renderer');
const preload = join(here, 'preload.cjs');

export interface Shell {
  state: AppState;
  window(): BrowserWindow | null;
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
  app.on('before-quit', () => {
    const s = state.session;
    state.session = null;
    if (s) logout(s);
  });

  registerIpc(ipcMain, state, { checkOutput: process.env.SITECRF_CHECK_OUTPUT === '1' });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, (request) => rendererResponse(rendererDir, request.url));
    powerMonitor.on('suspend', lockNow);
    powerMonitor.on('lock-screen', lockNow);
    win = createMainWindow(preload);
    win.on('closed', () => (win = null));
  });

  return { state, window: () => win };
}

export const shell = start();
