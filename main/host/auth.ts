/**
 * The host's access token: 32 random bytes per launch. Loopback is not a boundary on a shared
 * machine (any local user or a web page's fetch can reach 127.0.0.1), so without the token the
 * host serves nothing at all, not even index.html.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A token handed in (tests, a launcher) must be as hard to guess as a generated one. */
export function checkGivenToken(t: string): string {
  if (!/^[A-Za-z0-9_-]{32,256}$/.test(t))
    throw new Error('SITECRF_TOKEN must be 32–256 characters of A–Z, a–z, 0–9, _ or -');
  return t;
}

/** Cookies ignore the port: two hosts on one machine must not overwrite each other's token. */
export const cookieName = (port: number): string => `sitecrf_token_${port}`;

/**
 * The host's own name under `.localhost` (browsers resolve every `*.localhost` to loopback).
 * Cookies ignore ports, so a cookie set for 127.0.0.1 goes to every server on 127.0.0.1; a cookie
 * set for this name goes only to servers asked for this name, and the name cannot be guessed
 * without the token. Derived from the token so that a fixed SITECRF_TOKEN and SITECRF_PORT give a
 * stable address across restarts, and random per launch otherwise.
 */
export function hostName(token: string): string {
  const h = createHash('sha256').update('sitecrf-host-name\0').update(token).digest('hex');
  return `sitecrf-${h.slice(0, 24)}.localhost`;
}

export function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

/** `cookieOk`: only on the host's own name, where the cookie was set (never on 127.0.0.1). */
export function hasToken(req: IncomingMessage, token: string, port: number, cookieOk: boolean): boolean {
  return (cookieOk && sameToken(cookieValue(req, cookieName(port)), token)) || sameToken(bearer(req), token);
}

export function tokenCookie(token: string, port: number): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
