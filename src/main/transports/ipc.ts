import type { Core } from '../core';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/wire';

/** The parts of Electron's ipcMain / webContents we use (keeps this file Electron-free). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}
export interface WebContentsLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Electron transport: one invoke channel into `core.dispatch`, one event channel out. */
export function attachIpcTransport(core: Core, ipcMain: IpcMainLike, targets: () => WebContentsLike[]): () => void {
  ipcMain.handle(IPC_INVOKE, (_event, method, args) => core.dispatch(String(method), args));
  const unsubscribe = core.events.onAny((event, payload) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(IPC_EVENT, event, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
