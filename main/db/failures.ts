/**
 * Wrong-password counters in the key file. A failed login knows no secret, so these cannot be
 * signed; instead every entry is checked strictly, and anything malformed or implausible (a
 * `last` that is not a time, forged `pending` rows, a count that does not fit) is treated as the
 * strictest lockout and reported in the audit trail at the next successful login, never copied
 * into it as login rows.
 */
import { z } from 'zod';
import type { KeyFile } from './keyslots';

import { lockoutSeconds, MAX_FAILURES } from '../../shared/lockout';

/** the longest wait: what a tampered counter costs */
export const MAX_WAIT_SECONDS = 900;
const MAX_PENDING = 50;

const iso = z.iso.datetime({ offset: false });
const entrySchema = z
  .object({
    count: z.number().int().min(0).max(1_000_000),
    last: iso,
    pending: z.array(iso).max(MAX_PENDING),
    /** why a previous entry was rejected (reported at the next login) */
    tampered: z.string().max(200).optional(),
  })
  .strict();
export type FailureEntry = z.infer<typeof entrySchema>;

/** The entry if it is well-formed and consistent, else the reason it is not. */
export function checkEntry(raw: unknown, now: Date): { entry: FailureEntry } | { problem: string } {
  const p = entrySchema.safeParse(raw);
  if (!p.success) {
    const i = p.error.issues[0]!;
    return { problem: `${i.path.join('.') || 'entry'}: ${i.message}` };
  }
  const e = p.data;
  const last = Date.parse(e.last);
  // A clock skew of a few minutes is tolerated; a time in the future would shorten nothing but is not ours.
  if (last > now.getTime() + 5 * 60_000) return { problem: 'last: in the future' };
  if (e.pending.length > e.count) return { problem: 'pending: more failures pending than counted' };
  for (const at of e.pending) {
    const t = Date.parse(at);
    if (t > last) return { problem: 'pending: a failure after the last one' };
  }
  for (let i = 1; i < e.pending.length; i++)
    if (e.pending[i]! < e.pending[i - 1]!) return { problem: 'pending: not in time order' };
  return { entry: e };
}

/** The strictest state: locked out for the longest wait, counted from now. */
export function strictest(now: Date, problem: string): FailureEntry {
  return { count: MAX_FAILURES + 10, last: now.toISOString(), pending: [], tampered: problem };
}

/** Seconds until the user may try again. A malformed entry locks for the longest wait. */
export function retryAfter(kf: KeyFile, username: string, now: Date): number {
  const raw = kf.failures[username.toLowerCase()];
  if (raw === undefined) return 0;
  const c = checkEntry(raw, now);
  if ('problem' in c) {
    kf.failures[username.toLowerCase()] = strictest(now, c.problem);
    return MAX_WAIT_SECONDS;
  }
  return lockoutSeconds(Math.min(c.entry.count, MAX_FAILURES + 10), Date.parse(c.entry.last), now.getTime());
}

export function withFailure(kf: KeyFile, username: string, now: Date): void {
  const k = username.toLowerCase();
  const c = kf.failures[k] === undefined ? null : checkEntry(kf.failures[k], now);
  const f: FailureEntry =
    c === null
      ? { count: 0, last: now.toISOString(), pending: [] }
      : 'entry' in c
        ? c.entry
        : strictest(now, c.problem);
  f.count += 1;
  f.last = now.toISOString();
  // Kept until the next successful unlock writes them into the audit trail (bounded).
  f.pending = [...f.pending, now.toISOString()].slice(-MAX_PENDING);
  kf.failures[k] = f;
}

/** What the next successful login writes into the trail: real failures as rows, tampering as one report each. */
export function pendingReports(
  kf: KeyFile,
  now: Date,
): { failed: { at: string; user: string }[]; tampered: { user: string; problem: string }[] } {
  const failed: { at: string; user: string }[] = [];
  const tampered: { user: string; problem: string }[] = [];
  for (const [user, raw] of Object.entries(kf.failures)) {
    const c = checkEntry(raw, now);
    if ('problem' in c) tampered.push({ user, problem: c.problem });
    else {
      if (c.entry.tampered) tampered.push({ user, problem: c.entry.tampered });
      for (const at of c.entry.pending) failed.push({ at, user });
    }
  }
  return { failed, tampered };
}

/** After the reports are written: nothing pending; the user who logged in starts from zero. */
export function clearReported(kf: KeyFile, username: string, now: Date): void {
  for (const [user, raw] of Object.entries(kf.failures)) {
    const c = checkEntry(raw, now);
    kf.failures[user] =
      'entry' in c ? { count: c.entry.count, last: c.entry.last, pending: [] } : strictest(now, c.problem);
    // A reported tampering keeps its lockout but is not reported twice.
    if ('problem' in c) delete (kf.failures[user] as FailureEntry).tampered;
  }
  delete kf.failures[username.toLowerCase()];
}
