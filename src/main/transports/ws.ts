import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core';
import type { ClientFrame, ServerFrame } from './channels';
import { serveStatic } from './static-files';

export interface ServeOptions {
  host: string;
  port: number;
  /** Random per run unless given (tests). Required on every WebSocket connection. */
  token?: string;
  rendererDir: string;
}

export interface ServeHandle {
  url: string;
  token: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serve mode (DESIGN §1): the built renderer over HTTP and the contract over a
 * WebSocket at /api?token=…. A connection without the right token is refused at the
 * HTTP upgrade — it never sees a frame.
 */
export async function startServeTransport(core: Core, options: ServeOptions): Promise<ServeHandle> {
  const token = options.token ?? newToken();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const server = createServer((req, res) => serveStatic(options.rendererDir, req, res));

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api' || !tokenMatches(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      core.log.warn(`refused a WebSocket connection from ${req.socket.remoteAddress ?? '?'} (missing or wrong token)`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = core.events.onAny((event, payload) => send({ type: 'event', event, payload }));
    ws.on('message', async (data) => {
      let frame: ClientFrame;
      try {
        frame = JSON.parse(data.toString()) as ClientFrame;
        if (frame?.type !== 'invoke' || typeof frame.id !== 'number') throw new Error('not an invoke frame');
      } catch (err) {
        send({ type: 'result', id: null, envelope: { ok: false, error: { code: 'VALIDATION', message: `Malformed frame: ${(err as Error).message}` } } });
        return;
      }
      send({ type: 'result', id: frame.id, envelope: await core.dispatch(frame.method, frame.args) });
    });
    ws.on('close', unsubscribe);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${displayHost}:${port}/?token=${token}`,
    token,
    port,
    server,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // keep-alive sockets of open tabs would otherwise hold close() open
      await closed;
    },
  };
}
