/**
 * Names shared by the shell and its preload. The renderer is served from app://sitecrf/, a
 * privileged standard scheme: a real origin (unlike file://), and nothing else may call main.
 */
export const IPC_PREFIX = 'sitecrf:';
/** Main → renderer: the session was locked (idle, OS suspend or screen lock). */
export const LOCKED_EVENT = 'sitecrf:locked';
export const APP_SCHEME = 'app';
export const APP_HOST = 'sitecrf';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** URL.origin is "null" for custom schemes in Node, so compare scheme and host instead. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
