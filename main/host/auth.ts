/**
 * The host's access token: 32 random bytes per launch. Loopback is not a boundary on a shared
 * machine (any local user or a web page's fetch can reach 127.0.0.1), so without the token the
 * host serves nothing at all, not even index.html.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
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

export function hasToken(req: IncomingMessage, token: string, port: number): boolean {
  return sameToken(cookieValue(req, cookieName(port)), token) || sameToken(bearer(req), token);
}

export function tokenCookie(token: string, port: number): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
