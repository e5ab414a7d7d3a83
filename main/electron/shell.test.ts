/**
 * The Electron shell with 'electron' mocked (its binary cannot be installed on the build
 * machines): every contract channel is wired, the preload allows exactly those, a wrong
 * sender is refused, navigation and new windows are refused, and the window is sandboxed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import { SPONSOR_CHANNELS } from '../../shared/ipc/sponsor-contract';
import { sponsorSite, type SponsorSite } from '../../tests/support/sponsor-sites';
import { initStore } from '../sponsor/init';

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

const h = vi.hoisted(() => ({
  singleLock: true,
  handlers: new Map<string, Fn>(),
  appEvents: new Map<string, Fn>(),
  power: new Map<string, Fn>(),
  protocols: new Map<string, Fn>(),
  windows: [] as {
    options: { webPreferences?: Record<string, unknown> };
    webContents: { send: Fn & { mockClear(): void }; reload: Fn & { mock: { calls: unknown[] } } };
    loadURL: Fn;
  }[],
  exposed: new Map<string, Record<string, Fn>>(),
  rendererOn: new Map<string, Fn>(),
  permissionRequest: null as Fn | null,
  permissionCheck: null as Fn | null,
  beforeRequest: null as Fn | null,
  headersReceived: null as Fn | null,
  menu: null as
    { label?: string; role?: string; submenu?: { label?: string; enabled?: boolean; click?: Fn }[] }[] | null,
  openDialog: vi.fn(),
  messageBox: vi.fn(),
  errorBox: vi.fn(),
}));

vi.mock('electron', () => {
  const app = {
    requestSingleInstanceLock: vi.fn(() => h.singleLock),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: vi.fn(() => tmpdir()),
    on: vi.fn((event: string, cb: Fn) => (h.appEvents.set(event, cb), app)),
  };
  class BrowserWindow {
    webContents = { send: vi.fn(), isDestroyed: () => false, reload: vi.fn() };
    loadURL = vi.fn(async () => undefined);
    constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
      h.windows.push(this);
    }
    once() {
      return this;
    }
    on() {
      return this;
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    show() {}
    focus() {}
    restore() {}
  }
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: vi.fn((channel: string, fn: Fn) => h.handlers.set(channel, fn)) },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
      on: vi.fn((c: string, fn: Fn) => h.rendererOn.set(c, fn)),
    },
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: Record<string, Fn>) => h.exposed.set(key, api)) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, fn: Fn) => h.protocols.set(scheme, fn)),
    },
    powerMonitor: { on: vi.fn((event: string, cb: Fn) => h.power.set(event, cb)) },
    Menu: {
      buildFromTemplate: vi.fn((t: typeof h.menu) => t),
      setApplicationMenu: vi.fn((m: typeof h.menu) => (h.menu = m)),
    },
    dialog: { showOpenDialog: h.openDialog, showMessageBox: h.messageBox, showErrorBox: h.errorBox },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((fn: Fn) => (h.permissionRequest = fn)),
        setPermissionCheckHandler: vi.fn((fn: Fn) => (h.permissionCheck = fn)),
        webRequest: {
          onBeforeRequest: vi.fn((fn: Fn) => (h.beforeRequest = fn)),
          onHeadersReceived: vi.fn((fn: Fn) => (h.headersReceived = fn)),
        },
      },
    },
  };
});

let dir: string;
let electron: typeof import('electron');
let shell: Awaited<typeof import('./main')>['shell'];
let storeArgument: Awaited<typeof import('./main')>['storeArgument'];
const frame = (url: string, parent: unknown = null) => ({ sender: {}, senderFrame: { url, parent } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sitecrf-shell-'));
  process.env.SITECRF_DATA_DIR = dir;
  electron = await import('electron');
  ({ shell, storeArgument } = await import('./main'));
  await new Promise((r) => setTimeout(r, 0)); // app.whenReady().then(…)
});
afterAll(() => {
  delete process.env.SITECRF_DATA_DIR;
  rmSync(dir, { recursive: true, force: true });
});

describe('main process wiring', () => {
  it('registers every channel of both contracts once, and nothing else', () => {
    const all = [...CHANNELS, ...SPONSOR_CHANNELS];
    expect([...h.handlers.keys()].sort()).toEqual(all.map((c) => `sitecrf:${c}`).sort());
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(all.length);
  });

  it('answers our own page and refuses any other sender', async () => {
    const status = h.handlers.get('sitecrf:app.status')!;
    expect(await status(frame('app://sitecrf/index.html'), {})).toMatchObject({
      ok: true,
      value: { databases: [], session: null },
    });
    for (const event of [
      frame('https://evil.example/'),
      frame('file:///etc/passwd'),
      frame('http://127.0.0.1:5173/'),
      frame('app://other/index.html'),
      frame('app://sitecrf/index.html', { url: 'app://sitecrf/' }),
      frame('app://evil@sitecrf/'),
      { sender: {}, senderFrame: null },
    ]) {
      expect(await status(event, {})).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
    }
    const login = h.handlers.get('sitecrf:auth.login')!;
    expect(await login(frame('https://evil.example/'), { database: 'x', username: 'y', password: 'z' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('creates a sandboxed, isolated window on app://', () => {
    expect(h.windows).toHaveLength(1);
    const prefs = h.windows[0]!.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(h.windows[0]!.loadURL).toHaveBeenCalledWith('app://sitecrf/');
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('refuses navigation, redirects away, webviews and new windows', () => {
    const listeners = new Map<string, Fn>();
    let openHandler: Fn | null = null;
    const contents = {
      on: (e: string, fn: Fn) => (listeners.set(e, fn), contents),
      setWindowOpenHandler: (fn: Fn) => (openHandler = fn),
    };
    h.appEvents.get('web-contents-created')!({}, contents);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://sitecrf/other']) {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-navigate')!(event, url);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
    const redirect = { preventDefault: vi.fn() };
    listeners.get('will-redirect')!(redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'app://sitecrf/' })).toEqual({ action: 'deny' });
  });

  it('denies permissions, loads nothing from the network, and adds the CSP', () => {
    const granted = vi.fn();
    h.permissionRequest!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(h.permissionCheck!({}, 'clipboard-read')).toBe(false);
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      h.beforeRequest!({ url }, (r: { cancel?: boolean }) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('https://evil.example/x.js')).toBe(true);
    expect(decide('http://127.0.0.1:1234/')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    expect(decide('app://sitecrf/assets/a.js')).toBe(false);
    let headers: Record<string, string[]> = {};
    h.headersReceived!(
      { url: 'app://sitecrf/', responseHeaders: {} },
      (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders),
    );
    expect(headers['Content-Security-Policy']![0]).toContain("script-src 'self'");
  });

  it('serves app:// from the renderer directory only, with the CSP', async () => {
    const handler = h.protocols.get('app')!;
    const r: Response = await handler({ url: 'app://sitecrf/' });
    expect([200, 503]).toContain(r.status);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    for (const url of [
      'app://sitecrf/../../package.json',
      'app://sitecrf/%2e%2e/%2e%2e/package.json',
      'app://other/index.html',
    ]) {
      const bad: Response = await handler({ url });
      expect(await bad.text(), url).not.toContain('"name": "sitecrf"');
    }
  });

  it('locks the session when the machine sleeps or the screen locks, and tells the page', () => {
    for (const event of ['suspend', 'lock-screen']) {
      shell!.state.session = {} as never;
      shell!.state.locked = false;
      h.windows[0]!.webContents.send.mockClear();
      h.power.get(event)!();
      expect(shell!.state.locked, event).toBe(true);
      expect(h.windows[0]!.webContents.send).toHaveBeenCalledWith('sitecrf:locked');
    }
    shell!.state.session = null;
    shell!.state.locked = false;
  });
});

describe('preload', () => {
  it("exposes only invoke and onLocked, and only the contracts' channels", async () => {
    await import('./preload');
    const api = h.exposed.get('sitecrf')!;
    expect([...h.exposed.keys()]).toEqual(['sitecrf']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onLocked']);
    for (const c of [...CHANNELS, ...SPONSOR_CHANNELS]) {
      expect(await api.invoke!(c, { a: 1 })).toEqual({ ok: true, value: { channel: `sitecrf:${c}`, input: { a: 1 } } });
      expect(h.handlers.has(`sitecrf:${c}`)).toBe(true);
    }
    const invoke = vi.mocked(electron.ipcRenderer.invoke);
    invoke.mockClear();
    for (const c of ['nope', '__proto__', 'constructor', 'toString', 'sitecrf:app.status', '', 42]) {
      expect(await api.invoke!(c as string, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('passes no event object to the page on lock', () => {
    const api = h.exposed.get('sitecrf')!;
    const listener = vi.fn();
    api.onLocked!(listener);
    h.rendererOn.get('sitecrf:locked')!({ sender: 'ipcRenderer' }, 'extra');
    expect(listener).toHaveBeenCalledWith();
  });
});

describe('File > Open sponsor store…', () => {
  const fileMenu = () => h.menu!.find((m) => m.label === 'File')!.submenu!;
  const item = (label: RegExp) => fileMenu().find((i) => label.test(i.label ?? ''))!;
  const page = frame('app://sitecrf/index.html');
  const call = (channel: string, input: unknown = {}) => h.handlers.get(`sitecrf:${channel}`)!(page, input);
  const settle = () => new Promise((r) => setTimeout(r, 50));
  let site: SponsorSite;
  let store: string;

  beforeAll(async () => {
    site = sponsorSite('MMC');
    const file = await site.submit('2026-10');
    store = join(dir, 'SACRO.duckdb');
    (await initStore(store, file)).close();
  }, 60_000);
  afterAll(async () => {
    await shell!.modes.closeStore();
    site?.close();
  });

  it('has File > Open sponsor store… (Ctrl+O) and Back, disabled in site mode, and an Edit menu', () => {
    expect(item(/^Open sponsor store/)).toMatchObject({ accelerator: 'CmdOrCtrl+O' });
    expect(item(/^Back to the site/).enabled).toBe(false);
    expect(h.menu!.some((m) => m.role === 'editMenu')).toBe(true);
  });

  it('a file that is not a store is refused in a dialog and the window stays in site mode', async () => {
    const notStore = join(dir, 'not-a-store.duckdb');
    writeFileSync(notStore, 'not a database');
    h.openDialog.mockResolvedValueOnce({ canceled: false, filePaths: [notStore] });
    item(/^Open sponsor store/).click!();
    await settle();
    expect(h.errorBox).toHaveBeenCalledWith('The sponsor store could not be opened', expect.any(String));
    expect(await call('app.status')).toMatchObject({ ok: true });
    expect(await call('sponsor.info')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('opens the chosen store: sponsor channels answer, site channels do not, the page reloads', async () => {
    const reloads = h.windows[0]!.webContents.reload.mock.calls.length;
    h.openDialog.mockResolvedValueOnce({ canceled: false, filePaths: [store] });
    item(/^Open sponsor store/).click!();
    await expect.poll(() => shell!.modes.storePath).toBe(store);
    expect(h.openDialog).toHaveBeenLastCalledWith(
      h.windows[0],
      expect.objectContaining({ filters: [expect.objectContaining({ extensions: ['duckdb'] })] }),
    );
    expect(h.messageBox).not.toHaveBeenCalled(); // nobody was logged in
    expect(await call('sponsor.info')).toMatchObject({ ok: true, value: { study: 'SACRO', store: 'SACRO.duckdb' } });
    expect(await call('app.status')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(h.windows[0]!.webContents.reload.mock.calls.length).toBe(reloads + 1);
    await settle();
    expect(item(/^Back to the site/).enabled).toBe(true);
  });

  it("Back to the site's databases closes the store and the site contract answers again", async () => {
    item(/^Back to the site/).click!();
    await expect.poll(() => shell!.modes.storePath).toBeNull();
    expect(await call('app.status')).toMatchObject({ ok: true });
    expect(await call('sponsor.info')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await settle();
    expect(item(/^Back to the site/).enabled).toBe(false);
  });

  it('asks before logging a site user out, and Cancel keeps the session', async () => {
    const user = { user: { username: 'coord' } } as never;
    shell!.state.session = user;
    h.openDialog.mockResolvedValueOnce({ canceled: false, filePaths: [store] });
    h.messageBox.mockResolvedValueOnce({ response: 1 });
    item(/^Open sponsor store/).click!();
    await settle();
    expect(h.messageBox).toHaveBeenCalledWith(
      h.windows[0],
      expect.objectContaining({ message: expect.stringContaining('logs coord out') }),
    );
    expect(shell!.modes.storePath).toBeNull();
    expect(shell!.state.session).toBe(user);
    shell!.state.session = null;
  });

  it('--store FILE at launch names the store', () => {
    expect(storeArgument(['/usr/bin/electron', '/app', '--store', 'x/S.duckdb'])).toBe(
      join(process.cwd(), 'x/S.duckdb'),
    );
    expect(storeArgument(['/usr/bin/electron', '/app'])).toBeUndefined();
    expect(storeArgument(['/usr/bin/electron', '/app', '--store', '--other'])).toBeUndefined();
  });
});

describe('single instance', () => {
  it('a second instance quits without a window or handlers', async () => {
    vi.resetModules();
    h.singleLock = false;
    const windows = h.windows.length;
    const before = vi.mocked(electron.ipcMain.handle).mock.calls.length;
    const { shell: second } = await import('./main');
    await new Promise((r) => setTimeout(r, 0));
    expect(second).toBeNull();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(h.windows.length).toBe(windows);
    expect(vi.mocked(electron.ipcMain.handle).mock.calls.length).toBe(before);
  });
});
