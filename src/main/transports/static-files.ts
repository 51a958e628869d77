import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { parseRequestTarget } from './request-guard';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Same policy as the Electron window: our own scripts only, WebSocket back to this host. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** A short plain-text answer (errors): never throws, even on a socket already gone. */
export function answer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', connection: 'close' });
  res.end(text);
}

/**
 * Serves the built renderer; unknown paths get index.html (client-side routes). A target
 * that is not a clean origin-form path (absolute form, bad percent-escape, NUL) is a 400;
 * only GET and HEAD are served.
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const target = parseRequestTarget(req.url);
  if (!target) return answer(res, 400, 'Bad request: the request target is not a valid path.');
  if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, `Method ${req.method ?? '?'} not allowed.`);
  let rel = target.decodedPath;
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, '.' + rel);
  const inside = file === root || file.startsWith(root + path.sep);
  const wanted = inside && isFile(file) ? file : path.join(root, 'index.html');
  if (!isFile(wanted)) return answer(res, 503, `The renderer is not built (${root} has no index.html). Run: npm run build`);
  res.writeHead(200, {
    'content-type': TYPES[path.extname(wanted)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    // The page URL carries the token: never send it on as a Referer.
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // A file removed between the check and the read must end this response, not the process.
  createReadStream(wanted)
    .on('error', () => res.destroy())
    .pipe(res);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
