/**
 * The sponsor mode's typed client, generated from the sponsor contract over the same transport
 * as the site screens (Electron's preload or the browser host's /api). `detectMode` asks the
 * one question that tells the modes apart: a site host has no `sponsor.info` channel.
 */
import type { IpcError, IpcResult } from '../../../shared/ipc/contract';
import {
  SPONSOR_CHANNELS,
  type SponsorChannel,
  type SponsorInput,
  type SponsorOutput,
} from '../../../shared/ipc/sponsor-contract';
import { IpcCallError } from '../../../shared/ipc/client';
import { pickTransport } from '../transport';

type Call = (channel: string, input: unknown) => Promise<IpcResult<unknown>>;
export type SponsorClient = { [C in SponsorChannel]: (input: SponsorInput<C>) => Promise<SponsorOutput<C>> };

export function createSponsorClient(call: Call): SponsorClient {
  const client = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const c of SPONSOR_CHANNELS)
    client[c] = async (input: unknown) => {
      const r = await call(c, input ?? {});
      if (!r.ok) throw new IpcCallError(r.error);
      return r.value;
    };
  return client as unknown as SponsorClient;
}

// The transports take any channel name at run time; their type names the site contract's.
const call: Call = (channel, input) => pickTransport()(channel as never, input);

export const sponsorApi: SponsorClient = createSponsorClient(call);

export type AppMode = 'sponsor' | 'site';

export async function detectMode(): Promise<AppMode> {
  try {
    const r = await call('sponsor.info', {});
    return r.ok ? 'sponsor' : 'site';
  } catch {
    return 'site';
  }
}

export function sponsorError(e: unknown): IpcError {
  if (e instanceof IpcCallError) return e.error;
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}
