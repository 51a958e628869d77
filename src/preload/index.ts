/**
 * The only thing the sandboxed renderer can reach: one typed object on
 * `window.mistudio` that `satisfies` the contract's BridgeApi. No raw ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeApi, EventMap, EventName } from '../shared/contract';
import { IPC_EVENT, IPC_INVOKE } from '../shared/wire';

const api = {
  invoke: (method, args) => ipcRenderer.invoke(IPC_INVOKE, method, args),
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
    const handler = (_e: unknown, name: string, payload: unknown) => {
      if (name === event) listener(payload as EventMap[E]);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
} satisfies BridgeApi;

contextBridge.exposeInMainWorld('mistudio', api);
