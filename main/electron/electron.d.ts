/**
 * The slice of Electron's API the shell uses. Electron is not a dependency of this repository:
 * its postinstall downloads a binary, which the build machines cannot reach (architecture.md).
 * The release machine installs it (`npm install --no-save electron@<electronVersion>`) before
 * `npm run dist`; these declarations keep `tsc` honest without it. Keep them in step with
 * electronVersion in electron-builder.yml.
 */
declare module 'electron' {
  export interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    webviewTag?: boolean;
    navigateOnDragDrop?: boolean;
    spellcheck?: boolean;
    devTools?: boolean;
  }

  export interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    webPreferences?: WebPreferences;
  }

  export interface WebFrameMain {
    readonly url: string;
    readonly parent: WebFrameMain | null;
  }

  export interface Event {
    preventDefault(): void;
  }

  export type PermissionRequestHandler = (
    webContents: WebContents,
    permission: string,
    callback: (granted: boolean) => void,
  ) => void;

  export interface OnHeadersReceivedDetails {
    url: string;
    responseHeaders?: Record<string, string[]>;
  }
  export interface OnBeforeRequestDetails {
    url: string;
  }

  export interface WebRequest {
    onHeadersReceived(
      listener: (
        details: OnHeadersReceivedDetails,
        callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void,
      ) => void,
    ): void;
    onBeforeRequest(
      listener: (details: OnBeforeRequestDetails, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  }

  export interface Session {
    readonly webRequest: WebRequest;
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
    setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string) => boolean) | null): void;
  }

  export type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow' };

  export interface WebContents {
    readonly id: number;
    readonly session: Session;
    on(
      event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
      listener: (event: Event, url: string) => void,
    ): this;
    on(event: 'will-attach-webview', listener: (event: Event) => void): this;
    setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
  }

  export class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'closed', listener: () => void): this;
  }

  export interface IpcMainInvokeEvent {
    readonly sender: WebContents;
    readonly senderFrame: WebFrameMain | null;
  }

  export interface IpcMain {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  }

  export interface IpcRendererEvent {
    readonly sender: unknown;
  }

  export interface IpcRenderer {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  }

  export interface ContextBridge {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  }

  export interface CustomScheme {
    scheme: string;
    privileges?: {
      standard?: boolean;
      secure?: boolean;
      supportFetchAPI?: boolean;
      corsEnabled?: boolean;
      stream?: boolean;
      bypassCSP?: boolean;
      allowServiceWorkers?: boolean;
    };
  }

  export interface Protocol {
    registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  }

  export interface PowerMonitor {
    on(event: 'suspend' | 'lock-screen' | 'resume' | 'unlock-screen', listener: () => void): this;
  }

  export interface App {
    requestSingleInstanceLock(): boolean;
    whenReady(): Promise<void>;
    quit(): void;
    exit(code?: number): void;
    getPath(name: 'home' | 'userData'): string;
    on(
      event: 'second-instance' | 'window-all-closed' | 'before-quit' | 'activate',
      listener: (...args: unknown[]) => void,
    ): this;
    on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): this;
  }

  export const app: App;
  export const ipcMain: IpcMain;
  export const ipcRenderer: IpcRenderer;
  export const contextBridge: ContextBridge;
  export const protocol: Protocol;
  export const powerMonitor: PowerMonitor;
  export const session: { readonly defaultSession: Session };
}
