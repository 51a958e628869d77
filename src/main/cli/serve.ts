import { createCore } from '../core';
import { defaultPaths } from '../core/paths';
import { startServeTransport } from '../transports/ws';
import { installLastResort } from './last-resort';

/** Runs until SIGINT/SIGTERM; returns -1 so main() does not exit the process early. */
export async function runServe(
  dataDir: string,
  opts: { port: string | undefined; host: string | undefined; allowHosts?: string[] },
): Promise<number> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port === undefined ? 5480 : Number.parseInt(opts.port, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got "${opts.port}"`);
  const core = await createCore({ dataDir, mode: 'serve' });
  // Only here, in the long-running server: tests of the core and transport fail on an uncaught error instead.
  installLastResort(process, core.log);
  let handle;
  try {
    handle = await startServeTransport(core, { host, port, rendererDir: defaultPaths.renderer(), allowedHosts: opts.allowHosts ?? [] });
  } catch (err) {
    await core.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(`port ${port} is in use; pass --port N (or 0 for any free port)`);
    throw err;
  }
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    process.stdout.write(
      `WARNING: bound to ${host}: other machines on your network can reach this server (the token is still required).\n`,
    );
  }
  process.stdout.write(`miStudio is serving ${dataDir}\nOpen: ${handle.url}\n`);
  const stop = async () => {
    process.stdout.write('Stopping…\n');
    await handle.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return -1;
}
