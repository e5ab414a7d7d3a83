/**
 * The set-up most e2e files repeat, once: a temporary site with the test users (tests/support/ipc),
 * data entered through IPC first, a browser host, Chromium and a page logged in as one user, all
 * started in beforeAll and closed in afterAll of the describe block that calls it.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Host } from '../../main/host/server';
import { createAppState, type AppState } from '../../main/ipc/app-state';
import type { Role } from '../../shared/roles';
import { CHEAP_KDF, PASSWORD, USERS, loginAs as ipcLogin, must, siteWithUsers } from '../support/ipc';
import { launch, loginAs, openApp, startTestHost, tempDir } from './harness';

export interface SiteApp {
  readonly dir: string;
  readonly state: AppState;
  readonly host: Host;
  readonly browser: Browser;
  readonly page: Page;
  /** console and page errors seen so far */
  readonly errors: string[];
}

export interface SiteAppOptions {
  /** Entered through IPC, logged in as `seedAs` (coordinator), before the host starts. */
  seed?: (state: AppState) => Promise<void>;
  seedAs?: Role;
  /** The user the page logs in as (coordinator); null: the page stays on the login screen. */
  user?: Role | null;
}

/** Call inside a describe block; the fields are there once its beforeAll ran. */
export function siteApp(prefix: string, o: SiteAppOptions = {}): SiteApp {
  const tmp = tempDir(prefix);
  const state = createAppState({ dataDir: tmp.dir, kdf: CHEAP_KDF });
  let host: Host | undefined;
  let browser: Browser | undefined;
  let opened: { page: Page; errors: string[] } | undefined;
  beforeAll(async () => {
    await siteWithUsers(tmp.dir, state);
    if (o.seed) {
      await ipcLogin(state, o.seedAs ?? 'coordinator');
      await o.seed(state);
      await must(state, 'auth.logout', {});
    }
    host = await startTestHost(tmp.dir);
    browser = await launch();
    opened = await openApp(browser, host.url);
    opened.page.setDefaultTimeout(15_000);
    const user = o.user === undefined ? 'coordinator' : o.user;
    if (user) await loginAs(opened.page, USERS[user], PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    tmp.cleanup();
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('siteApp: used before its beforeAll ran');
    return v;
  };
  return {
    dir: tmp.dir,
    state,
    get host() {
      return ready(host);
    },
    get browser() {
      return ready(browser);
    },
    get page() {
      return ready(opened).page;
    },
    get errors() {
      return ready(opened).errors;
    },
  };
}
