/**
 * The application menu. File holds the one thing only the shell can do: open a sponsor store
 * from a file chooser, and go back to the site's databases. Edit keeps the platform's copy and
 * paste (on macOS those shortcuts exist only through a menu); there is no View menu, so no
 * reload or devtools shortcut reaches a user.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  inSponsorMode: boolean;
  openStore(): void;
  backToSite(): void;
  quit(): void;
}

export const OPEN_STORE_LABEL = 'Open sponsor store…';
export const BACK_TO_SITE_LABEL = "Back to the site's databases";

export function menuTemplate(
  a: MenuActions,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: OPEN_STORE_LABEL, accelerator: 'CmdOrCtrl+O', click: () => a.openStore() },
      { label: BACK_TO_SITE_LABEL, enabled: a.inSponsorMode, click: () => a.backToSite() },
      { type: 'separator' },
      { label: platform === 'darwin' ? 'Quit SiteCRF' : 'Exit', accelerator: 'CmdOrCtrl+Q', click: () => a.quit() },
    ],
  };
  const template: MenuItemConstructorOptions[] = [file, { role: 'editMenu' }];
  if (platform === 'darwin') template.unshift({ role: 'appMenu' });
  return template;
}
