import { ApiError, type BridgeApi, type MiStudioClient } from '../../shared/contract';
import { createWsBridge } from './ws-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in serve mode. */
    mistudio?: BridgeApi;
  }
}

/** Unwraps envelopes into results or rebuilt ApiErrors: identical over IPC and WebSocket. */
export function createClient(bridge: BridgeApi): MiStudioClient {
  return {
    async invoke(method, args) {
      const env = await bridge.invoke(method, args);
      if (env.ok) return env.result;
      throw new ApiError(env.error.code, env.error.message, env.error.details);
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

let client: MiStudioClient | null = null;

/** Electron: the preload's bridge. Browser (serve mode): a WebSocket with the URL's token. */
export function getClient(): MiStudioClient {
  client ??= createClient(window.mistudio ?? createWsBridge(window.location));
  return client;
}
