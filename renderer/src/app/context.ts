import { createContext, useContext } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import type { Study } from '../../../shared/protocol/load';

export type SessionInfo = NonNullable<ChannelOutput<'auth.session'>>;

export interface AppContextValue {
  session: SessionInfo;
  study: Study;
  /** Lock now (Lock button, Ctrl+L, idle timer). */
  lock(): void;
  logout(): void;
  updateSession(s: SessionInfo): void;
  /** Brief, polite confirmation at the bottom of the screen. */
  notify(message: string, severity?: 'success' | 'info' | 'warning' | 'error'): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside the app');
  return v;
}
