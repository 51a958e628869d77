import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../core';
import { createTestCore, removeDir, tempDir } from '../../../test/core-helpers';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/wire';
import { attachIpcTransport, type IpcMainLike } from './ipc';
import { startServeTransport, type ServeHandle } from './ws';

let core: Core;
let serve: ServeHandle;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  core = await createTestCore(dir);
  serve = await startServeTransport(core, { host: '127.0.0.1', port: 0, rendererDir: dir });
});
afterAll(async () => {
  await serve.close();
  await core.close();
  removeDir(dir);
});

type Frame = {
  type: string;
  id?: number | null;
  envelope?: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
  event?: string;
};

function connect(query: string): Promise<{ ws: WebSocket; frames: Frame[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/api${query}`);
    const frames: Frame[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Frame));
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, frames: Frame[], id: number, method: string, args: unknown): Promise<Frame> {
  ws.send(JSON.stringify({ type: 'invoke', id, method, args }));
  return new Promise((resolve) => {
    const t = setInterval(() => {
      const f = frames.find((x) => x.type === 'result' && x.id === id);
      if (f) {
        clearInterval(t);
        resolve(f);
      }
    }, 5);
  });
}

describe('WebSocket transport (serve mode)', () => {
  it('refuses a connection without a token, or with a wrong one, at the upgrade (no frames)', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect('?token=nope')).rejects.toThrow('HTTP 401');
    await expect(connect(`?token=${serve.token}x`)).rejects.toThrow('HTTP 401');
  });

  it('binds to loopback by default and prints a URL carrying the token', () => {
    expect(serve.url).toBe(`http://127.0.0.1:${serve.port}/?token=${serve.token}`);
    expect(serve.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a valid call and returns typed errors for bad calls — never a crash', async () => {
    const { ws, frames } = await connect(`?token=${serve.token}`);
    const ok = await call(ws, frames, 1, 'settings.get', {});
    expect(ok.envelope?.ok).toBe(true);

    const bad = await call(ws, frames, 2, 'settings.update', { trainingDefaults: { batchSize: 'lots' } });
    expect(bad.envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(bad.envelope?.error?.message).toMatch(/trainingDefaults\.batchSize/);

    const extra = await call(ws, frames, 3, 'jobs.get', { id: 'x', sneaky: true });
    expect(extra.envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    const unknown = await call(ws, frames, 4, 'system.formatDisk', {});
    expect(unknown.envelope).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });

    const missing = await call(ws, frames, 5, 'jobs.get', { id: 'job_missing' });
    expect(missing.envelope).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    ws.send('{not json');
    await vi.waitFor(() => expect(frames.some((f) => f.id === null && f.envelope?.error?.code === 'VALIDATION')).toBe(true));

    // Still alive after all that.
    expect((await call(ws, frames, 6, 'jobs.list', {})).envelope?.ok).toBe(true);
    ws.close();
  });

  it('pushes contract events to connected clients', async () => {
    const { ws, frames } = await connect(`?token=${serve.token}`);
    await call(ws, frames, 1, 'settings.update', { computeDevice: 'cpu' });
    await vi.waitFor(() => expect(frames.some((f) => f.type === 'event' && f.event === 'settings.changed')).toBe(true));
    ws.close();
  });
});

describe('IPC transport (Electron)', () => {
  it('routes invokes through the same dispatcher: validation errors come back as envelopes', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipcMain: IpcMainLike = { handle: (ch, fn) => handlers.set(ch, fn), removeHandler: (ch) => handlers.delete(ch) };
    const sent: unknown[][] = [];
    const detach = attachIpcTransport(core, ipcMain, () => [{ send: (...a: unknown[]) => sent.push(a), isDestroyed: () => false }]);
    const invoke = handlers.get(IPC_INVOKE)!;
    expect(await invoke({}, 'settings.update', { executionProvider: 'tpu' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await invoke({}, 'settings.update', { executionProvider: 'cpu' })).toMatchObject({ ok: true });
    expect(sent.some((a) => a[0] === IPC_EVENT && a[1] === 'settings.changed')).toBe(true);
    detach();
    expect(handlers.has(IPC_INVOKE)).toBe(false);
  });
});
