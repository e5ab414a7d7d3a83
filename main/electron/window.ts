/**
 * The window and what it may do: nothing but show our own pages. Every setting here is a
 * promise of architecture.md that main/electron/shell.test.ts checks.
 */
import { BrowserWindow, type Session, type WebContents, type WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../host/headers';
import { APP_URL, isAppUrl } from './channels';

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** The app is one page with client-side routes: any real navigation is someone else's doing. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Offline by design: only app://, inline data and the devtools ever load. */
const LOADABLE = ['app:', 'data:', 'blob:', 'devtools:'];

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      /* unparsable: cancelled below */
    }
    callback({ cancel: !LOADABLE.includes(scheme) });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'SiteCRF',
    backgroundColor: '#ffffff',
    webPreferences: webPreferences(preload),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_URL);
  return win;
}
