/**
 * What one running app instance holds between calls: where its site databases live, the one
 * logged-in user (as on the desktop: one person at the keyboard), whether the screen is locked,
 * and the progress of a running export (polled by `export.progress`).
 */
import type { KdfParams } from '../db/keyslots';
import type { SiteSession } from '../services/session';
import type { HeldReview } from './review-channel';

export interface ExportProgress {
  running: boolean;
  done: number;
  total: number;
  phase: string;
}

export interface AppState {
  readonly dataDir: string;
  session: SiteSession | null;
  /** Name (not path) of the open database, as listed by `app.status`. */
  open: string | null;
  /** Idle lock, lock on demand or OS suspend: the session stays open but answers nothing until unlocked. */
  locked: boolean;
  /** Wrong passwords in a row at the lock screen: five delay the next try, as at login. */
  unlockFailures: { count: number; last: number };
  /** Last call that counts as the user being present (polling does not). */
  lastActivity: number;
  exportProgress: ExportProgress;
  /**
   * The free-text review last shown on the export screen (review-channel.ts), for the session
   * that asked for it: a safe-harbor-text export applies its decisions against exactly this.
   */
  review: HeldReview | null;
  /** Tests only: a cheap scrypt for new databases. Never settable from a channel. */
  readonly kdf?: KdfParams;
  readonly clock: () => Date;
  /** Called when main locks the session by itself (idle), so a shell can tell its window. */
  onLock?: () => void;
}

export interface AppStateOptions {
  dataDir: string;
  kdf?: KdfParams;
  clock?: () => Date;
}

export const IDLE_EXPORT: ExportProgress = { running: false, done: 0, total: 0, phase: 'idle' };

export function createAppState(o: AppStateOptions): AppState {
  const clock = o.clock ?? (() => new Date());
  return {
    dataDir: o.dataDir,
    session: null,
    open: null,
    locked: false,
    unlockFailures: { count: 0, last: 0 },
    lastActivity: clock().getTime(),
    exportProgress: { ...IDLE_EXPORT },
    review: null,
    kdf: o.kdf,
    clock,
  };
}
