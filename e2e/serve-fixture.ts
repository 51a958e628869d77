import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';

export interface ServedApp {
  url: string;
  dataDir: string;
  /** Stops the server (SIGTERM) and starts a new one on the same data dir. */
  restart(): Promise<void>;
}

/** Servers being stopped on purpose (their exit is not reported as a crash). */
const stopping = new WeakSet<ChildProcess>();

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/mistudio.js', 'serve', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL in 30 s:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Open: (http\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => {
      reject(new Error(`serve exited (${code}):\n${out}`));
      // After start-up the promise is settled: a server that dies mid-test says so, with its last output.
      if (!stopping.has(child))
        console.error(`serve exited mid-test (code ${code}, signal ${signal}); its last output:\n${out.slice(-4000)}`);
    });
  });
}

/** SIGTERM (the app stops its jobs at a step boundary, then exits); SIGKILL after 60 s, said aloud. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  stopping.add(child);
  await new Promise<void>((resolve) => {
    const t0 = Date.now();
    const timer = setTimeout(() => {
      console.warn(`serve did not exit within 60 s of SIGTERM; killing it`);
      child.kill('SIGKILL');
    }, 60_000);
    child.once('exit', () => {
      clearTimeout(timer);
      if (Date.now() - t0 > 10_000) console.warn(`serve took ${((Date.now() - t0) / 1000).toFixed(1)} s to stop`);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Each test gets `mistudio serve` on its own fresh data dir (deleted afterwards). */
export const test = base.extend<{ app: ServedApp }>({
  app: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mistudio-e2e-'));
    let server = await startServer(dataDir);
    const app: ServedApp = {
      get url() {
        return server.url;
      },
      dataDir,
      async restart() {
        await stopServer(server.child);
        server = await startServer(dataDir);
      },
    };
    await use(app);
    await stopServer(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';

export const SCREENSHOT_DIR = path.join('test-results', 'screenshots');
