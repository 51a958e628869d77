import type { BridgeApi, Envelope, EventMap, EventName } from '../../shared/contract';
import type { ClientFrame, ServerFrame } from '../../shared/wire';

type Pending = { resolve: (env: Envelope<unknown>) => void };
type Listener = (payload: unknown) => void;

const TOKEN_KEY = 'mistudio.token';

/** The token from ?token=… (kept for reloads in sessionStorage, never in localStorage). */
export function readToken(location: Location): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
  return fromUrl ?? sessionStorage.getItem(TOKEN_KEY);
}

/**
 * Serve mode's transport. Reconnects with backoff; calls made while disconnected wait
 * for the connection (up to 30 s), then fail with a clear envelope.
 */
export function createWsBridge(location: Location): BridgeApi {
  const token = readToken(location);
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api?token=${encodeURIComponent(token ?? '')}`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<Listener>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let open: Promise<WebSocket> | null = null;
  let retryMs = 250;

  const fail = (message: string): Envelope<never> => ({ ok: false, error: { code: 'UNAUTHORIZED', message } });

  function connect(): Promise<WebSocket> {
    open ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => reject(new Error('connection timed out')), 30_000);
      ws.onopen = () => {
        clearTimeout(timer);
        retryMs = 250;
        socket = ws;
        resolve(ws);
      };
      ws.onmessage = (msg) => {
        // The server speaks ServerFrame (src/shared/wire.ts); a frame of any other shape is dropped below.
        const frame = JSON.parse(String(msg.data)) as ServerFrame;
        if (frame.type === 'result' && typeof frame.id === 'number') {
          pending.get(frame.id)?.resolve(frame.envelope);
          pending.delete(frame.id);
        } else if (frame.type === 'event' && frame.event) {
          listeners.get(frame.event)?.forEach((l) => l(frame.payload));
        }
      };
      ws.onclose = () => {
        clearTimeout(timer);
        socket = null;
        open = null;
        for (const [id, p] of pending) {
          p.resolve(fail('Lost the connection to the miStudio server'));
          pending.delete(id);
        }
        window.dispatchEvent(new CustomEvent('mistudio:disconnected'));
        setTimeout(() => void connect().catch(() => undefined), retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
        reject(new Error(token ? 'connection closed' : 'no token in the URL: open the link `mistudio serve` printed'));
      };
    });
    return open;
  }
  void connect().catch(() => undefined);

  return {
    async invoke(method, args) {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch (err) {
        return fail(`Cannot reach the miStudio server: ${(err as Error).message}`) as never;
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as (env: Envelope<unknown>) => void });
        const invoke: ClientFrame = { type: 'invoke', id, method, args };
        ws.send(JSON.stringify(invoke));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => {
        set.delete(listener as Listener);
      };
    },
  };
}
