import type { Logger } from '../core/util/logger';

/** The part of `process` the last resort listens on (an EventEmitter in its test). */
export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (err: Error, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * Serve mode's last resort: an exception nothing caught is logged and the server keeps
 * serving, so one bad request cannot turn a running training into `interrupted`.
 * Installed only by the `serve` command, never by the core library: in the unit tests an
 * uncaught exception still fails the run (Vitest reports it), so this does not hide bugs;
 * the transport's own handlers are what keep requests from throwing (docs/security.md).
 */
export function installLastResort(proc: ProcessEvents, log: Logger): { count: () => number } {
  let count = 0;
  const describe = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));
  proc.on('uncaughtException', (err, origin) => {
    count++;
    log.error(`BUG: uncaught ${origin} (kept serving; please report this): ${describe(err)}`);
  });
  proc.on('unhandledRejection', (reason) => {
    count++;
    log.error(`BUG: unhandled promise rejection (kept serving; please report this): ${describe(reason)}`);
  });
  return { count: () => count };
}
