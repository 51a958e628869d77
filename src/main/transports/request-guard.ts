import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import os from 'node:os';

/**
 * Checks every request and upgrade makes before anything else reads it. Nothing here
 * throws: a malformed request is answered with a status and a reason (docs/security.md).
 */

export interface RequestTarget {
  pathname: string;
  /** The decoded path ("/assets/a b.js"). */
  decodedPath: string;
  searchParams: URLSearchParams;
}

/**
 * The request target in origin form ("/path?query"), or null when it is anything else:
 * absolute form ("http://a:b:c/"), "*", a malformed percent-escape, or a NUL byte.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//')) return null;
  try {
    const url = new URL(raw, 'http://localhost');
    const decodedPath = decodeURIComponent(url.pathname);
    if (decodedPath.includes('\0')) return null;
    return { pathname: url.pathname, decodedPath, searchParams: url.searchParams };
  } catch {
    return null;
  }
}

/** The hostname of a Host header ("127.0.0.1:5480" → "127.0.0.1", "[::1]:80" → "::1"), lower-cased; null when malformed. */
export function hostnameOf(host: string | undefined): string | null {
  if (!host) return null;
  const h = host.trim().toLowerCase();
  const m = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h) ?? /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return m?.[1] ?? null;
}

export interface OriginPolicy {
  /** Extra host names (besides IP literals, localhost and this machine's name) the UI may be reached by. */
  allowedHosts: readonly string[];
}

/**
 * Host check against DNS rebinding: a page on attacker.example that re-resolves to
 * 127.0.0.1 still sends `Host: attacker.example`. IP literals, localhost, this machine's
 * name (and its .local mDNS name) and the names given with --allow-host pass.
 */
export function hostAllowed(req: IncomingMessage, policy: OriginPolicy): boolean {
  const name = hostnameOf(req.headers.host);
  if (!name) return false;
  if (isIP(name) || name === 'localhost' || name.endsWith('.localhost')) return true;
  const machine = os.hostname().toLowerCase();
  return name === machine || name === `${machine}.local` || policy.allowedHosts.some((h) => h.toLowerCase() === name);
}

/**
 * Same-origin check for the WebSocket upgrade. Browsers always send Origin on a
 * WebSocket handshake, so a page elsewhere (or a sandboxed frame, Origin "null") is
 * refused even when it knows the token. No Origin at all means a non-browser client
 * (a script, the tests), which the token alone admits.
 */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host?.trim().toLowerCase();
  if (!host) return false;
  const o = origin.trim().toLowerCase();
  return o === `http://${host}` || o === `https://${host}`;
}
