/**
 * dispatch(channel, raw input) → a result, never a thrown error: custom error classes do not
 * survive Electron's IPC and a browser only sees JSON. Both transports call this and nothing else.
 */
import { CrfError, isCrfError } from '../../shared/errors';
import { contract, CHANNELS, type Channel, type IpcResult } from '../../shared/ipc/contract';
import { sqliteFault } from '../db/sqlite-faults';
import { currentUser } from '../services/users';
import type { AppState } from './app-state';
import { isPublic, publicHandlers, sessionHandlers } from './handlers';
import { parseInput } from './validate';

export interface DispatchOptions {
  /** Dev and tests: check every answer against the channel's output schema. */
  checkOutput?: boolean;
  log?: (line: string) => void;
}

/** Polling calls do not count as the user being at the keyboard. */
const PASSIVE = new Set<Channel>(['app.status', 'auth.session', 'export.progress']);

const isChannel = (c: unknown): c is Channel => typeof c === 'string' && Object.hasOwn(contract, c);

/** The idle lock of architecture.md, enforced here too: a renderer that forgot its timer still locks. */
function applyIdleLock(state: AppState): void {
  const s = state.session;
  if (!s || state.locked) return;
  const minutes = currentUser(s).lockMinutes;
  if (state.clock().getTime() - state.lastActivity > minutes * 60_000) {
    state.locked = true;
    state.onLock?.();
  }
}

/**
 * No message, no values: an exception's message may quote data (a subject's name in a SQL
 * error, a value in a parse error), and stderr ends up in support e-mails.
 */
export function describeInternal(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const raw = (e as Error & { code?: unknown }).code;
  const code = typeof raw === 'string' && /^[A-Z0-9_]{1,40}$/.test(raw) ? ` ${raw}` : '';
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 8);
  return [`${e.name}${code}`, ...frames].join('\n');
}

const defaultLog = (line: string) => process.stderr.write(line + '\n');

export async function dispatch(
  state: AppState,
  channel: unknown,
  raw: unknown,
  opts: DispatchOptions = {},
): Promise<IpcResult<unknown>> {
  const log = opts.log ?? defaultLog;
  const name = isChannel(channel) ? channel : '(unknown)';
  try {
    if (!isChannel(channel)) {
      const shown = typeof channel === 'string' ? channel.slice(0, 64) : typeof channel;
      throw new CrfError({
        code: 'NOT_FOUND',
        field: 'channel',
        rule: 'channel',
        message: `There is no channel ${shown}`,
      });
    }
    const def = contract[channel];
    applyIdleLock(state);
    let value: unknown;
    if (isPublic(channel)) {
      const input = parseInput(def.input, raw);
      if (!PASSIVE.has(channel)) state.lastActivity = state.clock().getTime();
      value = await (publicHandlers[channel] as (i: unknown, st: AppState) => unknown)(input, state);
    } else {
      const s = state.session;
      if (!s) throw new CrfError({ code: 'SESSION', message: 'Please log in first' });
      if (state.locked)
        throw new CrfError({
          code: 'SESSION',
          rule: 'locked',
          message: 'The session is locked: enter your password to unlock it',
        });
      const input = parseInput(def.input, raw);
      if (!PASSIVE.has(channel)) state.lastActivity = state.clock().getTime();
      value = await (sessionHandlers[channel] as (i: unknown, ctx: { state: AppState; s: typeof s }) => unknown)(
        input,
        { state, s },
      );
    }
    if (opts.checkOutput) {
      const r = def.output.safeParse(value);
      if (!r.success) {
        log(
          `[sitecrf] output of ${channel} does not match its schema: ${r.error.issues
            .slice(0, 5)
            .map((i) => `${i.path.join('.')} ${i.code}`)
            .join('; ')}`,
        );
        return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
      }
    }
    return { ok: true, value };
  } catch (e) {
    if (isCrfError(e)) return { ok: false, error: e.toData() };
    const fault = sqliteFault(e);
    if (fault) {
      // The operator reads the host's log: a full disk or a read-only folder is theirs to fix.
      if (fault.code !== 'BUSY') log(`[sitecrf] ${name} refused: ${fault.message}`);
      return { ok: false, error: fault.toData() };
    }
    log(`[sitecrf] internal error on ${name}: ${describeInternal(e)}`);
    return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
  }
}

export type IpcHandlers = Record<Channel, (input: unknown) => Promise<IpcResult<unknown>>>;

/** The table as one function per channel, for transports that register channels one by one. */
export function createIpcHandlers(state: AppState, opts: DispatchOptions = {}): IpcHandlers {
  return Object.fromEntries(
    CHANNELS.map((c) => [c, (input: unknown) => dispatch(state, c, input, opts)]),
  ) as IpcHandlers;
}
