import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core';
import type { ClientFrame, ServerFrame } from '../../shared/wire';
import { ThrottledLog } from './refusal-log';
import { hostAllowed, hostnameOf, originAllowed, parseRequestTarget } from './request-guard';
import { answer, serveStatic } from './static-files';

export interface ServeOptions {
  host: string;
  port: number;
  /** Random per run unless given (tests). Required on every WebSocket connection. */
  token?: string;
  rendererDir: string;
  /** Host names besides IP literals, localhost and this machine's name that the UI may be opened at (--allow-host). */
  allowedHosts?: string[];
}

export interface ServeHandle {
  url: string;
  token: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Largest client frame (a call's JSON); bigger frames close that connection with 1009. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** A client that stops reading events is dropped once this much is queued for it. */
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** An HTTP answer written on a raw (upgrade) socket, then closed; never throws. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) {
    const body = `${reason}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const remoteOf = (req: IncomingMessage) => req.socket.remoteAddress ?? '?';

/**
 * Serve mode (docs/architecture.md, docs/security.md): the built renderer over HTTP and
 * the contract over a WebSocket at /api?token=…. Every malformed request gets a 4xx and
 * nothing a client sends can throw out of these handlers: each socket has an `error`
 * listener, the upgrade checks path, Host, Origin and token before any frame is read.
 */
export async function startServeTransport(core: Core, options: ServeOptions): Promise<ServeHandle> {
  const token = options.token ?? newToken();
  const policy = { allowedHosts: options.allowedHosts ?? [] };
  const noisy = new ThrottledLog(core.log);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const server = createServer((req, res) => {
    try {
      serveStatic(options.rendererDir, req, res);
    } catch (err) {
      core.log.error(`static request ${JSON.stringify(req.url?.slice(0, 200))} failed: ${err instanceof Error ? err.stack : String(err)}`);
      answer(res, 500, 'Internal error.');
    }
  });
  // Malformed request lines and headers (Node's parser rejects them): answer, close, carry on.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    if (err.code === 'ECONNRESET' || !socket.writable) socket.destroy();
    else refuseUpgrade(socket, status, 'Bad request.');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops its own socket error handling on upgrade; without this a reset kills the process.
    socket.on('error', () => socket.destroy());
    try {
      const target = parseRequestTarget(req.url);
      if (!target) return refuseUpgrade(socket, 400, 'Bad request: the request target is not a valid path.');
      if (target.pathname !== '/api') return refuseUpgrade(socket, 404, 'Not found.');
      if (!hostAllowed(req, policy)) {
        noisy.warn(
          'unknown Host',
          `refused a WebSocket connection from ${remoteOf(req)}: Host "${hostnameOf(req.headers.host) ?? req.headers.host ?? ''}" is not this server (pass --allow-host NAME to allow it)`,
        );
        return refuseUpgrade(socket, 403, 'Forbidden: unknown Host.');
      }
      if (!originAllowed(req)) {
        noisy.warn(
          'foreign Origin',
          `refused a WebSocket connection from ${remoteOf(req)}: Origin "${String(req.headers.origin).slice(0, 200)}" is not the served UI`,
        );
        return refuseUpgrade(socket, 403, 'Forbidden: cross-origin connection.');
      }
      if (!tokenMatches(target.searchParams.get('token'), token)) {
        noisy.warn('missing or wrong token', `refused a WebSocket connection from ${remoteOf(req)} (missing or wrong token)`);
        return refuseUpgrade(socket, 401, 'Unauthorized: missing or wrong token.');
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch (err) {
      core.log.error(`WebSocket upgrade failed: ${err instanceof Error ? err.stack : String(err)}`);
      refuseUpgrade(socket, 400, 'Bad request.');
    }
  });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_QUEUED_BYTES) {
        noisy.warn('client not reading', `dropped a WebSocket client at ${remoteOf(req)}: ${ws.bufferedAmount} bytes queued and unread`);
        ws.terminate();
        return;
      }
      let text: string;
      try {
        text = JSON.stringify(frame);
      } catch (err) {
        const id = frame.type === 'result' ? frame.id : null;
        text = JSON.stringify({
          type: 'result',
          id,
          envelope: { ok: false, error: { code: 'INTERNAL', message: `The answer could not be encoded: ${(err as Error).message}` } },
        });
      }
      ws.send(text, () => undefined); // a failed write surfaces as 'error' below
    };
    const unsubscribe = core.events.onAny((event, payload) => send({ type: 'event', event, payload }));
    // Frames over maxPayload, invalid UTF-8, bad opcodes, resets: ws reports them here and closes this connection only.
    ws.on('error', (err: Error & { code?: string }) => {
      noisy.warn(
        `protocol error ${err.code ?? ''}`,
        `closed a WebSocket connection from ${remoteOf(req)} after a protocol error: ${err.message}`,
      );
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      void handleFrame(core, send, data, isBinary).catch((err: unknown) => {
        core.log.error(`WebSocket frame handling failed: ${err instanceof Error ? err.stack : String(err)}`);
      });
    });
    ws.on('close', unsubscribe);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listen: a server-level error (EMFILE on accept…) is logged, not fatal.
  server.on('error', (err) => core.log.error(`HTTP server error: ${err.message}`));
  const port = (server.address() as AddressInfo).port;
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${displayHost}:${port}/?token=${token}`,
    token,
    port,
    server,
    async close() {
      noisy.flush();
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // keep-alive sockets of open tabs would otherwise hold close() open
      await closed;
    },
  };
}

async function handleFrame(
  core: Core,
  send: (f: ServerFrame) => void,
  data: Buffer | ArrayBuffer | Buffer[],
  isBinary: boolean,
): Promise<void> {
  let frame: ClientFrame;
  try {
    if (isBinary) throw new Error('binary frames are not part of the protocol; send JSON text');
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed: unknown = JSON.parse(text);
    const f = parsed as Partial<ClientFrame> | null;
    if (
      !f ||
      typeof f !== 'object' ||
      f.type !== 'invoke' ||
      typeof f.id !== 'number' ||
      !Number.isFinite(f.id) ||
      typeof f.method !== 'string'
    ) {
      throw new Error('expected {"type":"invoke","id":<number>,"method":<string>,"args":…}');
    }
    frame = f as ClientFrame;
  } catch (err) {
    send({
      type: 'result',
      id: null,
      envelope: { ok: false, error: { code: 'VALIDATION', message: `Malformed frame: ${(err as Error).message}` } },
    });
    return;
  }
  send({ type: 'result', id: frame.id, envelope: await core.dispatch(frame.method, frame.args) });
}
