/** The typed client the screens use, with one hook: a SESSION error anywhere shows the lock. */
import { createClient, IpcCallError, type Client } from '../../../shared/ipc/client';
import type { IpcError } from '../../../shared/ipc/contract';
import { pickTransport } from '../transport';

type Listener = (e: IpcError) => void;
const sessionListeners = new Set<Listener>();

export function onSessionError(l: Listener): () => void {
  sessionListeners.add(l);
  return () => sessionListeners.delete(l);
}

const transport = pickTransport();

export const api: Client = createClient(async (channel, input) => {
  const r = await transport(channel, input);
  if (!r.ok && r.error.code === 'SESSION' && channel !== 'auth.unlock' && channel !== 'auth.login')
    for (const l of sessionListeners) l(r.error);
  return r;
});

export function errorOf(e: unknown): IpcError {
  if (e instanceof IpcCallError) return e.error;
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

export function messageOf(e: unknown): string {
  return errorOf(e).message;
}
