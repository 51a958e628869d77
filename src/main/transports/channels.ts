/** IPC channel names (Electron). Only these two cross the bridge. */
export const IPC_INVOKE = 'mistudio:invoke';
export const IPC_EVENT = 'mistudio:event';

/** WebSocket frames (serve mode). */
export type ClientFrame = { type: 'invoke'; id: number; method: string; args: unknown };
export type ServerFrame =
  | { type: 'result'; id: number | null; envelope: unknown }
  | { type: 'event'; event: string; payload: unknown };
