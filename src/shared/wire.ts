/**
 * What crosses the process boundary between the renderer and main (docs/architecture.md "One
 * contract, two transports"): the two Electron IPC channel names the preload bridge uses, and
 * the WebSocket frames of serve mode. Defined once here; main's transports, the preload and the
 * renderer import them.
 */
import type { Envelope } from './contract/errors';

/** IPC channel names (Electron). Only these two cross the bridge. */
export const IPC_INVOKE = 'mistudio:invoke';
export const IPC_EVENT = 'mistudio:event';

/** WebSocket frames (serve mode): the browser sends invokes, the server answers with results and pushes events. */
export type ClientFrame = { type: 'invoke'; id: number; method: string; args: unknown };
export type ServerFrame =
  { type: 'result'; id: number | null; envelope: Envelope<unknown> } | { type: 'event'; event: string; payload: unknown };
