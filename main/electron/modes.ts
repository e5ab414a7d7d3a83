/**
 * What the one window is showing: the site's databases (the default) or a sponsor store opened
 * with File > Open sponsor store… (or `--store FILE` at launch). The two contracts never answer
 * at once, as in the browser hosts: in sponsor mode every site channel is "no such channel" and
 * the site session is logged out first, so no site data stays reachable behind the store.
 */
import { CrfError } from '../../shared/errors';
import type { IpcResult } from '../../shared/ipc/contract';
import { openSponsorMode, type SponsorMode, type SponsorModeOptions } from '../host/sponsor-mode';
import type { AppState } from '../ipc/app-state';
import { dispatch, type DispatchOptions } from '../ipc/dispatch';

export interface ShellModes {
  /** The open store's path, or null in site mode. */
  readonly storePath: string | null;
  siteCall(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  sponsorCall(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  /** Logs the site session out, closes any store, opens this one. Throws what the store refused. */
  openStore(path: string): Promise<void>;
  /** Back to the site's databases (after the call in flight). */
  closeStore(): Promise<void>;
}

export interface ShellModesOptions {
  dispatch?: DispatchOptions;
  sponsor?: SponsorModeOptions;
}

const noChannel = (channel: string, where: string): IpcResult<never> => ({
  ok: false,
  error: new CrfError({
    code: 'NOT_FOUND',
    field: 'channel',
    rule: 'channel',
    message: `There is no channel ${channel.slice(0, 64)} ${where}`,
  }).toData(),
});

export function createShellModes(state: AppState, o: ShellModesOptions = {}): ShellModes {
  let sponsor: SponsorMode | null = null;

  const closeStore = async () => {
    const s = sponsor;
    sponsor = null;
    if (s) await s.close();
  };

  return {
    get storePath() {
      return sponsor?.storePath ?? null;
    },
    siteCall: (channel, input) =>
      sponsor ? Promise.resolve(noChannel(channel, 'in sponsor mode')) : dispatch(state, channel, input, o.dispatch),
    sponsorCall: (channel, input) =>
      sponsor ? sponsor.call(channel, input) : Promise.resolve(noChannel(channel, 'in site mode')),
    async openStore(path) {
      // The site's own logout (audited; refused while an export runs), before anything is opened:
      // a refusal leaves the window as it was.
      if (state.session) {
        const out = await dispatch(state, 'auth.logout', {}, o.dispatch);
        if (!out.ok) throw new Error(out.error.message);
      }
      const next = await openSponsorMode(path, o.sponsor);
      await closeStore();
      sponsor = next;
    },
    closeStore,
  };
}
