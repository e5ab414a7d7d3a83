/**
 * The typed client generated from the contract. A transport sends (channel, input) and gets
 * a result; the renderer never knows whether it talks to Electron's IPC or the browser host.
 */
import type { Channel, ChannelInput, ChannelOutput, IpcError, IpcResult } from './contract';
import { CHANNELS } from './contract';

export type Transport = (channel: Channel, input: unknown) => Promise<IpcResult<unknown>>;

export class IpcCallError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message);
    this.name = 'IpcCallError';
  }
}

export type Client = { [C in Channel]: (input: ChannelInput<C>) => Promise<ChannelOutput<C>> };

export function createClient(transport: Transport): Client {
  const client = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const c of CHANNELS) {
    client[c] = async (input: unknown) => {
      const r = await transport(c, input ?? {});
      if (!r.ok) throw new IpcCallError(r.error);
      return r.value;
    };
  }
  return client as unknown as Client;
}
